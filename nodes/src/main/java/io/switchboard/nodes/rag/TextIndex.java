package io.switchboard.nodes.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inverted index over chunks' lexemes (as PostgreSQL's {@code to_tsvector('english', …)} wrote
 * them), ranked by BM25 (k1 = 1.2, b = 0.75). A chunk matches when it holds any query lexeme.
 */
final class TextIndex {

  private static final Pattern LEXEME = Pattern.compile("'((?:[^']|'')*)'(?::([0-9A-D,]+))?");
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private final Map<String, int[][]> postings; // lexeme -> {chunk positions in the index, term frequencies}
  private final int[] lengths;
  private final double averageLength;

  private TextIndex(Map<String, int[][]> postings, int[] lengths) {
    this.postings = postings;
    this.lengths = lengths;
    long total = 0;
    for (int l : lengths) {
      total += l;
    }
    this.averageLength = lengths.length == 0 ? 1 : Math.max(1, (double) total / lengths.length);
  }

  /** The lexemes of a {@code tsquery} or {@code tsvector} in text form. */
  static List<String> lexemes(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    Matcher m = LEXEME.matcher(text);
    while (m.find()) {
      out.add(m.group(1).replace("''", "'"));
    }
    return out;
  }

  /**
   * The best {@code n} chunks by BM25, best first, their scores put in {@code scores}, and in
   * {@code coverage} the share of the query's specificity each holds: the idf of the query lexemes
   * it contains over the idf of them all (a lexeme no chunk holds counts as the most specific).
   * Scores add up in a dense array (no boxing: a common lexeme's posting list holds thousands of chunks).
   */
  List<UUID> search(List<String> terms, int n, UUID[] ids, Map<UUID, Double> scores, Map<UUID, Double> coverage) {
    int documents = lengths.length;
    float[] score = new float[documents];
    float[] covered = new float[documents];
    double specificity = 0;
    int[] touched = new int[64];
    int touchedCount = 0;
    for (String term : terms.stream().distinct().toList()) {
      int[][] posting = postings.get(term);
      int df = posting == null ? 0 : posting[0].length;
      float idf = (float) Math.log(1 + (documents - df + 0.5) / (df + 0.5));
      specificity += idf;
      if (posting == null) {
        continue;
      }
      int[] docs = posting[0];
      int[] tfs = posting[1];
      for (int i = 0; i < df; i++) {
        int doc = docs[i];
        int tf = tfs[i];
        if (score[doc] == 0f) {
          if (touchedCount == touched.length) {
            touched = java.util.Arrays.copyOf(touched, touched.length * 2);
          }
          touched[touchedCount++] = doc;
        }
        score[doc] += idf * (float) (tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / averageLength)));
        covered[doc] += idf;
      }
    }
    // a bounded min-heap of positions, ordered by score (ties: the later position is worse)
    int[] heap = new int[Math.min(n, touchedCount)];
    int size = 0;
    for (int t = 0; t < touchedCount; t++) {
      int doc = touched[t];
      if (size < heap.length) {
        heap[size] = doc;
        siftUp(heap, size++, score);
      } else if (size > 0 && worse(heap[0], doc, score)) {
        heap[0] = doc;
        siftDown(heap, size, score);
      }
    }
    Integer[] ranked = new Integer[size];
    for (int i = 0; i < size; i++) {
      ranked[i] = heap[i];
    }
    java.util.Arrays.sort(ranked, (a, b) -> worse(a, b, score) ? 1 : worse(b, a, score) ? -1 : 0);
    List<UUID> out = new ArrayList<>(size);
    for (int doc : ranked) {
      UUID id = ids[doc];
      out.add(id);
      scores.put(id, (double) score[doc]);
      coverage.put(id, specificity == 0 ? 0 : covered[doc] / specificity);
    }
    return out;
  }

  /** Whether chunk {@code a} ranks below chunk {@code b}. */
  private static boolean worse(int a, int b, float[] score) {
    return score[a] < score[b] || score[a] == score[b] && a > b;
  }

  private static void siftUp(int[] heap, int at, float[] score) {
    while (at > 0) {
      int parent = (at - 1) / 2;
      if (!worse(heap[at], heap[parent], score)) {
        return;
      }
      int t = heap[at];
      heap[at] = heap[parent];
      heap[parent] = t;
      at = parent;
    }
  }

  private static void siftDown(int[] heap, int size, float[] score) {
    int at = 0;
    while (true) {
      int left = 2 * at + 1;
      int right = left + 1;
      int worst = at;
      if (left < size && worse(heap[left], heap[worst], score)) {
        worst = left;
      }
      if (right < size && worse(heap[right], heap[worst], score)) {
        worst = right;
      }
      if (worst == at) {
        return;
      }
      int t = heap[at];
      heap[at] = heap[worst];
      heap[worst] = t;
      at = worst;
    }
  }

  /** Collects chunks' lexemes in index order. */
  static final class Builder {
    private final Map<String, List<int[]>> postings = new HashMap<>();
    private final List<Integer> lengths = new ArrayList<>();

    void add(int position, String tsvector) {
      int length = 0;
      Matcher m = LEXEME.matcher(tsvector == null ? "" : tsvector);
      while (m.find()) {
        int tf = m.group(2) == null ? 1 : m.group(2).split(",").length;
        length += tf;
        postings.computeIfAbsent(m.group(1).replace("''", "'"), k -> new ArrayList<>()).add(new int[] {position, tf});
      }
      while (lengths.size() < position) {
        lengths.add(0);
      }
      lengths.add(length);
    }

    TextIndex build(int size) {
      Map<String, int[][]> compact = new HashMap<>(postings.size() * 2);
      for (Map.Entry<String, List<int[]>> e : postings.entrySet()) {
        List<int[]> list = e.getValue();
        int[][] p = new int[2][list.size()];
        for (int i = 0; i < list.size(); i++) {
          p[0][i] = list.get(i)[0];
          p[1][i] = list.get(i)[1];
        }
        compact.put(e.getKey(), p);
      }
      int[] lens = new int[size];
      for (int i = 0; i < Math.min(size, lengths.size()); i++) {
        lens[i] = lengths.get(i);
      }
      return new TextIndex(compact, lens);
    }
  }
}
