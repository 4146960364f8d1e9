package io.switchboard.app.engine;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers the engine's Quartz triggers: this node's wakeup sweeper (every second; one trigger per
 * node, so every node sweeps) and the cluster-wide nightly retention job. The node removes its
 * sweeper trigger when it stops.
 */
@Component
public class EngineSchedules implements ApplicationRunner, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EngineSchedules.class);
  private static final String GROUP = "engine";

  private final Scheduler scheduler;
  private final JobKey sweepKey;
  private volatile boolean running;

  public EngineSchedules(Scheduler scheduler, EngineConfiguration.RunnerIdentity identity) {
    this.scheduler = scheduler;
    this.sweepKey = JobKey.jobKey("wakeup-sweep-" + identity.name(), GROUP);
  }

  @Override
  public void run(ApplicationArguments args) throws SchedulerException {
    JobDetail sweep = JobBuilder.newJob(WakeupSweepJob.class).withIdentity(sweepKey).storeDurably().build();
    Trigger every = TriggerBuilder.newTrigger().withIdentity(sweepKey.getName(), GROUP).forJob(sweep)
        .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1).withMisfireHandlingInstructionNextWithRemainingCount())
        .startNow().build();
    scheduler.scheduleJob(sweep, java.util.Set.of(every), true);

    JobKey retentionKey = JobKey.jobKey("retention", GROUP);
    JobDetail retention = JobBuilder.newJob(RetentionJob.class).withIdentity(retentionKey).storeDurably().build();
    Trigger nightly = TriggerBuilder.newTrigger().withIdentity("retention", GROUP).forJob(retention)
        .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(3, 17).withMisfireHandlingInstructionFireAndProceed())
        .build();
    scheduler.scheduleJob(retention, java.util.Set.of(nightly), true);
    running = true;
  }

  @Override
  public void start() {
    // scheduling happens once the application is ready (run above)
  }

  @Override
  public void stop() {
    try {
      scheduler.deleteJob(sweepKey);
    } catch (SchedulerException e) {
      log.warn("could not remove this node's sweeper trigger: {}", e.getMessage());
    }
    // the scheduler waits for running jobs before the pool closes; a long one (retention) ends early
    try {
      for (org.quartz.JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
        if (running.getJobInstance() instanceof org.quartz.InterruptableJob) {
          scheduler.interrupt(running.getFireInstanceId());
        }
      }
    } catch (SchedulerException e) {
      log.warn("could not ask running jobs to stop: {}", e.getMessage());
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100; // stop before the scheduler itself
  }
}
