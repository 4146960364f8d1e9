package io.switchboard.ui.canvas;

import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.component.react.ReactAdapterComponent;
import com.vaadin.flow.component.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The workflow canvas: React Flow ({@code @xyflow/react}) in the browser, see
 * {@code src/main/frontend/flow-canvas.tsx}. It holds the layout and connections while the user
 * edits; every change comes back whole through {@link #onGraphChanged}, in the workflow file
 * format's {@code nodes} and {@code edges}.
 */
@Tag("flow-canvas")
@NpmPackage(value = "@xyflow/react", version = "12.12.1")
@JsModule("./flow-canvas.tsx")
public class FlowCanvas extends ReactAdapterComponent implements com.vaadin.flow.component.HasSize {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private int rev;
  private int patchSeq;
  private int focusSeq;
  private String draftKey;

  /** A node type as the palette and the canvas show it. */
  public record PaletteEntry(String key, String name, String category, String description, String kind,
                             List<String> inputs, List<Port> ports) {}

  public record Port(String name, String label) {}

  public FlowCanvas() {
    setState("readOnly", false);
    getElement().getStyle().set("display", "block");
  }

  public void setReadOnly(boolean readOnly) {
    setState("readOnly", readOnly);
  }

  public void setNodeTypes(Collection<PaletteEntry> types) {
    setState("types", JSON.valueToTree(List.copyOf(types)));
  }

  /**
   * Replaces what the canvas shows (and its undo history) with {@code nodes} and {@code edges} in
   * the workflow file format; {@code ports} gives each node's output ports by node id.
   */
  public void setGraph(ArrayNode nodes, ArrayNode edges, Map<String, List<Port>> ports) {
    setGraph(nodes, edges, ports, false);
  }

  /**
   * As {@link #setGraph(ArrayNode, ArrayNode, Map)}; {@code unsaved} says the graph is not saved
   * (an import, restored draft), so the browser keeps it as a draft at once (see {@link #keepDrafts}).
   */
  public void setGraph(ArrayNode nodes, ArrayNode edges, Map<String, List<Port>> ports, boolean unsaved) {
    ArrayNode withPorts = NODES.arrayNode();
    for (JsonNode n : nodes) {
      ObjectNode copy = ((ObjectNode) n).deepCopy();
      List<Port> p = ports.get(n.path("id").asString());
      if (p != null) {
        copy.set("ports", JSON.valueToTree(p));
      }
      withPorts.add(copy);
    }
    ObjectNode model = NODES.objectNode();
    model.put("rev", ++rev);
    model.set("nodes", withPorts);
    model.set("edges", edges.deepCopy());
    model.put("unsaved", unsaved);
    setState("model", model);
  }

  /** Changes one node's name, settings, failure handling, switched-off state and output ports on the canvas. */
  public void patchNode(String id, String name, ObjectNode config, JsonNode options, boolean disabled, List<Port> ports) {
    ObjectNode node = NODES.objectNode();
    node.put("id", id);
    node.put("name", name);
    node.set("config", config.deepCopy());
    node.set("options", options == null ? NODES.nullNode() : options.deepCopy());
    node.put("disabled", disabled);
    node.set("ports", JSON.valueToTree(ports));
    ObjectNode patch = NODES.objectNode();
    patch.put("seq", ++patchSeq);
    patch.set("nodes", NODES.arrayNode().add(node));
    setState("patch", patch);
  }

  /** The number of the last node change sent with {@link #patchNode}; the canvas reports which it has seen. */
  public int lastPatch() {
    return patchSeq;
  }

  /**
   * From now on, every change made on the canvas (and every panel change it is sent) is kept in
   * the browser's localStorage under {@code key}, with the workflow's id and the version the
   * changes are based on, so that an expired session or a closed tab loses nothing.
   */
  public void keepDrafts(String key, String workflowId, int baseVersion) {
    draftKey = key;
    ObjectNode draft = NODES.objectNode();
    draft.put("key", key);
    draft.put("workflowId", workflowId);
    draft.put("baseVersion", baseVersion);
    setState("draft", draft);
  }

  /** Forgets the kept draft (after a save, or when the person discards it). */
  public void clearDraft() {
    if (draftKey != null) {
      getElement().executeJs("try { localStorage.removeItem($0); } catch (e) { /* storage switched off */ }", draftKey);
    }
  }

  /** Reads the kept draft, if the browser has one: the JSON text written by the canvas. */
  public void readDraft(Consumer<Optional<String>> callback) {
    if (draftKey == null) {
      callback.accept(Optional.empty());
      return;
    }
    getElement().executeJs("try { return localStorage.getItem($0); } catch (e) { return null; }", draftKey)
        .then(String.class, text -> callback.accept(Optional.ofNullable(text).filter(t -> !t.isBlank())),
            error -> callback.accept(Optional.empty()));
  }

  /** Run statuses by node id (succeeded, failed, running, waiting); empty clears them. */
  public void setStatuses(Map<String, String> statuses) {
    setState("statuses", JSON.valueToTree(statuses));
  }

  /** Problem sentences by node id, shown on the nodes. */
  public void setProblems(Map<String, List<String>> problems) {
    setState("problems", JSON.valueToTree(problems));
  }

  /** Selects a node and brings it into view. */
  public void focusNode(String id) {
    ObjectNode focus = NODES.objectNode();
    focus.put("seq", ++focusSeq);
    focus.put("id", id);
    setState("focus", focus);
  }

  /**
   * Called with the whole graph ({@code {nodes, edges, seenPatch}}) after every change made on the
   * canvas; {@code seenPatch} is the last {@link #patchNode} change the canvas had applied.
   */
  public void onGraphChanged(Consumer<ObjectNode> listener) {
    getElement().addEventListener("graph-changed", e -> {
      JsonNode detail = e.getEventData().get("event.detail");
      listener.accept((ObjectNode) JSON.readTree(detail.asString()));
    }).addEventData("event.detail");
  }

  /** Called with the selected node's id, or an empty text when none (or several) is selected. */
  public void onNodeSelected(Consumer<String> listener) {
    getElement().addEventListener("node-selected", e -> listener.accept(e.getEventData().get("event.detail").asString()))
        .addEventData("event.detail");
  }
}
