package io.switchboard.nodes.email;

import io.switchboard.engine.tenancy.TenantId;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a message's bodies trackable: every http(s) link of the HTML goes through the signed click
 * redirect ({@code /t/c/{token}}), an invisible pixel ({@code /t/o/{token}}) reports opens, and an
 * unsubscribe link ({@code /t/u/{token}}) replaces {@code %unsubscribe_url%} or is added at the end
 * of both bodies. The same link goes in the {@code List-Unsubscribe} header.
 */
public final class TrackedContent {

  /** Where a message's author asks for the unsubscribe link; otherwise a footer carries it. */
  public static final String UNSUBSCRIBE_PLACEHOLDER = "%unsubscribe_url%";
  private static final Pattern HREF = Pattern.compile("(?i)(<a\\b[^>]*?\\bhref\\s*=\\s*)([\"'])(https?://[^\"']+)\\2");
  private static final Pattern BODY_END = Pattern.compile("(?i)</body\\s*>");

  /** The bodies as sent, and the unsubscribe address for the header. */
  public record Result(Optional<String> html, Optional<String> text, String unsubscribeUrl) {}

  private final TrackingTokens tokens;
  private final String base;

  public TrackedContent(TrackingTokens tokens, URI publicBaseUrl) {
    this.tokens = tokens;
    String b = publicBaseUrl.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  public Result apply(TenantId tenant, UUID messageId, Optional<String> html, Optional<String> text, boolean track) {
    String unsubscribe = base + "/t/u/" + tokens.sign(TrackingTokens.Kind.UNSUBSCRIBE, tenant, messageId, Optional.empty());
    Optional<String> trackedHtml = html.map(h -> {
      String out = track ? rewriteLinks(h, tenant, messageId) : h;
      if (out.contains(UNSUBSCRIBE_PLACEHOLDER)) {
        out = out.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe));
      } else {
        out = beforeBodyEnd(out, "<p style=\"font-size:12px;color:#777\"><a href=\"" + escape(unsubscribe)
            + "\">Unsubscribe</a> from these e-mails.</p>");
      }
      if (track) {
        String pixel = base + "/t/o/" + tokens.sign(TrackingTokens.Kind.OPEN, tenant, messageId, Optional.empty());
        out = beforeBodyEnd(out, "<img src=\"" + escape(pixel) + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
      }
      return out;
    });
    Optional<String> trackedText = text.map(t -> t.contains(UNSUBSCRIBE_PLACEHOLDER)
        ? t.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe)
        : t + "\n\n--\nUnsubscribe: " + unsubscribe + "\n");
    return new Result(trackedHtml, trackedText, unsubscribe);
  }

  private String rewriteLinks(String html, TenantId tenant, UUID messageId) {
    Matcher m = HREF.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String target = unescape(m.group(3));
      String replacement;
      if (target.contains(UNSUBSCRIBE_PLACEHOLDER) || target.length() > TrackingTokens.MAX_URL_BYTES / 2) {
        replacement = m.group(0);
      } else {
        String click = base + "/t/c/" + tokens.sign(TrackingTokens.Kind.CLICK, tenant, messageId, Optional.of(target));
        replacement = m.group(1) + m.group(2) + escape(click) + m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String beforeBodyEnd(String html, String insert) {
    Matcher end = BODY_END.matcher(html);
    int at = -1;
    while (end.find()) {
      at = end.start();
    }
    return at < 0 ? html + insert : html.substring(0, at) + insert + html.substring(at);
  }

  private static String unescape(String attribute) {
    return attribute.replace("&amp;", "&").replace("&#38;", "&");
  }

  private static String escape(String url) {
    return url.replace("&", "&amp;").replace("\"", "&quot;");
  }
}
