package io.switchboard.nodes.rag;

import java.util.List;

/** Turns texts into unit-length vectors, in-process. {@link #modelId()} changes when vectors stop being comparable. */
public interface Embedder {

  String modelId();

  int dimensions();

  List<float[]> embed(List<String> texts);

  default float[] embed(String text) {
    return embed(List.of(text)).getFirst();
  }
}
