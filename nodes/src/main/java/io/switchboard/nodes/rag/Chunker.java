package io.switchboard.nodes.rag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a document's sections into overlapping chunks of about {@code size} tokens. A chunk never
 * spans two headings: each carries the heading it sits under, so a retrieved passage says where it
 * came from. Tokens are counted as the embedding model sees them, roughly (words × 4/3).
 */
public final class Chunker {

  /** A passage to embed: its heading, text and estimated token count. */
  public record Chunk(int ordinal, String heading, String text, int tokens) {}

  private final int sizeTokens;
  private final int overlapTokens;

  public Chunker(int sizeTokens, int overlapTokens) {
    if (sizeTokens < 20 || overlapTokens < 0 || overlapTokens >= sizeTokens / 2) {
      throw new IllegalArgumentException("chunk size must be at least 20 tokens and the overlap under half of it");
    }
    this.sizeTokens = sizeTokens;
    this.overlapTokens = overlapTokens;
  }

  /** 200-token chunks with a 40-token overlap: under all-MiniLM-L6-v2's 256 word pieces. */
  public static Chunker defaults() {
    return new Chunker(200, 40);
  }

  public List<Chunk> chunk(List<DocumentExtractor.Section> sections) {
    int sizeWords = Math.max(10, sizeTokens * 3 / 4);
    int overlapWords = overlapTokens * 3 / 4;
    List<Chunk> chunks = new ArrayList<>();
    for (DocumentExtractor.Section section : sections) {
      String[] words = Arrays.stream(section.text().split("\\s+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
      if (words.length == 0) {
        continue;
      }
      int start = 0;
      while (true) {
        int end = Math.min(words.length, start + sizeWords);
        // A short tail joins the chunk before it rather than standing alone.
        if (words.length - end < sizeWords / 4) {
          end = words.length;
        }
        String text = String.join(" ", Arrays.copyOfRange(words, start, end));
        chunks.add(new Chunk(chunks.size(), section.heading(), text, (end - start) * 4 / 3 + 1));
        if (end >= words.length) {
          break;
        }
        start = end - overlapWords;
      }
    }
    return chunks;
  }
}
