package io.switchboard.app.engine;

import io.switchboard.engine.wakeup.WakeupSweeper;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

import java.time.Duration;

/**
 * Fired every second by this node's Quartz trigger: drains due waits for most of that second
 * (polling every 50 ms while idle), then takes over executions whose runner died.
 */
@DisallowConcurrentExecution
public class WakeupSweepJob extends QuartzJobBean {

  private final WakeupSweeper sweeper;

  public WakeupSweepJob(WakeupSweeper sweeper) {
    this.sweeper = sweeper;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    try {
      sweeper.sweepFor(Duration.ofMillis(900), Duration.ofMillis(50));
      sweeper.takeOverStale();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
