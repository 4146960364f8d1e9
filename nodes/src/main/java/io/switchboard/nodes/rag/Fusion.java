package io.switchboard.nodes.rag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal-rank fusion: each list adds 1 / (k + rank) to an item's score; k = 60 as in the original
 * paper. The weighted form scales a full-text hit's share by how much of the query it covers, so
 * passages sharing one common word with the question ("white" of "Bradford White") do not outvote
 * the vector ranking.
 */
final class Fusion {

  static final int K = 60;

  private Fusion() {}

  static Map<UUID, Double> reciprocalRank(List<UUID> first, List<UUID> second) {
    Map<UUID, Double> score = new LinkedHashMap<>();
    for (int i = 0; i < first.size(); i++) {
      score.merge(first.get(i), 1d / (K + i + 1), Double::sum);
    }
    for (int i = 0; i < second.size(); i++) {
      score.merge(second.get(i), 1d / (K + i + 1), Double::sum);
    }
    return score;
  }

  /** As {@link #reciprocalRank}, a text hit adding {@code weight(id)} / (k + rank), its weight in [0, 1]. */
  static Map<UUID, Double> weightedReciprocalRank(List<UUID> vector, List<UUID> text, Map<UUID, Double> textWeight) {
    Map<UUID, Double> score = new LinkedHashMap<>();
    for (int i = 0; i < vector.size(); i++) {
      score.merge(vector.get(i), 1d / (K + i + 1), Double::sum);
    }
    for (int i = 0; i < text.size(); i++) {
      score.merge(text.get(i), textWeight.getOrDefault(text.get(i), 1d) / (K + i + 1), Double::sum);
    }
    return score;
  }
}
