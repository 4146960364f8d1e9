package io.switchboard.app.billing;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Set;

/** Registers the cluster-wide billing sweep with Quartz (one trigger for the cluster, so one node runs each sweep). */
@Component
public class BillingSchedule implements ApplicationRunner {

  private final Scheduler scheduler;
  private final int minutes;

  public BillingSchedule(Scheduler scheduler, @Value("${SWITCHBOARD_BILLING_SWEEP_MINUTES:5}") int minutes) {
    this.scheduler = scheduler;
    this.minutes = Math.max(1, minutes);
  }

  @Override
  public void run(ApplicationArguments args) throws SchedulerException {
    JobKey key = JobKey.jobKey("billing-sweep", "billing");
    JobDetail job = JobBuilder.newJob(BillingJob.class).withIdentity(key).storeDurably().build();
    Trigger every = TriggerBuilder.newTrigger().withIdentity("billing-sweep", "billing").forJob(job)
        .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(minutes).withMisfireHandlingInstructionNextWithRemainingCount())
        .startNow().build();
    scheduler.scheduleJob(job, Set.of(every), true);
  }
}
