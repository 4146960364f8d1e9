package io.switchboard.engine.execution;

import io.switchboard.engine.graph.Edge;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.NodeOptions;
import io.switchboard.engine.graph.RetryPolicy;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.engine.spi.WaitSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure step function of the engine. It decides what runs next and how a node's result moves
 * the execution on — routing outputs along edges, forking parallel branches, joining merges,
 * iterating loops, scheduling retries and parking waits — and does no I/O: no clock (time is an
 * argument), no randomness (jitter is an argument), no database. {@code ExecutionRunner} does the
 * I/O around it. An ArchUnit test keeps it so.
 */
public final class Interpreter {

  /** A loop never iterates more than this, whatever its configuration says. */
  public static final int MAX_LOOP_ITEMS = 10_000;
  public static final String LOOP_ITEM_PORT = "item";
  public static final String LOOP_DONE_PORT = "done";
  public static final String LOOP_NEXT_INPUT = "next";
  public static final String ERROR_PORT = "error";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final NodeCatalog catalog;

  public Interpreter(NodeCatalog catalog) {
    this.catalog = catalog;
  }

  /** A new execution whose trigger node {@code triggerNodeId} received {@code payload}. */
  public ExecutionState start(WorkflowGraph graph, String triggerNodeId, JsonNode payload) {
    if (graph.node(triggerNodeId).isEmpty()) {
      throw new IllegalArgumentException("the workflow has no node " + triggerNodeId);
    }
    Token first = Token.fresh("t1", triggerNodeId, "trigger", payload);
    return new ExecutionState(List.of(first), Map.of(), Map.of(), Map.of(), Map.of(), payload, null,
        Optional.empty(), 1, 2);
  }

  /** A new execution parked until a runner picks it up (a webhook answered 202 at once). */
  public ExecutionState queued(WorkflowGraph graph, String triggerNodeId, JsonNode payload, Instant at) {
    ExecutionState started = start(graph, triggerNodeId, payload);
    Token first = started.ready().getFirst();
    return new ExecutionState(List.of(), Map.of(first.id(), new Parked(first, Optional.of(at), Optional.empty(),
        Parked.QUEUED)), Map.of(), Map.of(), Map.of(), payload, null, Optional.empty(), 1, 2);
  }

  /** The state with a Respond node's answer for the webhook caller. */
  public ExecutionState withResponse(ExecutionState state, JsonNode response) {
    return new ExecutionState(state.ready(), state.parked(), state.loops(), state.merges(), state.outputs(),
        state.trigger(), state.lastOutput(), Optional.of(response), state.nextSeq(), state.nextTokenId());
  }

  /** The state of a cancelled execution: nothing ready, nothing waiting. */
  public ExecutionState cancelled(ExecutionState state) {
    return new ExecutionState(List.of(), Map.of(), Map.of(), Map.of(), state.outputs(), state.trigger(),
        state.lastOutput(), state.response(), state.nextSeq(), state.nextTokenId());
  }

  /**
   * A replay: a new execution that starts at {@code nodeId} with the input that node had, and the
   * outputs of the nodes before it as they were.
   */
  public ExecutionState replayFrom(ExecutionState original, String nodeId, JsonNode input) {
    Token first = Token.fresh("t1", nodeId, Edge.DEFAULT_INPUT, input);
    return new ExecutionState(List.of(first), Map.of(), Map.of(), Map.of(), original.outputs(), original.trigger(),
        null, Optional.empty(), 1, 2);
  }

  /** The next activation to run, if any is ready. */
  public Optional<Token> next(ExecutionState state) {
    return state.ready().isEmpty() ? Optional.empty() : Optional.of(state.ready().getFirst());
  }

  /**
   * Applies the result of running {@code token} (which must be the head of the ready list).
   *
   * @param now    the current time, for due times of waits and retries
   * @param random a number in [0, 1) for retry jitter
   */
  public Transition apply(WorkflowGraph graph, ExecutionState state, Token token, NodeResult result, Instant now,
                          double random) {
    Work w = new Work(state);
    w.ready.removeIf(t -> t.id().equals(token.id()));
    Node node = graph.node(token.nodeId()).orElseThrow();
    int seq = w.nextSeq++;
    return switch (result) {
      case NodeResult.Emit emit -> emitted(graph, w, node, token, emit, seq);
      case NodeResult.Wait wait -> {
        WaitSpec spec = wait.until();
        Token parkedToken = token.withMemo(wait.memo());
        Parked parked = switch (spec) {
          case WaitSpec.Until until -> new Parked(parkedToken, Optional.of(until.at()), Optional.empty(), Parked.WAIT);
          case WaitSpec.ForEvent event -> new Parked(parkedToken, event.timeoutAt(), Optional.of(event.eventKey()), Parked.WAIT);
        };
        w.parked.put(token.id(), parked);
        yield new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.WAITING,
            Optional.empty(), Optional.empty()), Optional.empty());
      }
      case NodeResult.Fail fail -> failed(graph, w, node, token, fail, seq, now, random);
    };
  }

  /**
   * Wakes a parked token: its wait ended because its time came ({@code time}), its event arrived
   * ({@code event}, with the payload) or it timed out ({@code timeout}). A retry simply runs again.
   * Empty when no such token is parked (already resumed: the caller must then do nothing).
   */
  public Optional<ExecutionState> resume(ExecutionState state, String tokenId, String kind, Optional<String> eventKey,
                                         JsonNode payload) {
    Parked parked = state.parked().get(tokenId);
    if (parked == null) {
      return Optional.empty();
    }
    Work w = new Work(state);
    w.parked.remove(tokenId);
    Token token = Parked.WAIT.equals(parked.reason()) ? parked.token().resumed(kind, eventKey, payload) : parked.token();
    w.ready.add(token);
    return Optional.of(w.freeze());
  }

  /**
   * When nothing is ready and nothing waits, merges still holding branches let them through (a
   * branch that was not taken will never arrive) and loops whose body did not come back end.
   */
  public ExecutionState settle(WorkflowGraph graph, ExecutionState state) {
    if (!state.ready().isEmpty() || !state.parked().isEmpty()) {
      return state;
    }
    Work w = new Work(state);
    for (Map.Entry<String, MergeFrame> e : new ArrayList<>(w.merges.entrySet())) {
      if (!e.getValue().arrived().isEmpty() && !e.getValue().passed()) {
        w.merges.remove(e.getKey());
        w.enqueue(e.getKey(), Edge.DEFAULT_INPUT, mergedData(graph, e.getValue()));
      } else {
        w.merges.remove(e.getKey());
      }
    }
    if (w.ready.isEmpty()) {
      for (Map.Entry<String, LoopFrame> e : new ArrayList<>(w.loops.entrySet())) {
        w.loops.remove(e.getKey());
        Node loop = graph.node(e.getKey()).orElseThrow();
        ObjectNode done = JSON.objectNode();
        done.set("results", e.getValue().results());
        route(graph, w, loop, LOOP_DONE_PORT, done);
      }
    }
    return w.freeze();
  }

  private Transition emitted(WorkflowGraph graph, Work w, Node node, Token token, NodeResult.Emit emit, int seq) {
    JsonNode output = emit.output() == null ? JSON.nullNode() : emit.output();
    NodeKind kind = kindOf(node);
    if (kind == NodeKind.LOOP) {
      return startLoop(graph, w, node, output, seq);
    }
    w.outputs.put(node.name(), output);
    w.lastOutput = output;
    route(graph, w, node, emit.port(), output);
    return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.SUCCEEDED,
        Optional.of(emit.port()), Optional.empty()), Optional.empty());
  }

  // A loop node's own run computes its items; the interpreter then hands them to the body one by one.
  private Transition startLoop(WorkflowGraph graph, Work w, Node loop, JsonNode items, int seq) {
    if (!items.isArray()) {
      Transition.Failure failure = new Transition.Failure(loop.id(), loop.name(), "loop_not_a_list",
          "The loop \"" + loop.name() + "\" needs a list to go through, but got " + describe(items) + ".");
      return fail(w, seq, failure);
    }
    if (items.size() > MAX_LOOP_ITEMS) {
      Transition.Failure failure = new Transition.Failure(loop.id(), loop.name(), "loop_too_many_items",
          "The loop \"" + loop.name() + "\" got " + items.size() + " items; it goes through at most " + MAX_LOOP_ITEMS + ".");
      return fail(w, seq, failure);
    }
    ArrayNode list = (ArrayNode) items;
    if (list.isEmpty()) {
      ObjectNode done = JSON.objectNode();
      done.set("results", JSON.arrayNode());
      route(graph, w, loop, LOOP_DONE_PORT, done);
      return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.SUCCEEDED,
          Optional.of(LOOP_DONE_PORT), Optional.empty()), Optional.empty());
    }
    w.loops.put(loop.id(), new LoopFrame(list, 0, JSON.arrayNode()));
    emitItem(graph, w, loop, list, 0);
    return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.SUCCEEDED,
        Optional.of(LOOP_ITEM_PORT), Optional.empty()), Optional.empty());
  }

  private Transition failed(WorkflowGraph graph, Work w, Node node, Token token, NodeResult.Fail fail, int seq,
                            Instant now, double random) {
    RetryPolicy policy = node.options().retry().orElse(graph.settings().retry());
    Transition.Failure failure = new Transition.Failure(node.id(), node.name(), fail.code(), fail.message());
    if (policy.retries(fail.code(), fail.retryable(), token.attempt())) {
      Instant due = now.plus(policy.delayAfter(token.attempt(), random));
      w.parked.put(token.id(), new Parked(token.nextAttempt(), Optional.of(due), Optional.empty(), Parked.RETRY));
      return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.RETRYING,
          Optional.empty(), Optional.of(failure)), Optional.empty());
    }
    NodeOptions.OnError onError = node.options().onError();
    if (onError != NodeOptions.OnError.FAIL) {
      ObjectNode error = JSON.objectNode();
      error.put("code", fail.code());
      error.put("message", fail.message());
      error.put("node", node.name());
      String port = onError == NodeOptions.OnError.ERROR_PORT ? ERROR_PORT : firstPort(node);
      w.outputs.put(node.name(), error);
      w.lastOutput = error;
      route(graph, w, node, port, error);
      return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.FAILED,
          Optional.of(port), Optional.of(failure)), Optional.empty());
    }
    return fail(w, seq, failure);
  }

  private static Transition fail(Work w, int seq, Transition.Failure failure) {
    return new Transition(w.freeze(), new Transition.StepOutcome(seq, Transition.StepOutcome.FAILED, Optional.empty(),
        Optional.of(failure)), Optional.of(failure));
  }

  /** Hands {@code data} along every edge leaving {@code node} by {@code port}. */
  private void route(WorkflowGraph graph, Work w, Node node, String port, JsonNode data) {
    for (Edge edge : graph.outgoing(node.id(), port)) {
      Optional<Node> found = graph.node(edge.to());
      if (found.isEmpty()) {
        continue;
      }
      Node target = found.get();
      if (target.disabled()) {
        // A switched-off step lets its input straight through to its first port.
        route(graph, w, target, firstPort(target), data);
        continue;
      }
      NodeKind kind = kindOf(target);
      if (kind == NodeKind.LOOP && LOOP_NEXT_INPUT.equals(edge.toInput())) {
        nextLoopItem(graph, w, target, data);
      } else if (kind == NodeKind.MERGE) {
        arriveAtMerge(graph, w, target, edge, data);
      } else {
        w.enqueue(target.id(), edge.toInput(), data);
      }
    }
  }

  private void nextLoopItem(WorkflowGraph graph, Work w, Node loop, JsonNode bodyResult) {
    LoopFrame frame = w.loops.get(loop.id());
    if (frame == null) {
      return; // the body came back after the loop already ended
    }
    ArrayNode results = frame.results().deepCopy();
    results.add(bodyResult);
    int next = frame.index() + 1;
    if (next < frame.items().size()) {
      w.loops.put(loop.id(), new LoopFrame(frame.items(), next, results));
      emitItem(graph, w, loop, frame.items(), next);
    } else {
      w.loops.remove(loop.id());
      ObjectNode done = JSON.objectNode();
      done.set("results", results);
      w.outputs.put(loop.name(), done);
      w.lastOutput = done;
      route(graph, w, loop, LOOP_DONE_PORT, done);
    }
  }

  private void arriveAtMerge(WorkflowGraph graph, Work w, Node merge, Edge edge, JsonNode data) {
    boolean first = "first".equals(merge.config().path("mode").asString("all"));
    MergeFrame frame = w.merges.getOrDefault(merge.id(), new MergeFrame(Map.of(), false));
    if (first) {
      if (!frame.passed()) {
        w.merges.put(merge.id(), new MergeFrame(Map.of(), true));
        w.enqueue(merge.id(), Edge.DEFAULT_INPUT, data);
      }
      return;
    }
    Map<String, JsonNode> arrived = new LinkedHashMap<>(frame.arrived());
    arrived.put(edge.from() + ":" + edge.fromPort(), data);
    Set<String> expected = new HashSet<>();
    for (Edge in : graph.incoming(merge.id())) {
      expected.add(in.from() + ":" + in.fromPort());
    }
    if (arrived.keySet().containsAll(expected)) {
      w.merges.remove(merge.id());
      w.enqueue(merge.id(), Edge.DEFAULT_INPUT, mergedData(graph, new MergeFrame(arrived, false)));
    } else {
      w.merges.put(merge.id(), new MergeFrame(arrived, false));
    }
  }

  // A merge's input: each branch's data under the name of the node it came from.
  private static JsonNode mergedData(WorkflowGraph graph, MergeFrame frame) {
    ObjectNode merged = JSON.objectNode();
    frame.arrived().forEach((edgeKey, data) -> {
      String nodeId = edgeKey.substring(0, edgeKey.lastIndexOf(':'));
      String name = graph.node(nodeId).map(Node::name).orElse(nodeId);
      merged.set(name, data);
    });
    return merged;
  }

  // Within the body, the loop's output (nodes["Loop name"]) is the current item.
  private void emitItem(WorkflowGraph graph, Work w, Node loop, ArrayNode items, int index) {
    ObjectNode item = loopItem(items, index);
    w.outputs.put(loop.name(), item);
    route(graph, w, loop, LOOP_ITEM_PORT, item);
  }

  private static ObjectNode loopItem(ArrayNode items, int index) {
    ObjectNode item = JSON.objectNode();
    item.set("item", items.get(index));
    item.put("index", index);
    item.put("total", items.size());
    return item;
  }

  private NodeKind kindOf(Node node) {
    return catalog.descriptor(node.type()).map(d -> d.kind()).orElse(NodeKind.ACTION);
  }

  private String firstPort(Node node) {
    List<PortSpec> ports = catalog.outputPorts(node.type(), node.config());
    return ports.isEmpty() ? Edge.DEFAULT_PORT : ports.getFirst().name();
  }

  private static String describe(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    return value.isObject() ? "an object" : value.isString() ? "a piece of text" : value.isNumber() ? "a number" : "a " + value.getNodeType().name().toLowerCase();
  }

  /** Mutable working copy of a state within one transition. */
  private static final class Work {
    final List<Token> ready;
    final Map<String, Parked> parked;
    final Map<String, LoopFrame> loops;
    final Map<String, MergeFrame> merges;
    final Map<String, JsonNode> outputs;
    final JsonNode trigger;
    JsonNode lastOutput;
    Optional<JsonNode> response;
    int nextSeq;
    int nextTokenId;

    Work(ExecutionState s) {
      ready = new ArrayList<>(s.ready());
      parked = new LinkedHashMap<>(s.parked());
      loops = new LinkedHashMap<>(s.loops());
      merges = new LinkedHashMap<>(s.merges());
      outputs = new LinkedHashMap<>(s.outputs());
      trigger = s.trigger();
      lastOutput = s.lastOutput();
      response = s.response();
      nextSeq = s.nextSeq();
      nextTokenId = s.nextTokenId();
    }

    void enqueue(String nodeId, String input, JsonNode data) {
      ready.add(Token.fresh("t" + nextTokenId++, nodeId, input, data));
    }

    ExecutionState freeze() {
      return new ExecutionState(ready, parked, loops, merges, outputs, trigger, lastOutput, response, nextSeq, nextTokenId);
    }
  }
}
