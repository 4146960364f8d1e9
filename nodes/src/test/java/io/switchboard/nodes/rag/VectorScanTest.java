package io.switchboard.nodes.rag;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The vector scan (eight running sums, a bounded heap) finds exactly what sorting every dot product finds. */
class VectorScanTest {

  @Test
  void shouldFindTheSameNearestVectorsAsASortOfEveryDotProduct() {
    int size = 90_001;
    int dims = 19; // not a multiple of the eight running sums
    Random random = new Random(7);
    float[] vectors = new float[size * dims];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = (float) random.nextGaussian();
    }
    float[] query = new float[dims];
    for (int d = 0; d < dims; d++) {
      query[d] = (float) random.nextGaussian();
    }
    List<Integer> expected = IntStream.range(0, size).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -exact(vectors, i * dims, query)).thenComparing(i -> i))
        .limit(50).toList();

    List<float[]> found = PostgresVectorStore.top(vectors, size, dims, query, 50);

    assertThat(found).extracting(f -> (int) f[1]).containsExactlyElementsOf(expected);
    assertThat(found.getFirst()[0]).isCloseTo((float) exact(vectors, expected.getFirst() * dims, query), within(1e-4f));
    assertThat(PostgresVectorStore.top(vectors, 3, dims, query, 50)).as("a small index").hasSize(3);
  }

  static double exact(float[] v, int base, float[] q) {
    double dot = 0;
    for (int d = 0; d < q.length; d++) {
      dot += (double) v[base + d] * q[d];
    }
    return dot;
  }
}
