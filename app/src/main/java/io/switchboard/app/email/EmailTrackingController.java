package io.switchboard.app.email;

import io.switchboard.nodes.email.TrackingTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.net.URI;
import java.util.Base64;
import java.util.Optional;

/**
 * The links inside sent e-mails: {@code /t/o/{token}} (the open pixel), {@code /t/c/{token}} (a
 * tracked link: records the click, then redirects to where the token says — only there, so it is
 * no open redirect) and {@code /t/u/{token}} (unsubscribe: a page asking to confirm, and a POST that
 * unsubscribes, which is also what mail programs' one-click unsubscribe sends). Tokens are signed;
 * anything else is answered 404.
 */
@RestController
public class EmailTrackingController {

  private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final TrackingTokens tokens;
  private final EmailTracking tracking;

  public EmailTrackingController(TrackingTokens tokens, EmailTracking tracking) {
    this.tokens = tokens;
    this.tracking = tracking;
  }

  @GetMapping("/t/o/{token}")
  public ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
    Optional<TrackingTokens.Claims> claims = tokens.verify(TrackingTokens.Kind.OPEN, token);
    if (claims.isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    tracking.record(claims.get(), request.getHeader("User-Agent"));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_GIF).body(PIXEL);
  }

  @GetMapping("/t/c/{token}")
  public ResponseEntity<String> click(@PathVariable String token, HttpServletRequest request) {
    Optional<TrackingTokens.Claims> claims = tokens.verify(TrackingTokens.Kind.CLICK, token).filter(c -> c.url().isPresent());
    if (claims.isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "Link not found", "This link is not valid.");
    }
    tracking.record(claims.get(), request.getHeader("User-Agent"));
    return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(claims.get().url().get()))
        .cacheControl(CacheControl.noStore()).build();
  }

  @GetMapping("/t/u/{token}")
  public ResponseEntity<String> confirmUnsubscribe(@PathVariable String token) {
    if (tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, token).isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "Link not found", "This unsubscribe link is not valid.");
    }
    // a GET only asks: mail scanners open links, and must not unsubscribe anyone
    return page(HttpStatus.OK, "Unsubscribe", "<form method=\"post\"><p>Stop receiving these e-mails?</p>"
        + "<button type=\"submit\">Unsubscribe</button></form>");
  }

  @PostMapping("/t/u/{token}")
  public ResponseEntity<String> unsubscribe(@PathVariable String token, HttpServletRequest request) {
    Optional<TrackingTokens.Claims> claims = tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, token);
    if (claims.isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "Link not found", "This unsubscribe link is not valid.");
    }
    if (!tracking.record(claims.get(), request.getHeader("User-Agent"))) {
      return page(HttpStatus.NOT_FOUND, "Link not found", "This unsubscribe link is no longer valid.");
    }
    return page(HttpStatus.OK, "Unsubscribed", "<p>You are unsubscribed and will receive no more of these e-mails.</p>");
  }

  private static ResponseEntity<String> page(HttpStatus status, String title, String bodyHtml) {
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
        + "<title>" + HtmlUtils.htmlEscape(title) + "</title></head><body style=\"font-family:sans-serif;max-width:32em;"
        + "margin:4em auto\"><h1>" + HtmlUtils.htmlEscape(title) + "</h1>" + bodyHtml + "</body></html>";
    return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.TEXT_HTML)
        .body(html);
  }
}
