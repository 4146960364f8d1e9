package io.switchboard.nodes.messaging;

import io.switchboard.engine.spi.NodeFailure;

/** A provider refused or failed a request; the message is for the workspace owner. */
public final class ProviderFailure extends NodeFailure {

  public ProviderFailure(String code, String message, boolean retryable) {
    super(code, message, retryable);
  }
}
