package io.switchboard.app.engine;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.store.ExecutionHistory;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

import java.time.Clock;

/** Nightly, on one node of the cluster: deletes finished executions past their tenant's retention. */
@DisallowConcurrentExecution
public class RetentionJob extends QuartzJobBean implements org.quartz.InterruptableJob {

  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

  private final ExecutionHistory history;
  private final Clock clock;
  private final SwitchboardProperties props;

  public RetentionJob(ExecutionHistory history, Clock clock, SwitchboardProperties props) {
    this.history = history;
    this.clock = clock;
    this.props = props;
  }

  // set when the application stops: the batch under way finishes, the rest waits for the next run
  private volatile boolean interrupted;

  @Override
  public void interrupt() {
    interrupted = true;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    int deleted = history.prune(clock, props.engine().retentionDays(), 5_000, () -> interrupted);
    if (deleted > 0) {
      log.info("retention: deleted {} finished executions", deleted);
    }
  }
}
