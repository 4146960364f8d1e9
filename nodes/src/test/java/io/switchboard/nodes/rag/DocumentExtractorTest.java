package io.switchboard.nodes.rag;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading uploaded files, and refusing the ones that cannot or must not be read, each with its reason. */
class DocumentExtractorTest {

  final DocumentExtractor extractor = new DocumentExtractor();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadPdfPagesDocxHeadingsHtmlAndMarkdownSections() throws Exception {
    DocumentExtractor.Extracted pdf = extractor.extract("guide.pdf", TestDocuments.pdf(List.of("Opening hours are 9 to 5.",
        "Parking is free behind the building."), null));
    assertThat(pdf.kind()).isEqualTo("pdf");
    assertThat(pdf.pages()).isEqualTo(2);
    assertThat(pdf.sections()).extracting(DocumentExtractor.Section::heading).containsExactly("Page 1", "Page 2");
    assertThat(pdf.sections().get(1).text()).contains("Parking is free");

    DocumentExtractor.Extracted docx = extractor.extract("policy.docx", TestDocuments.docx(List.of("Refunds", "Shipping"),
        List.of("Refunds within 30 days.", "We ship in 2 days.")));
    assertThat(docx.sections()).containsExactly(new DocumentExtractor.Section("Refunds", "Refunds within 30 days."),
        new DocumentExtractor.Section("Shipping", "We ship in 2 days."));

    DocumentExtractor.Extracted html = extractor.extract("faq.html", utf8("<html><head><title>FAQ</title><script>var x;</script>"
        + "</head><body><h1>Prices</h1><p>A cleaning is $90.</p><ul><li>Whitening $200</li></ul><h2>Hours</h2><p>9 to 5</p></body></html>"));
    assertThat(html.sections()).containsExactly(new DocumentExtractor.Section("Prices", "A cleaning is $90.\nWhitening $200"),
        new DocumentExtractor.Section("Hours", "9 to 5"));

    DocumentExtractor.Extracted md = extractor.extract("notes.md", utf8("Intro line\n# Pets\nDogs are **welcome**.\n## Kids\nSee [play area](http://x)."));
    assertThat(md.sections()).containsExactly(new DocumentExtractor.Section("", "Intro line"),
        new DocumentExtractor.Section("Pets", "Dogs are welcome."), new DocumentExtractor.Section("Kids", "See play area."));
  }

  @Test
  void shouldRefuseEachBadFileWithItsOwnReason() {
    assertRefused("empty.txt", new byte[0], "file_empty", "is empty");
    assertRefused("big.txt", utf8("x".repeat(2_000)), new DocumentExtractor(1_000), "file_too_large", "at most");
    assertRefused("secret.pdf", TestDocuments.pdf(List.of("Top secret"), "pw"), "file_encrypted", "password-protected");
    assertRefused("scan.pdf", TestDocuments.pdf(List.of("", ""), null), "file_no_text", "scanned or image-only");
    assertRefused("broken.pdf", utf8("%PDF-1.7\n1 0 obj garbage"), "file_corrupt", "damaged");
    assertRefused("photo.pdf", TestDocuments.png(), "file_disguised", "an image");
    assertRefused("bomb.docx", TestDocuments.zipBomb(300), "file_zip_bomb", "zip bomb");
    assertRefused("archive.docx", TestDocuments.zip(List.of("a.txt"), List.of(utf8("hello"))), "file_disguised", "not a Word document");
    assertRefused("notes.txt", TestDocuments.pdf(List.of("hello"), null), "file_disguised", "a PDF");
    assertRefused("sheet.xlsx", utf8("x"), "file_unsupported", "PDF, Word");
    assertRefused("blank.md", utf8("   \n\n"), "file_no_text", "no text");
  }

  private void assertRefused(String name, byte[] bytes, String code, String words) {
    assertRefused(name, bytes, extractor, code, words);
  }

  private static void assertRefused(String name, byte[] bytes, DocumentExtractor extractor, String code, String words) {
    assertThatThrownBy(() -> extractor.extract(name, bytes)).as(name).isInstanceOfSatisfying(Refused.class, r -> {
      assertThat(r.code()).as(name).isEqualTo(code);
      assertThat(r.getMessage()).as(name).contains(name).contains(words);
    });
  }

  @Test
  void shouldChunkWithOverlapWithoutCrossingHeadings() {
    String words = String.join(" ", java.util.stream.IntStream.range(0, 400).mapToObj(i -> "w" + i).toList());
    List<Chunker.Chunk> chunks = new Chunker(100, 20).chunk(List.of(new DocumentExtractor.Section("A", words),
        new DocumentExtractor.Section("B", "short section")));
    assertThat(chunks).extracting(Chunker.Chunk::heading).containsExactly("A", "A", "A", "A", "A", "A", "A", "B");
    assertThat(chunks.get(0).text()).startsWith("w0 ").endsWith(" w74");
    assertThat(chunks.get(1).text()).as("15 words of overlap").startsWith("w60 ");
    assertThat(chunks.get(6).text()).startsWith("w360 ").endsWith("w399");
    assertThat(chunks.get(7).text()).isEqualTo("short section");
    assertThat(chunks).extracting(Chunker.Chunk::ordinal).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(130));
  }
}
