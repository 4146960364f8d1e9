package io.switchboard.app.billing;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Every few minutes, on one node of the cluster: the billing sweep (grace expiry, usage reporting). */
@DisallowConcurrentExecution
public class BillingJob extends QuartzJobBean {

  private static final Logger log = LoggerFactory.getLogger(BillingJob.class);

  private final BillingSweeper sweeper;

  public BillingJob(BillingSweeper sweeper) {
    this.sweeper = sweeper;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    BillingSweeper.Swept swept = sweeper.sweep();
    if (swept.suspended() > 0 || swept.usageReported() > 0) {
      log.info("billing sweep: {} workspaces suspended, usage of {} reported", swept.suspended(), swept.usageReported());
    }
  }
}
