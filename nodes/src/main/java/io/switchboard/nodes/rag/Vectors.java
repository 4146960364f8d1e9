package io.switchboard.nodes.rag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vector arithmetic and the bytes a vector is stored as (float32, little-endian). */
public final class Vectors {

  private Vectors() {}

  public static float[] normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float norm = (float) Math.sqrt(sum);
    if (norm == 0f) {
      return v.clone();
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / norm;
    }
    return out;
  }

  public static byte[] toBytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  /** Copies the vector in {@code bytes} into {@code into} at {@code offset}. */
  public static void fromBytes(byte[] bytes, float[] into, int offset) {
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, offset, bytes.length / 4);
  }
}
