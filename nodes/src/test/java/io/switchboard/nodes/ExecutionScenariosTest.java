package io.switchboard.nodes;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.StepRecord;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole executions through the runner, the built-in nodes and a clock the test moves. */
class ExecutionScenariosTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A graph written with single quotes for readability; the schema version is added when left out. */
  static WorkflowGraph graph(String json) {
    tools.jackson.databind.node.ObjectNode tree = (tools.jackson.databind.node.ObjectNode) JSON.readTree(json.replace('\'', '"'));
    if (!tree.has("schemaVersion")) {
      tree.put("schemaVersion", WorkflowGraph.CURRENT_SCHEMA_VERSION);
    }
    return new io.switchboard.engine.graph.WorkflowJson().read(tree);
  }

  static JsonNode json(String json) {
    return JSON.readTree(json.replace('\'', '"'));
  }

  @Test
  void shouldRunWebhookSetConditionRespondToTheEndAndRecordEveryStep() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook', 'config': {'respond': 'respond_node'}},
            {'id': 'set', 'type': 'logic.set@1', 'name': 'Score', 'config': {'fields': [
               {'name': 'score', 'value': '{{ trigger.body.visits * 10 }}'},
               {'name': 'greeting', 'value': 'Hi {{ trigger.body.name }}'}]}},
            {'id': 'if', 'type': 'logic.condition@1', 'name': 'Hot lead?', 'config': {'condition': 'nodes[\\"Score\\"].score > 50'}},
            {'id': 'hot', 'type': 'logic.respond@1', 'name': 'Hot', 'config': {'status': 200, 'body': {'lead': 'hot', 'msg': '{{ nodes[\\"Score\\"].greeting }}'}}},
            {'id': 'cold', 'type': 'logic.respond@1', 'name': 'Cold', 'config': {'status': 202, 'body': {'lead': 'cold'}}}],
           'edges': [
            {'from': 'hook', 'to': 'set'}, {'from': 'set', 'to': 'if'},
            {'from': 'if', 'fromPort': 'true', 'to': 'hot'}, {'from': 'if', 'fromPort': 'false', 'to': 'cold'}]}
          """));
      ExecutionRecord done = h.start(wf, "hook", json("{'body': {'visits': 7, 'name': 'Ana'}}"));

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("body").path("lead").asString()).isEqualTo("hot");
      assertThat(done.output().orElseThrow().path("body").path("msg").asString()).isEqualTo("Hi Ana");
      List<StepRecord> steps = h.store.steps(h.tenant, done.id());
      assertThat(steps).extracting(StepRecord::nodeId).containsExactly("hook", "set", "if", "hot");
      assertThat(steps.get(1).output().orElseThrow().path("score").asInt()).isEqualTo(70);
      assertThat(steps.get(2).port()).contains("true");
      assertThat(steps).allSatisfy(s -> assertThat(s.status()).isEqualTo("succeeded"));
    }
  }

  @Test
  void shouldSleepThreeDaysInTheDatabaseAndResumeWhenTheClockJumps() throws Exception {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait 3 days', 'config': {'mode': 'duration', 'duration': '3d'}},
            {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': [{'name': 'woke', 'value': 'yes'}]}}],
           'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
          """));
      Instant startedAt = h.now.get();
      ExecutionRecord waiting = h.start(wf, "start", json("{}"));
      assertThat(waiting.status()).isEqualTo(ExecutionStatus.WAITING);
      assertThat(h.store.nextDue()).contains(startedAt.plus(Duration.ofDays(3)));

      h.advance(Duration.ofDays(2));
      h.sweeper.sweepOnce();
      assertThat(h.load(waiting.id()).status()).as("not due yet").isEqualTo(ExecutionStatus.WAITING);

      assertThat(h.jumpToNextWakeup()).isTrue();
      ExecutionRecord done = h.load(waiting.id());
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("woke").asString()).isEqualTo("yes");
      assertThat(h.store.waitCount()).isZero();
    }
  }

  @Test
  void shouldResumeAWaitForReplyWhenTheReplyArrivesAndTimeOutOtherwise() throws Exception {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.wait-event@1', 'name': 'Wait for reply',
             'config': {'eventKey': 'sms-reply:{{ trigger.phone }}', 'timeout': '2d'}},
            {'id': 'replied', 'type': 'logic.set@1', 'name': 'Replied', 'config': {'fields': [{'name': 'path', 'value': 'reply'}]}},
            {'id': 'silent', 'type': 'logic.set@1', 'name': 'Silent', 'config': {'fields': [{'name': 'path', 'value': 'timeout'}]}}],
           'edges': [{'from': 'start', 'to': 'wait'},
                     {'from': 'wait', 'fromPort': 'received', 'to': 'replied'},
                     {'from': 'wait', 'fromPort': 'timeout', 'to': 'silent'}]}
          """));
      ExecutionRecord a = h.start(wf, "start", json("{'phone': '+15550001111'}"));
      ExecutionRecord b = h.start(wf, "start", json("{'phone': '+15550002222'}"));
      assertThat(h.runner.deliver(h.tenant, "sms-reply:+15550001111", json("{'body': 'YES'}"))).isEqualTo(1);
      assertThat(h.runner.deliver(h.tenant, "sms-reply:+15550001111", json("{'body': 'again'}")))
          .as("a second reply finds nothing waiting").isZero();

      assertThat(h.load(a.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(h.load(a.id()).output().orElseThrow().path("path").asString()).isEqualTo("reply");
      assertThat(h.load(a.id()).output().orElseThrow().path("body").asString()).isEqualTo("YES");
      assertThat(h.load(b.id()).status()).isEqualTo(ExecutionStatus.WAITING);

      h.jumpToNextWakeup();
      assertThat(h.load(b.id()).output().orElseThrow().path("path").asString()).isEqualTo("timeout");
    }
  }

  @Test
  void shouldForkParallelBranchesAndJoinThemAtAMerge() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'a', 'type': 'logic.set@1', 'name': 'A', 'config': {'keepInput': false, 'fields': [{'name': 'v', 'value': 'a'}]}},
            {'id': 'b', 'type': 'logic.set@1', 'name': 'B', 'config': {'keepInput': false, 'fields': [{'name': 'v', 'value': 'b'}]}},
            {'id': 'join', 'type': 'logic.merge@1', 'name': 'Join', 'config': {'mode': 'all'}},
            {'id': 'end', 'type': 'logic.set@1', 'name': 'End', 'config': {'fields': [{'name': 'done', 'value': true}]}}],
           'edges': [{'from': 'start', 'to': 'a'}, {'from': 'start', 'to': 'b'},
                     {'from': 'a', 'to': 'join'}, {'from': 'b', 'to': 'join'}, {'from': 'join', 'to': 'end'}]}
          """));
      ExecutionRecord done = h.start(wf, "start", json("{}"));
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      JsonNode out = done.output().orElseThrow();
      assertThat(out.path("A").path("v").asString()).isEqualTo("a");
      assertThat(out.path("B").path("v").asString()).isEqualTo("b");
      assertThat(h.store.steps(h.tenant, done.id())).extracting(StepRecord::nodeId)
          .containsExactly("start", "a", "b", "join", "end");
    }
  }

  @Test
  void shouldLetAMergeThroughWhenABranchIsNotTaken() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'if', 'type': 'logic.condition@1', 'name': 'If', 'config': {'condition': 'trigger.vip == true'}},
            {'id': 'vip', 'type': 'logic.set@1', 'name': 'VIP', 'config': {'fields': [{'name': 'tier', 'value': 'vip'}]}},
            {'id': 'join', 'type': 'logic.merge@1', 'name': 'Join'}],
           'edges': [{'from': 'start', 'to': 'if'}, {'from': 'if', 'fromPort': 'true', 'to': 'vip'},
                     {'from': 'if', 'fromPort': 'false', 'to': 'join'}, {'from': 'vip', 'to': 'join'}]}
          """));
      ExecutionRecord done = h.start(wf, "start", json("{'vip': false}"));
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(h.store.steps(h.tenant, done.id())).extracting(StepRecord::nodeId).contains("join");
    }
  }

  @Test
  void shouldLoopOverItemsAndCollectEachPassesResult() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'loop', 'type': 'logic.loop@1', 'name': 'Each lead', 'config': {'items': 'trigger.leads'}},
            {'id': 'body', 'type': 'logic.set@1', 'name': 'Tag', 'config': {'keepInput': false,
               'fields': [{'name': 'who', 'value': '{{ nodes[\\"Each lead\\"].item.name }}'}]}},
            {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': []}}],
           'edges': [{'from': 'start', 'to': 'loop'}, {'from': 'loop', 'fromPort': 'item', 'to': 'body'},
                     {'from': 'body', 'to': 'loop', 'toInput': 'next'}, {'from': 'loop', 'fromPort': 'done', 'to': 'after'}]}
          """));
      ExecutionRecord done = h.start(wf, "start", json("{'leads': [{'name': 'Ann'}, {'name': 'Bo'}, {'name': 'Cy'}]}"));
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("results").findValuesAsString("who")).containsExactly("Ann", "Bo", "Cy");
    }
  }

  /** Fails its first {@code failures} calls with a retryable error. */
  static final class Flaky extends BasicNodeType<Flaky.Config> {
    record Config() {}

    final AtomicInteger calls = new AtomicInteger();
    final int failures;

    Flaky(int failures) {
      super(Config.class, describe("test.flaky@1", "Flaky", "Test", "fails at first", NodeKind.ACTION, Set.of(), Set.of(),
          Set.of()), List.of(PortSpec.of("out")));
      this.failures = failures;
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) {
      return calls.incrementAndGet() <= failures
          ? NodeResult.fail("provider_unavailable", "The provider did not answer.", true)
          : NodeResult.emit("out", context.input());
    }
  }

  /** A step with side effects that notes whether its run's turn was lent out while it ran. */
  static final class Outside extends BasicNodeType<Outside.Config> {
    record Config() {}

    final java.util.concurrent.atomic.AtomicBoolean lent;
    final java.util.concurrent.atomic.AtomicBoolean lentWhileRunning = new java.util.concurrent.atomic.AtomicBoolean();

    Outside(java.util.concurrent.atomic.AtomicBoolean lent) {
      super(Config.class, describe("test.outside@1", "Outside", "Test", "calls out", NodeKind.ACTION, Set.of(), Set.of(),
          Set.of()), List.of(PortSpec.of("out")));
      this.lent = lent;
    }

    @Override
    public boolean hasSideEffects() {
      return true;
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) {
      lentWhileRunning.set(lent.get());
      return NodeResult.emit("out", context.input());
    }
  }

  @Test
  void shouldTellTheCallerWhileAStepWaitsOnTheOutsideAndOnlyThen() {
    java.util.concurrent.atomic.AtomicBoolean lent = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger waits = new AtomicInteger();
    AtomicInteger resumes = new AtomicInteger();
    Outside outside = new Outside(lent);
    try (EngineHarness h = new EngineHarness(outside)) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'before', 'type': 'logic.set@1', 'name': 'Before', 'config': {'fields': [{'name': 'a', 'value': '1'}]}},
            {'id': 'call', 'type': 'test.outside@1', 'name': 'Call'},
            {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': [{'name': 'b', 'value': '2'}]}}],
           'edges': [{'from': 'start', 'to': 'before'}, {'from': 'before', 'to': 'call'}, {'from': 'call', 'to': 'after'}]}
          """));
      ExecutionRecord done = io.switchboard.engine.runner.ExecutionRunner.withOutsideWaits(
          new io.switchboard.engine.runner.ExecutionRunner.OutsideWaits() {
            @Override
            public void waiting() {
              waits.incrementAndGet();
              lent.set(true);
            }

            @Override
            public void resumed() {
              resumes.incrementAndGet();
              lent.set(false);
            }
          }, () -> h.start(wf, "start", json("{}")));

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(waits.get()).as("one step ran elsewhere").isEqualTo(1);
      assertThat(resumes.get()).isEqualTo(1);
      assertThat(outside.lentWhileRunning.get()).as("the turn was lent out while the step ran").isTrue();
      assertThat(lent.get()).as("and taken back before the run went on").isFalse();
      ExecutionRecord plain = h.start(wf, "start", json("{}"));
      assertThat(plain.status()).as("no caller listening: the run is the same").isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(waits.get()).isEqualTo(1);
    }
  }

  @Test
  void shouldRetryWithBackoffUntilTheNodeSucceeds() throws Exception {
    Flaky flaky = new Flaky(2);
    try (EngineHarness h = new EngineHarness(flaky)) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'call', 'type': 'test.flaky@1', 'name': 'Call provider',
             'options': {'retry': {'maxAttempts': 3, 'initialDelay': 'PT10S', 'multiplier': 2.0, 'maxDelay': 'PT1M', 'jitter': 0, 'retryOn': []}}}],
           'edges': [{'from': 'start', 'to': 'call'}]}
          """));
      Instant t0 = h.now.get();
      ExecutionRecord first = h.start(wf, "start", json("{}"));
      assertThat(first.status()).isEqualTo(ExecutionStatus.WAITING);
      assertThat(h.store.nextDue()).contains(t0.plusSeconds(10));
      h.jumpToNextWakeup();
      assertThat(h.store.nextDue()).as("second backoff doubles").contains(t0.plusSeconds(10).plusSeconds(20));
      h.jumpToNextWakeup();
      ExecutionRecord done = h.load(first.id());
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(h.store.steps(h.tenant, done.id())).extracting(StepRecord::status)
          .containsExactly("succeeded", "retrying", "retrying", "succeeded");
      assertThat(h.store.steps(h.tenant, done.id())).extracting(StepRecord::attempt).containsExactly(1, 1, 2, 3);
    }
  }

  @Test
  void shouldFollowTheErrorPortWhenRetriesDoNotHelp() throws Exception {
    Flaky flaky = new Flaky(99);
    try (EngineHarness h = new EngineHarness(flaky)) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'call', 'type': 'test.flaky@1', 'name': 'Call provider',
             'options': {'onError': 'ERROR_PORT', 'retry': {'maxAttempts': 2, 'initialDelay': 'PT1S', 'multiplier': 1, 'maxDelay': 'PT1S', 'jitter': 0, 'retryOn': []}}},
            {'id': 'handle', 'type': 'logic.set@1', 'name': 'Handle', 'config': {'fields': [{'name': 'handled', 'value': true}]}}],
           'edges': [{'from': 'start', 'to': 'call'}, {'from': 'call', 'fromPort': 'error', 'to': 'handle'}]}
          """));
      ExecutionRecord first = h.start(wf, "start", json("{}"));
      h.jumpToNextWakeup();
      ExecutionRecord done = h.load(first.id());
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("handled").asBoolean()).isTrue();
      assertThat(done.output().orElseThrow().path("code").asString()).isEqualTo("provider_unavailable");
    }
  }

  @Test
  void shouldFailTheExecutionWithTheNodesReasonWhenNothingHandlesIt() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'stop', 'type': 'logic.stop@1', 'name': 'Refuse', 'config': {'message': 'No phone number on the lead.', 'code': 'no_phone'}}],
           'edges': [{'from': 'start', 'to': 'stop'}]}
          """));
      ExecutionRecord done = h.start(wf, "start", json("{}"));
      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("message").asString()).isEqualTo("No phone number on the lead.");
      assertThat(done.error().orElseThrow().path("node").asString()).isEqualTo("Refuse");
    }
  }

  @Test
  void shouldRunASubWorkflowAsAChildAndContinueWithItsResult() throws Exception {
    try (EngineHarness h = new EngineHarness()) {
      var child = h.deploy(graph("""
          {'nodes': [
            {'id': 'in', 'type': 'trigger.manual@1', 'name': 'In'},
            {'id': 'double', 'type': 'logic.set@1', 'name': 'Double', 'config': {'keepInput': false, 'fields': [{'name': 'n', 'value': '{{ trigger.n * 2 }}'}]}}],
           'edges': [{'from': 'in', 'to': 'double'}]}
          """));
      var parent = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'sub', 'type': 'logic.subworkflow@1', 'name': 'Run child', 'config': {'workflowId': '%s'}}],
           'edges': [{'from': 'start', 'to': 'sub'}]}
          """.formatted(child)));
      ExecutionRecord waiting = h.start(parent, "start", json("{'n': 21}"));
      assertThat(waiting.status()).isEqualTo(ExecutionStatus.WAITING);
      for (int i = 0; i < 1000 && h.load(waiting.id()).status() != ExecutionStatus.SUCCEEDED; i++) {
        Thread.sleep(10); // the child runs on the runner's own worker; this waits for work, not for a timer
      }
      ExecutionRecord done = h.load(waiting.id());
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("n").asInt()).isEqualTo(42);
    }
  }

  @Test
  void shouldCancelAWaitingExecution() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait', 'config': {'duration': '1h'}}],
           'edges': [{'from': 'start', 'to': 'wait'}]}
          """));
      ExecutionRecord waiting = h.start(wf, "start", json("{}"));
      assertThat(h.runner.cancel(h.tenant, waiting.id())).isTrue();
      assertThat(h.load(waiting.id()).status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(h.store.waitCount()).isZero();
      assertThat(h.runner.cancel(h.tenant, waiting.id())).as("cancelling twice").isFalse();
    }
  }

  /** Sends something (counted) through performOnce, then "crashes" before returning. */
  public static final class CrashingSender extends BasicNodeType<CrashingSender.Config> {
    record Config() {}

    final AtomicInteger sent = new AtomicInteger();
    volatile boolean crash = true;

    CrashingSender() {
      super(Config.class, describe("test.send@1", "Send", "Test", "sends", NodeKind.ACTION, Set.of(), Set.of(),
          Set.of()), List.of(PortSpec.of("out")));
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) throws Exception {
      JsonNode receipt = context.performOnce(() -> JSON.createObjectNode().put("messageId", "m" + sent.incrementAndGet()));
      if (crash) {
        crash = false;
        throw new OutOfMemoryError("simulated crash after the effect");
      }
      return NodeResult.emit("out", receipt);
    }
  }

  @Test
  void shouldNotRepeatAnEffectWhenAnotherRunnerTakesOverAfterACrash() throws Exception {
    CrashingSender sender = new CrashingSender();
    try (EngineHarness h = new EngineHarness(sender)) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'send', 'type': 'test.send@1', 'name': 'Send SMS'}],
           'edges': [{'from': 'start', 'to': 'send'}]}
          """));
      try {
        h.start(wf, "start", json("{}"));
      } catch (Throwable crashed) {
        assertThat(crashed).isInstanceOf(OutOfMemoryError.class);
      }
      h.advance(Duration.ofMinutes(5)); // the dead runner's lease runs out
      assertThat(h.sweeper.takeOverStale()).isEqualTo(1);
      h.sweeper.awaitIdle(Duration.ofSeconds(10));

      assertThat(sender.sent.get()).as("the SMS was sent once").isEqualTo(1);
      assertThat(h.store.executionCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldStartTheErrorWorkflowWhenAFailureIsNotHandled() throws Exception {
    try (EngineHarness h = new EngineHarness()) {
      var onError = h.deploy(graph("""
          {'nodes': [
            {'id': 'in', 'type': 'trigger.manual@1', 'name': 'In'},
            {'id': 'note', 'type': 'logic.set@1', 'name': 'Note', 'config': {'fields': [{'name': 'seen', 'value': '{{ trigger.error.message }}'}]}}],
           'edges': [{'from': 'in', 'to': 'note'}]}
          """));
      var failing = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'stop', 'type': 'logic.stop@1', 'name': 'Refuse', 'config': {'message': 'Lead has no phone.'}}],
           'edges': [{'from': 'start', 'to': 'stop'}],
           'settings': {'timezone': null, 'errorWorkflowId': '%s', 'retry': null}}
          """.formatted(onError)));
      ExecutionRecord failed = h.start(failing, "start", json("{}"));
      assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
      ExecutionRecord handled = null;
      for (int i = 0; i < 200 && handled == null; i++) {
        handled = h.store.all().stream().filter(r -> r.workflowId().equals(onError))
            .filter(r -> r.status() == ExecutionStatus.SUCCEEDED).findFirst().orElse(null);
        Thread.sleep(10); // the error workflow runs on the runner's worker; this waits for work, not a timer
      }
      assertThat(handled).isNotNull();
      assertThat(handled.triggerKind()).isEqualTo("error-workflow");
      assertThat(handled.output().orElseThrow().path("seen").asString()).isEqualTo("Lead has no phone.");
    }
  }

  /** Takes longer than any sensible limit. */
  static final class Slow extends BasicNodeType<Slow.Config> {
    record Config() {}

    Slow() {
      super(Config.class, describe("test.slow@1", "Slow", "Test", "slow", NodeKind.ACTION, Set.of(), Set.of(), Set.of()),
          List.of(PortSpec.of("out")));
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) throws InterruptedException {
      Thread.sleep(5_000);
      return NodeResult.emit("out", context.input());
    }
  }

  @Test
  void shouldStopANodeThatOverrunsItsTimeLimit() {
    try (EngineHarness h = new EngineHarness(new Slow())) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'slow', 'type': 'test.slow@1', 'name': 'Slow call', 'options': {'timeout': 'PT0.1S'}}],
           'edges': [{'from': 'start', 'to': 'slow'}]}
          """));
      long t0 = System.nanoTime();
      ExecutionRecord done = h.start(wf, "start", json("{}"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("timeout");
      assertThat(done.error().orElseThrow().path("message").asString()).contains("Slow call", "limit");
    }
  }

  @Test
  void shouldLetOnlyTheFirstBranchThroughAFirstMerge() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'a', 'type': 'logic.set@1', 'name': 'A', 'config': {'fields': [{'name': 'v', 'value': 'a'}]}},
            {'id': 'b', 'type': 'logic.set@1', 'name': 'B', 'config': {'fields': [{'name': 'v', 'value': 'b'}]}},
            {'id': 'first', 'type': 'logic.merge@1', 'name': 'First', 'config': {'mode': 'first'}},
            {'id': 'end', 'type': 'logic.set@1', 'name': 'End', 'config': {'fields': []}}],
           'edges': [{'from': 'start', 'to': 'a'}, {'from': 'start', 'to': 'b'},
                     {'from': 'a', 'to': 'first'}, {'from': 'b', 'to': 'first'}, {'from': 'first', 'to': 'end'}]}
          """));
      ExecutionRecord done = h.start(wf, "start", json("{}"));
      assertThat(h.store.steps(h.tenant, done.id())).extracting(StepRecord::nodeId).containsOnlyOnce("end");
      assertThat(done.output().orElseThrow().path("v").asString()).isEqualTo("a");
    }
  }

  @Test
  void shouldKeepAHugeOutputAsATruncatedPreviewInsteadOfFailing() {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'set', 'type': 'logic.set@1', 'name': 'Copy', 'config': {'fields': [{'name': 'seen', 'value': '{{ input.blob }}'}]}}],
           'edges': [{'from': 'start', 'to': 'set'}]}
          """));
      String blob = "x".repeat(60_000);
      ExecutionRecord done = h.start(wf, "start", json("{'blob': '" + blob + "', 'more': '" + blob + "', 'again': '"
          + blob + "', 'yet': '" + blob + "', 'last': '" + blob + "'}"));
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      StepRecord copy = h.store.steps(h.tenant, done.id()).get(1);
      assertThat(copy.truncated()).isTrue();
      assertThat(copy.output().orElseThrow().path("note").asString()).contains("only the first 2 KB are kept");
      assertThat(done.output().orElseThrow().path("seen").asString()).hasSize(60_000);
    }
  }

  @Test
  void shouldHoldAnEventThatArrivesWhileTheExecutionIsBusyAndDeliverItAfterwards() throws Exception {
    try (EngineHarness h = new EngineHarness()) {
      var wf = h.deploy(graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.wait-event@1', 'name': 'Wait for reply', 'config': {'eventKey': 'reply:1', 'timeout': '7d'}},
            {'id': 'got', 'type': 'logic.set@1', 'name': 'Got', 'config': {'fields': [{'name': 'path', 'value': 'reply'}]}}],
           'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'fromPort': 'received', 'to': 'got'}]}
          """));
      ExecutionRecord waiting = h.start(wf, "start", json("{}"));
      // another runner holds the execution (say, it is running another branch of it)
      assertThat(h.store.acquire(h.tenant, waiting.id(), "other-runner", h.now.get(), h.now.get().plusSeconds(60))).isPresent();

      assertThat(h.runner.deliver(h.tenant, "reply:1", json("{'body': 'YES'}"))).isEqualTo(1);
      assertThat(h.load(waiting.id()).status()).as("held, not lost").isEqualTo(ExecutionStatus.WAITING);

      h.advance(Duration.ofSeconds(61)); // the other runner's lease ends
      h.jumpToNextWakeup();
      ExecutionRecord done = h.load(waiting.id());
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("path").asString()).isEqualTo("reply");
      assertThat(done.output().orElseThrow().path("body").asString()).isEqualTo("YES");
    }
  }
}
