package io.switchboard.engine.graph;

import tools.jackson.core.JacksonException;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes the JSON form of a workflow graph, as documented in docs/workflow-format.md.
 *
 * <p>Reading is all or nothing: a file that is not a Switchboard workflow, or that breaks the format
 * anywhere, gives a {@link WorkflowFormatException} with a stable code and a plain sentence, never
 * part of a graph. Writing is stable: equal graphs give equal bytes, fields in a fixed order, so
 * versions can be compared line by line.
 */
public final class WorkflowJson {

  /**
   * How much a workflow file may hold.
   *
   * @param maxBytes size of the file in bytes
   * @param maxNodes number of steps
   * @param maxEdges number of connections
   */
  public record Limits(int maxBytes, int maxNodes, int maxEdges) {

    public static final Limits DEFAULTS = new Limits(5 * 1024 * 1024, 2_000, 10_000);

    public Limits {
      if (maxBytes < 1 || maxNodes < 0 || maxEdges < 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  /** Config is rarely nested more than a few levels; a deep file is an attack or an accident. */
  private static final int MAX_NESTING = 200;

  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  // Fixed "\n" line ends (not the platform's) so the bytes are the same everywhere.
  private static final PrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
      .withObjectNameValueSpacing(Separators.Spacing.AFTER)
      .withObjectEmptySeparator("")
      .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private final Limits limits;

  public WorkflowJson() {
    this(Limits.DEFAULTS);
  }

  public WorkflowJson(Limits limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  /** Reads a workflow from the bytes of a file (UTF-8 JSON). */
  public WorkflowGraph read(byte[] json) {
    checkSize(json.length);
    return read(parse(json));
  }

  public WorkflowGraph read(String json) {
    // a UTF-8 encoding is never shorter than the string, so a long string is too large already
    checkSize(json.length());
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads at most the size limit from {@code in}; the stream is left open. */
  public WorkflowGraph read(InputStream in) throws IOException {
    byte[] json = in.readNBytes(limits.maxBytes() + 1);
    checkSize(json.length);
    return read(parse(json));
  }

  /** Reads a workflow already parsed, such as a request body; the size of the text is not checked. */
  public WorkflowGraph read(JsonNode json) {
    return new WorkflowJsonReader(limits).read(json);
  }

  /** The workflow as indented JSON with "\n" line ends, ending with one, as text files do. */
  public String write(WorkflowGraph graph) {
    return MAPPER.writer().with(PRETTY).writeValueAsString(toTree(graph)) + "\n";
  }

  public byte[] writeBytes(WorkflowGraph graph) {
    return write(graph).getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON tree {@link #write} prints, for embedding in API responses. */
  public ObjectNode toTree(WorkflowGraph graph) {
    return WorkflowJsonWriter.graph(graph);
  }

  private void checkSize(long bytes) {
    if (bytes > limits.maxBytes()) {
      throw new WorkflowFormatException(WorkflowFormatException.TOO_LARGE,
          "This file is larger than %s, the most a workflow file can be.".formatted(size(limits.maxBytes())));
    }
  }

  private static String size(int bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }

  private static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (StreamConstraintsException e) {
      throw new WorkflowFormatException(WorkflowFormatException.TOO_LARGE,
          "This file nests values more than %d levels deep, more than a workflow ever needs.".formatted(MAX_NESTING));
    } catch (JacksonException e) {
      String near = near(e.getLocation());
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate Object property")) {
        throw new WorkflowFormatException(WorkflowFormatException.DUPLICATE_FIELD,
            "This file is not a Switchboard workflow: it has the same field twice in one place" + near + ".");
      }
      throw new WorkflowFormatException(WorkflowFormatException.NOT_JSON,
          "This file is not a Switchboard workflow: it is not valid JSON" + near + ".");
    }
  }

  private static String near(TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (near line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr());
  }
}
