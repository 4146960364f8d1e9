package io.switchboard.nodes.rag;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) through LangChain4j's ONNX artifact: offline, no network.
 * Loaded once on first use (about a second); texts longer than its 256 word pieces are cut by the
 * model, which is why chunks stay under that.
 */
public final class MiniLmEmbedder implements Embedder {

  public static final String MODEL_ID = "all-minilm-l6-v2";
  private volatile AllMiniLmL6V2EmbeddingModel model;

  private AllMiniLmL6V2EmbeddingModel model() {
    AllMiniLmL6V2EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          // Runs on the calling thread: the ingestion and search threads are the parallelism.
          model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        }
        m = model;
      }
    }
    return m;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimensions() {
    return 384;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? " " : t)).toList();
    List<Embedding> embeddings = model().embedAll(segments).content();
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      out.add(Vectors.normalise(e.vector()));
    }
    return out;
  }
}
