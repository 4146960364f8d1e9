package io.switchboard.app.engine;

import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.trigger.ScheduleTrigger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronExpression;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Keeps tenants' schedule triggers in Quartz in step with their active workflow versions: one
 * Quartz cron trigger per schedule step, in the workflow's (else the workspace's) time zone, in a
 * job group per workflow that is replaced whenever the active version changes.
 */
@Component
public class ScheduleRegistrar implements WorkflowService.ActivationListener {

  private final Scheduler scheduler;
  private final ExecutionStore store;

  public ScheduleRegistrar(Scheduler scheduler, ExecutionStore store, WorkflowService workflows) {
    this.scheduler = scheduler;
    this.store = store;
    workflows.addActivationListener(this);
  }

  /** Whether a cron expression is valid, for checks before activation. */
  public static Optional<String> problem(String cron) {
    if (cron == null || cron.isBlank() || !CronExpression.isValidExpression(cron.trim())) {
      return Optional.of("'" + cron + "' is not a schedule Switchboard understands; write it as seconds minutes "
          + "hours day month weekday, for example 0 0 9 ? * MON-FRI.");
    }
    return Optional.empty();
  }

  static String group(TenantId tenant, UUID workflow) {
    return "schedule:" + tenant + ":" + workflow;
  }

  @Override
  public void activeVersionChanged(TenantId tenant, UUID workflowId, Optional<Integer> version,
                                   Optional<WorkflowGraph> graph) {
    try {
      for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group(tenant, workflowId)))) {
        scheduler.deleteJob(key);
      }
      if (version.isEmpty() || graph.isEmpty()) {
        return;
      }
      for (Node node : graph.get().nodes()) {
        if (!ScheduleTrigger.KEY.equals(node.type()) || node.disabled()) {
          continue;
        }
        String cron = node.config().path("cron").asString("").trim();
        if (problem(cron).isPresent()) {
          continue; // refused before activation; nothing valid to schedule
        }
        String zone = Optional.ofNullable(node.config().path("timezone").asString(null)).filter(z -> !z.isBlank())
            .or(() -> graph.get().settings().timezone())
            .or(() -> store.tenantContext(tenant).timezone())
            .orElse("UTC");
        JobKey key = JobKey.jobKey(node.id(), group(tenant, workflowId));
        JobDetail job = JobBuilder.newJob(ScheduleJob.class).withIdentity(key)
            .usingJobData("tenant", tenant.toString())
            .usingJobData("workflow", workflowId.toString())
            .usingJobData("version", version.get())
            .usingJobData("node", node.id())
            .usingJobData("zone", zone)
            .build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key.getName(), key.getGroup()).forJob(job)
            .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)))
                .withMisfireHandlingInstructionFireAndProceed())
            .build();
        scheduler.scheduleJob(job, Set.of(trigger), true);
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not update the schedules of workflow " + workflowId + ": " + e.getMessage(), e);
    }
  }
}
