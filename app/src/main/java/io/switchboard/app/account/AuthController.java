package io.switchboard.app.account;

import io.switchboard.app.security.ApiTokens;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.LoginService;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.ui.account.AccountPort;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Sign-up and API tokens: {@code /api/v1/auth}, plus {@code /api/v1/me}. */
@RestController
@RequestMapping("/api/v1")
public class AuthController {

  private final LoginService logins;
  private final ApiTokens tokens;
  private final AccountService accounts;

  private final Invitations invitations;

  public record AcceptInvitation(String password, String displayName) {}

  /** What an invitation link is for (no sign-in needed: the link is the secret). */
  @GetMapping("/auth/invitations/{token}")
  public Invitations.Invitation invitation(@org.springframework.web.bind.annotation.PathVariable String token) {
    return invitations.show(token);
  }

  /** Sets the invited person's password; they then sign in with their e-mail. */
  @PostMapping("/auth/invitations/{token}/accept")
  public Map<String, String> accept(@org.springframework.web.bind.annotation.PathVariable String token,
                                    @RequestBody AcceptInvitation request) {
    String email = invitations.accept(token, request == null ? null : request.password(),
        request == null ? null : request.displayName());
    return Map.of("email", email, "next", "Sign in with " + email + " and your new password.");
  }

  public AuthController(LoginService logins, ApiTokens tokens, AccountService accounts, Invitations invitations) {
    this.invitations = invitations;
    this.logins = logins;
    this.tokens = tokens;
    this.accounts = accounts;
  }

  public record TokenRequest(String email, String password) {}

  public record TokenResponse(String token, String tokenType, Instant expiresAt) {}

  public record SignUpRequest(String companyName, String yourName, String email, String password, String timezone) {}

  public record SignUpResponse(UUID tenantId, String slug, UUID userId) {}

  public record Me(UUID tenantId, String tenantName, UUID userId, String email, String role, boolean superadmin) {}

  @PostMapping("/auth/token")
  public TokenResponse token(@RequestBody TokenRequest request, HttpServletRequest http) {
    if (request == null || request.email() == null || request.password() == null) {
      throw ApiException.badRequest("invalid_request", "Send a JSON body with 'email' and 'password'.");
    }
    SwitchboardUser user = logins.authenticate(request.email(), request.password(), http.getRemoteAddr());
    ApiTokens.Issued issued = tokens.issueSession(user);
    return new TokenResponse(issued.token(), "Bearer", issued.expiresAt().orElseThrow());
  }

  @DeleteMapping("/auth/token")
  public ResponseEntity<Void> signOut(@RequestHeader("Authorization") String authorization) {
    tokens.revokeSession(CurrentUser.require(), authorization.substring(7).trim());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/auth/signup")
  public ResponseEntity<SignUpResponse> signUp(@RequestBody SignUpRequest request) {
    if (request == null) {
      throw ApiException.badRequest("invalid_request", "Send a JSON body with companyName, email and password.");
    }
    try {
      AccountService.CreatedTenant created = accounts.register(new AccountPort.SignUpForm(request.companyName(),
          request.yourName(), request.email(), request.password(), request.timezone()));
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(new SignUpResponse(created.tenantId().value(), created.slug(), created.ownerId()));
    } catch (AccountPort.SignUpRejected e) {
      throw rejected(e);
    }
  }

  @GetMapping("/me")
  public Me me() {
    SwitchboardUser u = CurrentUser.require();
    return new Me(u.tenantId().value(), u.tenantName(), u.userId(), u.email(), u.role().dbValue(), u.superadmin());
  }

  static ApiException rejected(AccountPort.SignUpRejected e) {
    HttpStatus status = e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    return new ApiException(status, e.field().map(f -> "invalid_" + f).orElse("invalid_request"), e.getMessage());
  }
}
