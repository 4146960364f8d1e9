package io.switchboard.nodes.email;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.FakeProviderPorts;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** The e-mail node's port for tests: sandbox at a local server, counts from the fake message log. */
final class TestEmailSetup implements EmailSetup {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef-test".getBytes();

  private final FakeProviderPorts.Messages messages;
  private final URI sandboxBase;
  final int defaultLimit;
  Optional<String> from = Optional.of("hello@acme.test");

  TestEmailSetup(FakeProviderPorts.Messages messages, URI sandboxBase, int defaultLimit) {
    this.messages = messages;
    this.sandboxBase = sandboxBase;
    this.defaultLimit = defaultLimit;
  }

  @Override
  public Optional<String> fromAddress(TenantId tenant) {
    return from;
  }

  @Override
  public EmailAccount.SendGrid sandbox(TenantId tenant) {
    return new EmailAccount.SendGrid("sandbox", "SB.sandbox-key", sandboxBase, true, defaultLimit);
  }

  @Override
  public URI sendGridApi() {
    return sandboxBase;
  }

  @Override
  public int defaultDailyLimit() {
    return defaultLimit;
  }

  @Override
  public long sentSince(TenantId tenant, String accountKey, Instant since) {
    return messages.all.stream().filter(r -> !r.status().equals("refused") && !r.status().equals("failed"))
        .filter(r -> accountKey.equals(r.message().details().path("account").asString())).count();
  }

  @Override
  public URI publicBaseUrl() {
    return URI.create("https://sb.example.test/");
  }

  @Override
  public TrackingTokens trackingTokens() {
    return new TrackingTokens(KEY);
  }
}
