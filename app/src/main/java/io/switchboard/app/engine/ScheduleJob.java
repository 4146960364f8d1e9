package io.switchboard.app.engine;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.tenancy.TenantId;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** A schedule trigger fired (on one node of the cluster): queue an execution of the workflow. */
public class ScheduleJob extends QuartzJobBean {

  private final ExecutionRunner runner;
  private final ExecutionStore store;
  private final Clock clock;

  public ScheduleJob(ExecutionRunner runner, ExecutionStore store, Clock clock) {
    this.runner = runner;
    this.store = store;
    this.clock = clock;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    TenantId tenant = TenantId.of(data.getString("tenant"));
    UUID workflow = UUID.fromString(data.getString("workflow"));
    int version = data.getInt("version");
    if (!store.activeVersion(tenant, workflow).filter(v -> v == version).isPresent()) {
      return; // switched off or replaced since; the registrar removes this trigger
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("firedAt", clock.instant().toString());
    payload.put("scheduledFor", context.getScheduledFireTime().toInstant().toString());
    try {
      ExecutionRecord queued = runner.enqueue(new ExecutionRunner.Start(tenant, workflow, version, data.getString("node"),
          "schedule", payload, Optional.empty(), Optional.ofNullable(data.getString("zone"))));
      runner.dispatch(queued);
    } catch (io.switchboard.engine.runner.Admission.NotAdmitted refused) {
      // recorded with its reason by the admission; the schedule fires again next time
      org.slf4j.LoggerFactory.getLogger(ScheduleJob.class).info("scheduled run of workflow {} not started: {}", workflow,
          refused.getMessage());
    }
  }
}
