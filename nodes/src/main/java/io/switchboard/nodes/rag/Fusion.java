package io.switchboard.nodes.rag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reciprocal-rank fusion: each list adds 1 / (k + rank) to an item's score; k = 60 as in the original paper. */
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
}
