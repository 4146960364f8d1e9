package io.switchboard.nodes.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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

  List<UUID> search(List<String> terms, int n, UUID[] ids, Map<UUID, Double> scores) {
    Map<Integer, Double> score = new HashMap<>();
    int documents = lengths.length;
    for (String term : terms.stream().distinct().toList()) {
      int[][] posting = postings.get(term);
      if (posting == null) {
        continue;
      }
      int df = posting[0].length;
      double idf = Math.log(1 + (documents - df + 0.5) / (df + 0.5));
      for (int i = 0; i < df; i++) {
        int doc = posting[0][i];
        int tf = posting[1][i];
        double norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / averageLength));
        score.merge(doc, idf * norm, Double::sum);
      }
    }
    PriorityQueue<Map.Entry<Integer, Double>> best = new PriorityQueue<>(Map.Entry.comparingByValue());
    for (Map.Entry<Integer, Double> e : score.entrySet()) {
      best.add(e);
      if (best.size() > n) {
        best.poll();
      }
    }
    List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(best);
    ranked.sort(Map.Entry.<Integer, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    List<UUID> out = new ArrayList<>(ranked.size());
    for (Map.Entry<Integer, Double> e : ranked) {
      UUID id = ids[e.getKey()];
      out.add(id);
      scores.put(id, e.getValue());
    }
    return out;
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
