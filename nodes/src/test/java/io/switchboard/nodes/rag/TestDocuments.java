package io.switchboard.nodes.rag;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files made in the test: PDFs (plain, encrypted, image-only), a DOCX, a zip bomb. */
final class TestDocuments {

  private TestDocuments() {}

  /** One page per entry; each page's lines are wrapped at about 90 characters. */
  static byte[] pdf(List<String> pages, String password) {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        if (text.isEmpty()) {
          continue; // an image-only page has no text layer
        }
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 10);
          content.setLeading(12);
          content.newLineAtOffset(40, 750);
          for (String line : wrap(text, 90)) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      if (password != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy(password, password, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new java.util.ArrayList<>();
    for (String paragraph : text.split("\n")) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.split(" ")) {
        if (line.length() + word.length() + 1 > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(line.isEmpty() ? "" : " ").append(word);
      }
      lines.add(line.toString());
    }
    return lines.stream().limit(58).toList();
  }

  /** A Word document: {@code headings[i]} as Heading1 followed by {@code bodies[i]}. */
  static byte[] docx(List<String> headings, List<String> bodies) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w="
        + "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    for (int i = 0; i < headings.size(); i++) {
      xml.append("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>").append(headings.get(i)).append("</w:t></w:r></w:p>");
      xml.append("<w:p><w:r><w:t xml:space=\"preserve\">").append(bodies.get(i)).append("</w:t></w:r></w:p>");
    }
    xml.append("</w:body></w:document>");
    return zip(List.of("[Content_Types].xml", "word/document.xml"),
        List.of("<Types/>".getBytes(StandardCharsets.UTF_8), xml.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** A small zip whose one entry expands to {@code megabytes} of zeros. */
  static byte[] zipBomb(int megabytes) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("word/media/filler.bin"));
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < megabytes; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
      zip.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zip(List<String> names, List<byte[]> contents) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < names.size(); i++) {
        zip.putNextEntry(new ZipEntry(names.get(i)));
        zip.write(contents.get(i));
        zip.closeEntry();
      }
      zip.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first bytes of a PNG image. */
  static byte[] png() {
    byte[] b = new byte[256];
    byte[] header = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
    System.arraycopy(header, 0, b, 0, header.length);
    return b;
  }
}
