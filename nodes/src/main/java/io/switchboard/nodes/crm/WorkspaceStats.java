package io.switchboard.nodes.crm;

import io.switchboard.engine.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The workspace's numbers over a period, read for reports. */
public interface WorkspaceStats {

  Period read(TenantId tenant, Instant from, Instant to);

  /**
   * What happened between {@code from} and {@code to}: contacts added, contacts per pipeline stage
   * now, messages sent and received per channel, messages that failed or bounced, opt-outs, and
   * workflow runs by outcome with the workflows that failed most.
   */
  record Period(Instant from, Instant to, int newContacts, Map<String, Integer> contactsByStage,
                Map<String, Integer> sentByChannel, Map<String, Integer> receivedByChannel, int undelivered, int optOuts,
                int runsSucceeded, int runsFailed, List<Failing> mostFailing) {}

  record Failing(String workflow, int failures) {}
}
