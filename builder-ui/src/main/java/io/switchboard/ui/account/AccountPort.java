package io.switchboard.ui.account;

import java.util.Optional;

/** What the UI asks of accounts; the application implements it. */
public interface AccountPort {

  /** Creates a workspace and its owner, or says in words what to fix. */
  void signUp(SignUpForm form) throws SignUpRejected;

  /** The signed-in user's workspace, if someone is signed in. */
  Optional<Workspace> currentWorkspace();

  /** Who an invitation link is for, or empty when it expired or was used. */
  default Optional<Invitation> invitation(String token) {
    return Optional.empty();
  }

  /** Sets the invited person's password; returns the e-mail they sign in with, or says what to fix. */
  default String acceptInvitation(String token, String password, String displayName) throws SignUpRejected {
    throw new SignUpRejected(null, "Invitations are not available.");
  }

  record Invitation(String workspace, String email, String displayName, String role) {}

  record SignUpForm(String companyName, String yourName, String email, String password, String timezone) {}

  /**
   * Who is signed in and where. {@code tenantId} and {@code userId} let views call the engine's
   * services under the signed-in user's tenant, exactly as the REST API does.
   */
  record Workspace(String tenantName, String userEmail, String role, boolean superadmin,
                   io.switchboard.engine.tenancy.TenantId tenantId, java.util.UUID userId) {}

  /** A sign-up that cannot go ahead; {@code field} names the form field to fix, if one. */
  final class SignUpRejected extends Exception {
    private final String field;
    private final boolean conflict;

    public SignUpRejected(String field, String message) {
      this(field, message, false);
    }

    /** {@code conflict}: the request is fine but clashes with what exists (a taken e-mail). */
    public SignUpRejected(String field, String message, boolean conflict) {
      super(message);
      this.field = field;
      this.conflict = conflict;
    }

    public boolean conflict() {
      return conflict;
    }

    public Optional<String> field() {
      return Optional.ofNullable(field);
    }
  }
}
