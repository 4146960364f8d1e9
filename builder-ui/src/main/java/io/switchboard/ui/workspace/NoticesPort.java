package io.switchboard.ui.workspace;

import java.util.Optional;

/** What the main layout warns the signed-in workspace about, in a banner above every page. */
public interface NoticesPort {

  /** When the workspace has used its plan's monthly runs (new runs are refused with 402 until next month or an upgrade). */
  Optional<Notice> quota();

  /**
   * When billing needs attention (a failed payment, a grace period ending). The billing service
   * ({@code GET /api/v1/billing}) is being added on another branch; until it is merged this
   * answers nothing and the banner shows quota notices only.
   */
  Optional<Notice> billing();

  record Notice(String code, String message) {}
}
