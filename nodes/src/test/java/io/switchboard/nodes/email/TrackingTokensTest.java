package io.switchboard.nodes.email;

import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingTokensTest {

  private final TrackingTokens tokens = new TrackingTokens(TestEmailSetup.KEY);
  private final TenantId tenant = TenantId.random();
  private final UUID message = UUID.randomUUID();

  @Test
  void shouldVerifyWhatItSignedAndNothingElse() {
    String click = tokens.sign(TrackingTokens.Kind.CLICK, tenant, message, Optional.of("https://acme.test/é?x=1"));

    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, click)).hasValueSatisfying(c -> {
      assertThat(c.tenant()).isEqualTo(tenant);
      assertThat(c.messageId()).isEqualTo(message);
      assertThat(c.url()).contains("https://acme.test/é?x=1");
    });
    // another kind, another key, a changed payload or signature: all refused
    assertThat(tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, click)).isEmpty();
    assertThat(new TrackingTokens("another-key-another-key-another-key!".getBytes()).verify(TrackingTokens.Kind.CLICK, click))
        .isEmpty();
    String other = tokens.sign(TrackingTokens.Kind.CLICK, tenant, message, Optional.of("https://evil.test/"));
    String spliced = other.substring(0, other.indexOf('.')) + click.substring(click.indexOf('.'));
    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, spliced)).isEmpty();
    // the first character of the MAC carries six whole bits (the last one's low bits are padding)
    int mac = click.indexOf('.') + 1;
    char first = click.charAt(mac);
    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, click.substring(0, mac) + (first == 'A' ? 'B' : 'A')
        + click.substring(mac + 1))).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, "garbage")).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, "a.b.c")).isEmpty();
  }

  @Test
  void shouldRewriteLinksAddThePixelAndPlaceTheUnsubscribeLink() {
    TrackedContent content = new TrackedContent(tokens, URI.create("https://sb.example.test"));
    String html = "<html><body><a href='https://a.test/x'>A</a> <a class=\"b\" href=\"mailto:x@y.z\">mail</a> "
        + "<a href=\"%unsubscribe_url%\">stop</a></body></html>";

    TrackedContent.Result result = content.apply(tenant, message, Optional.of(html), Optional.of("Bye %unsubscribe_url%"), true);

    String out = result.html().orElseThrow();
    assertThat(out).contains("href='https://sb.example.test/t/c/").contains("href=\"mailto:x@y.z\"")
        .contains("href=\"" + result.unsubscribeUrl() + "\"").doesNotContain(">Unsubscribe</a>")
        .containsPattern("<img src=\"https://sb.example.test/t/o/[^\"]+\" width=\"1\"[^>]*></body></html>$");
    assertThat(result.text()).contains("Bye " + result.unsubscribeUrl());
    String unsubscribeToken = result.unsubscribeUrl().substring("https://sb.example.test/t/u/".length());
    assertThat(tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, unsubscribeToken))
        .hasValueSatisfying(c -> assertThat(c.messageId()).isEqualTo(message));

    TrackedContent.Result untracked = content.apply(tenant, message, Optional.of("<p><a href=\"https://a.test/\">A</a></p>"),
        Optional.empty(), false);
    assertThat(untracked.html().orElseThrow()).contains("href=\"https://a.test/\"").doesNotContain("/t/o/")
        .endsWith(">Unsubscribe</a> from these e-mails.</p>");
    assertThat(untracked.text()).isEmpty();
  }
}
