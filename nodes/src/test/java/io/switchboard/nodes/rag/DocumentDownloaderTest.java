package io.switchboard.nodes.rag;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.nodes.http.SsrfGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents fetched by URL from a local server the allow-list lets through (127.0.0.1): types
 * sniffed from the bytes, size limit, error statuses; and loopback addresses not on the list
 * refused before any connection, also when a redirect leads there.
 */
class DocumentDownloaderTest {

  private HttpServer server;
  private DocumentDownloader downloader;
  private final AtomicInteger hitsOnSecret = new AtomicInteger();
  private String base;

  private void serve(String path, String type, byte[] body) {
    server.createContext(path, exchange -> {
      if (type != null) {
        exchange.getResponseHeaders().add("Content-Type", type);
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    serve("/help/parking", "text/html; charset=utf-8",
        "<html><head><title>Parking</title></head><body><h1>Parking</h1><p>Behind the building.</p></body></html>"
            .getBytes(StandardCharsets.UTF_8));
    serve("/files/price-list", "application/octet-stream", TestDocuments.pdf(List.of("Cleaning costs 90 dollars."), null));
    serve("/notes.txt", null, "Opening hours: 9 to 5.".getBytes(StandardCharsets.UTF_8));
    serve("/readme", "text/markdown", "# Returns\nWithin 30 days.".getBytes(StandardCharsets.UTF_8));
    serve("/logo.pdf", "application/pdf", TestDocuments.png());
    serve("/big", "text/plain", "x".repeat(5000).getBytes(StandardCharsets.UTF_8));
    serve("/empty", "text/plain", new byte[0]);
    server.createContext("/", exchange -> {
      byte[] home = "<!DOCTYPE html><html><body><p>Welcome</p></body></html>".getBytes(StandardCharsets.UTF_8);
      boolean root = exchange.getRequestURI().getPath().equals("/");
      exchange.sendResponseHeaders(root ? 200 : 404, root ? home.length : -1);
      if (root) {
        exchange.getResponseBody().write(home);
      }
      exchange.close();
    });
    server.createContext("/secret", exchange -> {
      hitsOnSecret.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + server.getAddress().getPort() + "/secret");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    downloader = new DocumentDownloader(new SsrfGuard(List.of("127.0.0.1")), 4096, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    downloader.close();
    server.stop(0);
  }

  @Test
  void shouldNameEachDocumentByWhatItsBytesAre() throws Exception {
    DocumentDownloader.Downloaded page = downloader.download(base + "/help/parking");
    assertThat(page.fileName()).isEqualTo("parking.html");
    assertThat(page.contentType()).isEqualTo("text/html");
    assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).contains("Behind the building.");

    DocumentDownloader.Downloaded pdf = downloader.download(base + "/files/price-list");
    assertThat(pdf.fileName()).as("a PDF served as octet-stream").isEqualTo("price-list.pdf");
    assertThat(downloader.download(base + "/notes.txt").fileName()).isEqualTo("notes.txt");
    assertThat(downloader.download(base + "/readme").fileName()).isEqualTo("readme.md");
    assertThat(downloader.download(base + "/").fileName()).as("a site's root").isEqualTo("127.0.0.1.html");
  }

  @Test
  void shouldRefuseWhatIsNotADocumentTooLargeOrMissing() {
    assertThatThrownBy(() -> downloader.download(base + "/logo.pdf")).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo("url_not_a_document");
      assertThat(r.getMessage()).contains("PDFs");
    });
    assertThatThrownBy(() -> downloader.download(base + "/big?signature=s3cr3t")).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo("file_too_large");
      assertThat(r.getMessage()).contains("/big").doesNotContain("s3cr3t");
    });
    assertThat(DocumentDownloader.displayName("https://user:pw@files.example.com:8443/a/b.pdf?token=t#x"))
        .isEqualTo("https://files.example.com:8443/a/b.pdf");
    assertThatThrownBy(() -> downloader.download(base + "/empty")).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo("file_empty"));
    assertThatThrownBy(() -> downloader.download(base + "/nothing-here")).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo("url_error_status");
      assertThat(r.getMessage()).contains("404");
    });
    assertThatThrownBy(() -> downloader.download("ftp://example.com/file.pdf")).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo("url_invalid"));
  }

  @Test
  void shouldRefuseLoopbackAddressesNotOnTheAllowListEvenThroughARedirect() {
    String other = "http://127.0.0.2:" + server.getAddress().getPort() + "/secret";
    assertThatThrownBy(() -> downloader.download(other)).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).isEqualTo("url_refused");
      assertThat(r.getMessage()).contains("private network");
    });
    assertThatThrownBy(() -> downloader.download(base + "/moved")).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo("url_refused"));
    DocumentDownloader strict = new DocumentDownloader(SsrfGuard.strict(), 4096, Duration.ofSeconds(5));
    assertThatThrownBy(() -> strict.download(base + "/help/parking")).isInstanceOfSatisfying(Refused.class,
        r -> assertThat(r.code()).isEqualTo("url_refused"));
    assertThat(hitsOnSecret).as("nothing reached the refused address").hasValue(0);
  }
}
