package io.switchboard.nodes.rag;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.Tika;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Text and headings out of an uploaded PDF, DOCX, HTML, Markdown or text file. The file's real type
 * is read from its bytes, so a renamed file is refused as disguised; empty, oversized, encrypted,
 * corrupt, zip-bomb and image-only files are refused with a reason.
 */
public final class DocumentExtractor {

  /** A heading (empty before the first) and the text under it. */
  public record Section(String heading, String text) {}

  /** What was read: the kind of file, its pages (1 for files without pages) and its sections. */
  public record Extracted(String kind, int pages, List<Section> sections) {

    public int characters() {
      return sections.stream().mapToInt(s -> s.text().length()).sum();
    }
  }

  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
  private static final long MAX_UNZIPPED = 200L * 1024 * 1024;
  private static final int MAX_ZIP_RATIO = 100;

  private final long maxBytes;
  private final Tika tika = new Tika();

  public DocumentExtractor(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public DocumentExtractor() {
    this(DEFAULT_MAX_BYTES);
  }

  public Extracted extract(String fileName, byte[] bytes) throws Refused {
    String name = fileName == null ? "" : fileName.strip();
    if (bytes.length == 0) {
      throw new Refused("file_empty", name + " is empty.");
    }
    if (bytes.length > maxBytes) {
      throw new Refused("file_too_large", name + " is " + mb(bytes.length) + "; files of at most " + mb(maxBytes) + " can be added.");
    }
    String extension = extension(name);
    String detected = tika.detect(bytes);
    Extracted extracted = switch (extension) {
      case "pdf" -> {
        expect(name, detected, detected.equals("application/pdf"), "a PDF");
        yield pdf(name, bytes);
      }
      case "docx" -> {
        if (detected.equals("application/x-tika-msoffice")) {
          throw new Refused("file_encrypted", name + " is password-protected (or an old .doc file saved as .docx); "
              + "save it without a password as a .docx and upload it again.");
        }
        expect(name, detected, detected.equals("application/zip") || detected.contains("openxmlformats") || detected.contains("ooxml"),
            "a Word document");
        yield docx(name, bytes);
      }
      case "html", "htm" -> {
        expect(name, detected, detected.startsWith("text/") || detected.contains("html") || detected.contains("xml"), "a web page");
        yield html(text(name, bytes));
      }
      case "md", "markdown" -> {
        expect(name, detected, detected.startsWith("text/"), "a Markdown file");
        yield markdown(text(name, bytes));
      }
      case "txt", "text", "csv" -> {
        expect(name, detected, detected.startsWith("text/"), "a text file");
        yield new Extracted("text", 1, List.of(new Section("", text(name, bytes))));
      }
      default -> throw new Refused("file_unsupported", name + ": only PDF, Word (.docx), HTML, Markdown and text files can be "
          + "added to a knowledge base.");
    };
    if (extracted.sections().stream().allMatch(s -> s.text().isBlank())) {
      throw new Refused("file_no_text", extension.equals("pdf")
          ? name + " has no text to index: it looks like a scanned or image-only PDF (text recognition is not supported)."
          : name + " contains no text to index.");
    }
    return extracted;
  }

  private static void expect(String name, String detected, boolean ok, String what) throws Refused {
    if (!ok) {
      throw new Refused("file_disguised", name + " is named like " + what + " but its content is " + describe(detected)
          + "; it was not added.");
    }
  }

  private static String describe(String mime) {
    return switch (mime) {
      case "application/zip" -> "a zip archive";
      case "application/pdf" -> "a PDF";
      case "application/octet-stream" -> "unrecognised binary data";
      default -> mime.startsWith("image/") ? "an image (" + mime + ")" : mime;
    };
  }

  private Extracted pdf(String name, byte[] bytes) throws Refused {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      int pages = doc.getNumberOfPages();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      List<Section> sections = new ArrayList<>(pages);
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String text = stripper.getText(doc).strip();
        if (!text.isEmpty()) {
          sections.addAll(headed(text, "Page " + p));
        }
      }
      return new Extracted("pdf", pages, sections);
    } catch (InvalidPasswordException e) {
      throw new Refused("file_encrypted", name + " is password-protected; remove the password and upload it again.");
    } catch (IOException e) {
      throw new Refused("file_corrupt", name + " is damaged and cannot be read as a PDF (" + e.getMessage() + ").");
    }
  }

  // Lines that look like headings (short, no final full stop, title-like) start sections inside a PDF page.
  private static List<Section> headed(String pageText, String pageLabel) {
    List<Section> out = new ArrayList<>();
    String heading = pageLabel;
    StringBuilder body = new StringBuilder();
    for (String line : pageText.split("\\R")) {
      String l = line.strip();
      if (looksLikeHeading(l)) {
        if (!body.isEmpty()) {
          out.add(new Section(heading, body.toString().strip()));
          body.setLength(0);
        }
        heading = l;
      } else {
        body.append(l).append('\n');
      }
    }
    if (!body.isEmpty()) {
      out.add(new Section(heading, body.toString().strip()));
    }
    return out;
  }

  private static boolean looksLikeHeading(String l) {
    if (l.isEmpty() || l.length() > 80 || l.endsWith(".") || l.endsWith(",") || l.endsWith(";")) {
      return false;
    }
    if (l.matches("^(#{1,6} |\\d+(\\.\\d+)*\\.? )[\\p{Lu}].*")) {
      return true;
    }
    int words = l.split("\\s+").length;
    return words <= 8 && l.equals(l.toUpperCase(Locale.ROOT)) && l.chars().anyMatch(Character::isLetter);
  }

  private Extracted docx(String name, byte[] bytes) throws Refused {
    byte[] documentXml = null;
    long total = 0;
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (++entries > 10_000) {
          throw new Refused("file_zip_bomb", name + " holds an unreasonable number of parts; it was not opened.");
        }
        ByteArrayOutputStream out = entry.getName().equals("word/document.xml") ? new ByteArrayOutputStream() : null;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = zip.read(buffer)) > 0) {
          total += n;
          if (total > MAX_UNZIPPED || total > (long) bytes.length * MAX_ZIP_RATIO + 10 * 1024 * 1024) {
            throw new Refused("file_zip_bomb", name + " expands to far more data than a document holds (a zip bomb?); it was not opened.");
          }
          if (out != null) {
            out.write(buffer, 0, n);
          }
        }
        if (out != null) {
          documentXml = out.toByteArray();
        }
      }
    } catch (IOException e) {
      throw new Refused("file_corrupt", name + " is damaged and cannot be opened as a Word document (" + e.getMessage() + ").");
    }
    if (documentXml == null) {
      throw new Refused("file_disguised", name + " is a zip archive but not a Word document (it has no word/document.xml).");
    }
    return new Extracted("docx", 1, wordSections(name, documentXml));
  }

  private static List<Section> wordSections(String name, byte[] xml) throws Refused {
    List<Section> sections = new ArrayList<>();
    String heading = "";
    StringBuilder body = new StringBuilder();
    try {
      XMLInputFactory factory = XMLInputFactory.newFactory();
      factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      StringBuilder paragraph = new StringBuilder();
      boolean headingParagraph = false;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String local = r.getLocalName();
          if (local.equals("p")) {
            paragraph.setLength(0);
            headingParagraph = false;
          } else if (local.equals("pStyle")) {
            String style = r.getAttributeValue(null, "val");
            for (int i = 0; style == null && i < r.getAttributeCount(); i++) {
              if (r.getAttributeLocalName(i).equals("val")) {
                style = r.getAttributeValue(i);
              }
            }
            headingParagraph = style != null && (style.toLowerCase(Locale.ROOT).startsWith("heading") || style.equalsIgnoreCase("Title"));
          } else if (local.equals("t")) {
            paragraph.append(r.getElementText());
          } else if (local.equals("tab") || local.equals("br")) {
            paragraph.append(' ');
          }
        } else if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("p")) {
          String text = paragraph.toString().strip();
          if (headingParagraph && !text.isEmpty()) {
            if (!body.isEmpty()) {
              sections.add(new Section(heading, body.toString().strip()));
              body.setLength(0);
            }
            heading = text;
          } else if (!text.isEmpty()) {
            body.append(text).append('\n');
          }
        }
      }
    } catch (XMLStreamException e) {
      throw new Refused("file_corrupt", name + " is damaged: its text could not be read (" + e.getMessage() + ").");
    }
    if (!body.isEmpty()) {
      sections.add(new Section(heading, body.toString().strip()));
    }
    return sections;
  }

  static Extracted html(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, nav, noscript, template, svg").remove();
    List<Section> sections = new ArrayList<>();
    String heading = doc.title() == null ? "" : doc.title().strip();
    StringBuilder body = new StringBuilder();
    for (Element e : doc.body().select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, th, dt, dd")) {
      if (e.tagName().matches("h[1-6]")) {
        if (!body.isEmpty()) {
          sections.add(new Section(heading, body.toString().strip()));
          body.setLength(0);
        }
        heading = e.text().strip();
      } else if (e.parents().stream().noneMatch(p -> p.tagName().matches("p|li|pre|blockquote|td|th|dd"))) {
        String text = e.tagName().equals("pre") ? e.wholeText() : e.text();
        if (!text.isBlank()) {
          body.append(text.strip()).append('\n');
        }
      }
    }
    if (!body.isEmpty()) {
      sections.add(new Section(heading, body.toString().strip()));
    }
    if (sections.isEmpty() && !doc.body().text().isBlank()) {
      sections.add(new Section(heading, doc.body().text().strip()));
    }
    return new Extracted("html", 1, sections);
  }

  static Extracted markdown(String text) {
    List<Section> sections = new ArrayList<>();
    String heading = "";
    StringBuilder body = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\\R")) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced && line.matches("^#{1,6}\\s+.*")) {
        if (!body.isEmpty()) {
          sections.add(new Section(heading, body.toString().strip()));
          body.setLength(0);
        }
        heading = line.replaceFirst("^#{1,6}\\s+", "").replaceAll("#+\\s*$", "").strip();
      } else {
        body.append(line.replaceAll("!?\\[([^]]*)]\\([^)]*\\)", "$1").replaceAll("[*_`]{1,3}", "")).append('\n');
      }
    }
    if (!body.toString().isBlank()) {
      sections.add(new Section(heading, body.toString().strip()));
    }
    return new Extracted("markdown", 1, sections);
  }

  private static String text(String name, byte[] bytes) throws Refused {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString()
          .replace("\uFEFF", "");
    } catch (CharacterCodingException e) {
      // Not UTF-8: Windows-1252 is the usual other encoding of text files and decodes any byte.
      String text = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
      if (text.chars().filter(c -> c == 0).count() > 0) {
        throw new Refused("file_disguised", name + " is named like a text file but holds binary data.");
      }
      return text;
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024d * 1024d));
  }

  /** For callers holding a stream. */
  public Extracted extract(String fileName, InputStream in) throws Refused, IOException {
    return extract(fileName, in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)));
  }
}
