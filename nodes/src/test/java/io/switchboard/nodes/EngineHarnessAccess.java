package io.switchboard.nodes;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.http.HttpRequest;
import io.switchboard.nodes.http.SsrfGuard;

import java.util.List;

/** The engine harness for tests in other packages: one node after a manual trigger. */
public final class EngineHarnessAccess implements AutoCloseable {

  private final EngineHarness harness;

  private EngineHarnessAccess(EngineHarness harness) {
    this.harness = harness;
  }

  public static EngineHarnessAccess withHttp(CredentialResolver credentials, List<String> allowedHosts) {
    return new EngineHarnessAccess(new EngineHarness(credentials, new HttpRequest(new SsrfGuard(allowedHosts))));
  }

  /** The built-in nodes plus {@code types} (replacing built-ins with the same key). */
  public static EngineHarnessAccess with(CredentialResolver credentials, io.switchboard.engine.spi.NodeType<?>... types) {
    return new EngineHarnessAccess(new EngineHarness(credentials, types));
  }

  /** Runs Start → {@code nodeJson} (single-quoted JSON of one node with id 'call') with a trigger payload. */
  public ExecutionRecord run(String nodeJson, String payload) {
    var workflow = harness.deploy(ExecutionScenariosTest.graph("{'nodes': [{'id': 'start', 'type': 'trigger.manual@1', "
        + "'name': 'Start'}, " + nodeJson + "], 'edges': [{'from': 'start', 'to': 'call'}]}"));
    return harness.start(workflow, "start", ExecutionScenariosTest.json(payload));
  }

  @Override
  public void close() {
    harness.close();
  }
}
