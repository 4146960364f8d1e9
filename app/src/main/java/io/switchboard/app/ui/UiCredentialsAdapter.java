package io.switchboard.app.ui;

import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.credentials.CredentialTester;
import io.switchboard.app.credentials.CredentialTypes;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.credentials.CredentialsPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The credentials page's side of {@link CredentialService}, for the signed-in user: the same rules as the REST API. */
@Service
public class UiCredentialsAdapter implements CredentialsPort {

  private final CredentialService credentials;
  private final List<CredentialTester> testers;

  public UiCredentialsAdapter(CredentialService credentials, List<CredentialTester> testers) {
    this.credentials = credentials;
    this.testers = testers;
  }

  @Override
  public List<CredentialKind> kinds() {
    return CredentialTypes.ALL.stream().map(t -> new CredentialKind(t.type(), t.label(), t.description(),
        t.fields().stream().map(f -> new Field(f.key(), f.label(), f.help(), f.secret(), f.required(), f.options())).toList()))
        .toList();
  }

  @Override
  public List<Stored> list() {
    return Refusals.call(() -> credentials.list(CurrentUser.require()).stream().map(UiCredentialsAdapter::stored).toList());
  }

  @Override
  public Stored add(String name, String type, Map<String, String> secret) {
    return Refusals.call(() -> stored(credentials.create(CurrentUser.require(), name, type, secret)));
  }

  @Override
  public TestResult test(UUID id) {
    return Refusals.call(() -> {
      CredentialService.Tested t = credentials.test(CurrentUser.require(), id, testers);
      return new TestResult(t.ok(), t.message(), t.testedAt());
    });
  }

  @Override
  public void delete(UUID id) {
    Refusals.run(() -> credentials.delete(CurrentUser.require(), id));
  }

  private static Stored stored(CredentialService.Info i) {
    return new Stored(i.id(), i.name(), i.type(), i.fields(), i.createdAt());
  }
}
