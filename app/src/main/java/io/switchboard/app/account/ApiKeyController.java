package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.ApiTokens;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API keys for programs acting for the workspace. The key is shown once, when created. */
@RestController
@RequestMapping("/api/v1/api-keys")
public class ApiKeyController {

  private final ApiTokens tokens;
  private final TenantDatabase db;
  private final AuditLog audit;

  public ApiKeyController(ApiTokens tokens, TenantDatabase db, AuditLog audit) {
    this.tokens = tokens;
    this.db = db;
    this.audit = audit;
  }

  public record CreateKey(String name) {}

  public record CreatedKey(UUID id, String name, String key, String notice) {}

  public record KeyView(UUID id, String name, String hint, Instant createdAt, Instant lastUsedAt) {}

  @GetMapping
  public List<KeyView> list() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "see API keys");
    return tokens.listApiKeys(user).stream()
        .map(k -> new KeyView(k.id(), k.name(), k.hint(), k.createdAt(), k.lastUsedAt().orElse(null)))
        .toList();
  }

  @PostMapping
  public ResponseEntity<CreatedKey> create(@RequestBody(required = false) CreateKey request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "create API keys");
    String name = request == null || request.name() == null || request.name().isBlank() ? "API key" : request.name().trim();
    if (name.length() > 100) {
      throw ApiException.badRequest("invalid_name", "Name the key in at most 100 characters.");
    }
    ApiTokens.Issued issued = tokens.issueApiKey(user, name);
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "api_key.created", "api_key",
        issued.id().toString(), Map.of("name", name)));
    return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedKey(issued.id(), name, issued.token(),
        "Copy this key now: it is not shown again."));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> revoke(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "revoke API keys");
    if (!tokens.revokeApiKey(user, id)) {
      throw ApiException.notFound("API key");
    }
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "api_key.revoked", "api_key",
        id.toString(), Map.of()));
    return ResponseEntity.noContent().build();
  }

}
