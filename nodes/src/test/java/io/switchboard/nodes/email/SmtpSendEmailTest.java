package io.switchboard.nodes.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.FakeProviderPorts;
import io.switchboard.nodes.ProviderHarness;
import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.messaging.ProviderFailure;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The e-mail node through a workspace's SMTP server: GreenMail on 127.0.0.1, with SMTP auth. */
class SmtpSendEmailTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@acme.test", "mailer", "s3cret"))
      .withPerMethodLifecycle(true);

  private static final UUID SMTP = UUID.randomUUID();
  private static final UUID WRONG_PASSWORD = UUID.randomUUID();

  private final FakeProviderPorts.Messages messages = new FakeProviderPorts.Messages();

  private CredentialResolver credentials() {
    String port = String.valueOf(MAIL.getSmtp().getPort());
    return (tenant, id) -> {
      if (id.equals(SMTP)) {
        return Optional.of(new Credential(id, "smtp", "Office mail", Map.of("host", "127.0.0.1", "port", port,
            "username", "mailer", "password", "s3cret", "tls", "none")));
      }
      if (id.equals(WRONG_PASSWORD)) {
        return Optional.of(new Credential(id, "smtp", "Office mail", Map.of("host", "127.0.0.1", "port", port,
            "username", "mailer", "password", "wrong", "tls", "none")));
      }
      return Optional.empty();
    };
  }

  private ProviderHarness harness(SsrfGuard guard) {
    TestEmailSetup setup = new TestEmailSetup(messages, URI.create("http://127.0.0.1:9/unused"), 100);
    return new ProviderHarness(credentials(), new SendEmail(new FakeProviderPorts.Contacts(), messages, setup,
        new SendGridMail(), new SmtpMail(guard)));
  }

  private static String node(UUID credential) {
    return """
        {'id': 'call', 'type': 'email.send@1', 'name': 'Quote', 'config': {
          'to': '{{ trigger.email }}', 'subject': 'Your quote, {{ trigger.name }}', 'from': 'office@acme.test',
          'fromName': 'Acme Office', 'html': '<p>Your quote: <a href=\\"https://acme.test/q/7\\">view it</a></p>',
          'text': 'Your quote: https://acme.test/q/7', 'credentialId': '%s'}}
        """.formatted(credential);
  }

  @Test
  void shouldSendAMultipartMessageThroughTheWorkspacesSmtpServer() throws Exception {
    try (ProviderHarness h = harness(new SsrfGuard(List.of("127.0.0.1")))) {
      ExecutionRecord done = h.run(node(SMTP), "{'email': 'dana@example.com', 'name': 'Dana'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      MimeMessage[] received = MAIL.getReceivedMessages();
      assertThat(received).hasSize(1);
      MimeMessage mail = received[0];
      assertThat(mail.getSubject()).isEqualTo("Your quote, Dana");
      assertThat(mail.getFrom()[0].toString()).contains("Acme Office", "office@acme.test");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("dana@example.com");
      assertThat(mail.getHeader("List-Unsubscribe")[0]).startsWith("<https://sb.example.test/t/u/");
      MimeMultipart alternative = (MimeMultipart) mail.getContent();
      assertThat(alternative.getContentType()).startsWith("multipart/alternative");
      assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
      assertThat(GreenMailUtil.getBody(alternative.getBodyPart(1))).contains("https://sb.example.test/t/c/", "/t/o/");
      FakeProviderPorts.Recorded recorded = messages.only();
      assertThat(recorded.status()).isEqualTo("sent");
      assertThat(recorded.message().provider()).isEqualTo("smtp");
      assertThat(recorded.providerId()).contains(mail.getMessageID());
      assertThat(done.output().orElseThrow().path("provider").asString()).isEqualTo("smtp");
    }
  }

  @Test
  void shouldLogInWithoutSendingToTestTheConnection() throws Exception {
    SmtpMail smtp = new SmtpMail(new SsrfGuard(List.of("127.0.0.1")));
    int port = MAIL.getSmtp().getPort();
    smtp.check(new EmailAccount.Smtp("k", "127.0.0.1", port, "mailer", "s3cret", EmailAccount.Smtp.Tls.NONE, 10));
    assertThat(MAIL.getReceivedMessages()).isEmpty();
    assertThatThrownBy(() -> smtp.check(new EmailAccount.Smtp("k", "127.0.0.1", port, "mailer", "nope",
        EmailAccount.Smtp.Tls.NONE, 10))).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.code()).isEqualTo("provider_auth"));
    assertThatThrownBy(() -> new SmtpMail(SsrfGuard.strict()).check(new EmailAccount.Smtp("k", "127.0.0.1", port, "mailer",
        "s3cret", EmailAccount.Smtp.Tls.NONE, 10))).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.code()).isEqualTo("smtp_host_refused"));
  }

  @Test
  void shouldFailWithProviderAuthWhenTheServerRefusesThePassword() {
    try (ProviderHarness h = harness(new SsrfGuard(List.of("127.0.0.1")))) {
      ExecutionRecord done = h.run(node(WRONG_PASSWORD), "{'email': 'dana@example.com', 'name': 'Dana'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("provider_auth");
      assertThat(done.error().orElseThrow().path("message").asString()).doesNotContain("wrong");
      assertThat(MAIL.getReceivedMessages()).isEmpty();
      assertThat(messages.only().status()).isEqualTo("failed");
    }
  }

  @Test
  void shouldRefuseAMailServerInsideThePrivateNetworkUnlessThePlatformAllowsIt() {
    try (ProviderHarness h = harness(SsrfGuard.strict())) {
      ExecutionRecord done = h.run(node(SMTP), "{'email': 'dana@example.com', 'name': 'Dana'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("smtp_host_refused");
      assertThat(done.error().orElseThrow().path("message").asString()).contains("private network");
      assertThat(MAIL.getReceivedMessages()).isEmpty();
    }
  }
}
