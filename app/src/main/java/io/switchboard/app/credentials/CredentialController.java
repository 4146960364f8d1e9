package io.switchboard.app.credentials;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Credentials: add (the secret goes in once), list and read (names and field names only), delete. */
@RestController
@RequestMapping("/api/v1/credentials")
public class CredentialController {

  private final CredentialService credentials;

  private final java.util.List<CredentialTester> testers;

  /** "Test connection": tries the credential against its provider. */
  @PostMapping("/{id}/test")
  public CredentialService.Tested test(@PathVariable UUID id) {
    return credentials.test(CurrentUser.require(), id, testers);
  }

  public CredentialController(CredentialService credentials, java.util.List<CredentialTester> testers) {
    this.testers = testers;
    this.credentials = credentials;
  }

  public record CreateCredential(String name, String type, Map<String, String> secret) {}

  @PostMapping
  public ResponseEntity<CredentialService.Info> create(@RequestBody CreateCredential request) {
    if (request == null) {
      throw ApiException.badRequest("invalid_request", "Send the credential's name, type and secret fields.");
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(credentials.create(CurrentUser.require(), request.name(), request.type(), request.secret()));
  }

  /** The kinds of credential and the fields each needs: what a form for adding one is built from. */
  @GetMapping("/types")
  public List<CredentialTypes.Type> types() {
    CurrentUser.require();
    return CredentialTypes.ALL;
  }

  @GetMapping
  public List<CredentialService.Info> list() {
    return credentials.list(CurrentUser.require());
  }

  @GetMapping("/{id}")
  public CredentialService.Info get(@PathVariable UUID id) {
    return credentials.get(CurrentUser.require(), id).orElseThrow(() -> ApiException.notFound("credential"));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(@PathVariable UUID id) {
    credentials.delete(CurrentUser.require(), id);
    return ResponseEntity.noContent().build();
  }
}
