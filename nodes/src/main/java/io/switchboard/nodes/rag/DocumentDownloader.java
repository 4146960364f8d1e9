package io.switchboard.nodes.rag;

import io.switchboard.nodes.http.SsrfGuard;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;
import org.apache.tika.Tika;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Fetches a document for a knowledge base from a URL: only through the {@link SsrfGuard} (also on
 * redirects), at most {@code maxBytes}, and only when its content — sniffed from its bytes, with
 * the server's Content-Type as a hint — is a web page, a PDF, a Word document, Markdown or plain
 * text. The result is named with the extension of what it really is, for {@link DocumentExtractor}.
 */
public final class DocumentDownloader implements AutoCloseable {

  public record Downloaded(String fileName, String contentType, byte[] bytes) {}

  private static final Set<String> SCHEMES = Set.of("http", "https");
  private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  private final CloseableHttpClient client;
  private final long maxBytes;
  private final Duration timeout;
  private final Tika tika = new Tika();

  public DocumentDownloader(SsrfGuard guard, long maxBytes, Duration timeout) {
    this.client = guard.httpClient("Switchboard/1 (+knowledge base)", 20, 4);
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /** The document at {@code url}, or why it cannot be added (codes {@code url_*}, {@code file_too_large}, {@code file_empty}). */
  public Downloaded download(String url) throws Refused {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.strip());
    } catch (URISyntaxException e) {
      throw new Refused("url_invalid", "\"" + displayName(url == null ? "" : url) + "\" is not a web address.");
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
      throw new Refused("url_invalid", "\"" + displayName(url) + "\" is not a full http:// or https:// address.");
    }
    HttpGet get = new HttpGet(uri);
    get.setHeader("Accept", "text/html, application/pdf, text/plain, text/markdown, " + DOCX + ";q=0.9, */*;q=0.1");
    Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
    get.setConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit).build());
    try {
      return client.execute(get, response -> read(uri, response));
    } catch (SsrfGuard.RefusedHost refused) {
      throw new Refused("url_refused", refused.getMessage());
    } catch (UnknownHostException e) {
      throw new Refused("url_not_found", "The address " + uri.getHost() + " could not be found.");
    } catch (SocketTimeoutException e) {
      throw new Refused("url_timeout", uri.getHost() + " did not answer within " + timeout.toSeconds() + " seconds.");
    } catch (RefusedIo e) {
      throw e.refused;
    } catch (IOException e) {
      throw new Refused("url_unreachable", "Could not reach " + uri.getHost() + ": " + e.getMessage());
    }
  }

  /** Carries a refusal out of the client's response handler. */
  private static final class RefusedIo extends IOException {
    final Refused refused;

    RefusedIo(Refused refused) {
      super(refused.getMessage());
      this.refused = refused;
    }
  }

  private Downloaded read(URI uri, ClassicHttpResponse response) throws IOException {
    int status = response.getCode();
    if (status >= 300) {
      throw new RefusedIo(new Refused("url_error_status", uri.getHost() + " answered " + status
          + (status == 404 ? " (not found)" : status == 401 || status == 403 ? " (it needs a login)" : "")
          + ": the page could not be downloaded."));
    }
    Header length = response.getFirstHeader("Content-Length");
    if (length != null && parseLong(length.getValue()) > maxBytes) {
      throw new RefusedIo(tooLarge(uri, parseLong(length.getValue())));
    }
    byte[] bytes;
    try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    }
    if (bytes.length > maxBytes) {
      throw new RefusedIo(tooLarge(uri, bytes.length));
    }
    if (bytes.length == 0) {
      throw new RefusedIo(new Refused("file_empty", displayName(uri.toString()) + " answered with nothing to read."));
    }
    Header typeHeader = response.getFirstHeader("Content-Type");
    String declared = typeHeader == null ? "" : typeHeader.getValue().toLowerCase(Locale.ROOT).replaceAll(";.*", "").strip();
    String name = baseName(uri);
    String detected = tika.detect(bytes, name);
    String extension = extension(declared, detected);
    if (extension == null) {
      throw new RefusedIo(new Refused("url_not_a_document", displayName(uri.toString()) + " is not a document a knowledge base can read (it is "
          + (declared.isEmpty() ? detected : declared) + "); add web pages, PDFs, Word documents, Markdown or text."));
    }
    String fileName = name.toLowerCase(Locale.ROOT).endsWith("." + extension) ? name : name + "." + extension;
    return new Downloaded(fileName, declared.isEmpty() ? detected : declared, bytes);
  }

  /** The extension the content really has, or null when it is not a document we read. */
  private static String extension(String declared, String detected) {
    if (detected.equals("application/pdf")) {
      return "pdf";
    }
    if (detected.contains("html") || (detected.startsWith("text/") || detected.contains("xml")) && declared.contains("html")) {
      return "html";
    }
    if ((detected.equals("application/zip") || detected.contains("ooxml") || detected.contains("openxmlformats"))
        && declared.equals(DOCX) || detected.equals(DOCX)) {
      return "docx";
    }
    if (detected.startsWith("text/")) {
      return declared.contains("markdown") || detected.contains("markdown") ? "md" : "txt";
    }
    return null;
  }

  /**
   * The URL as it may be shown and kept: without user info, query or fragment, which can carry
   * tokens (a signed link); at most 255 characters.
   */
  public static String displayName(String url) {
    String shown;
    try {
      URI uri = new URI(url.strip());
      shown = uri.getScheme() == null || uri.getHost() == null ? url.strip().replaceAll("[?#].*", "")
          : uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + (uri.getRawPath() == null ? "" : uri.getRawPath());
    } catch (URISyntaxException e) {
      shown = url.strip().replaceAll("[?#].*", "").replaceAll("//[^/@]*@", "//");
    }
    return shown.length() > 255 ? shown.substring(0, 255) : shown;
  }

  /** The last path segment, safe as a file name; the host for a site's root. */
  private static String baseName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.replaceAll("/+$", "");
    last = last.substring(last.lastIndexOf('/') + 1).replaceAll("[^\\p{L}\\p{N}._-]+", "-");
    String name = last.isBlank() ? uri.getHost() : last;
    return name.length() > 200 ? name.substring(0, 200) : name;
  }

  private Refused tooLarge(URI uri, long size) {
    return new Refused("file_too_large", displayName(uri.toString()) + " is " + Math.max(1, size / (1024 * 1024)) + " MB or more; documents of at most "
        + (maxBytes / (1024 * 1024)) + " MB can be added.");
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
