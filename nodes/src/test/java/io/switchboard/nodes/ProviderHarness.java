package io.switchboard.nodes;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.tenancy.TenantId;

import java.time.Instant;

/** The engine harness for provider-node tests in other packages: one node after a manual trigger. */
public final class ProviderHarness implements AutoCloseable {

  private final EngineHarness harness;

  public ProviderHarness(CredentialResolver credentials, NodeType<?>... types) {
    this.harness = new EngineHarness(credentials, types);
  }

  public TenantId tenant() {
    return harness.tenant;
  }

  public Instant now() {
    return harness.now.get();
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
