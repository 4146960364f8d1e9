package io.switchboard.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/** Switchboard's own settings ({@code switchboard.*}), each with an environment variable. */
@ConfigurationProperties("switchboard")
public record SwitchboardProperties(
    Path home,
    String publicBaseUrl,
    Database database,
    Admin admin,
    Auth auth,
    Engine engine) {

  /**
   * Execution retention, the wakeup sweeper's batch and concurrency, and how many webhook calls run
   * their workflow at once on this node (0: sixteen per processor); more calls wait their turn in order.
   */
  public record Engine(int retentionDays, int sweepBatch, int maxInFlight, int webhookRuns) {

    /**
     * The number of webhook calls that run at once: {@code webhookRuns}, or sixteen per processor. Runs
     * that meet share their database writes (group commit), so more at once go faster: on 2 cores, 8
     * gave 1,369-1,590 calls/s, 16 gave 1,769/s and 32 gave 2,372/s (bench/README.md).
     */
    public int webhookRunsOrDefault() {
      return webhookRuns > 0 ? webhookRuns : 16 * Runtime.getRuntime().availableProcessors();
    }
  }

  /** {@code url} empty means the embedded PostgreSQL under {@code home}. */
  public record Database(String url, String user, String password, String appPassword, int poolSize) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  /** The superadmin created on first start; an empty password is generated and printed once. */
  public record Admin(String email, String password) {}

  public record Auth(Duration tokenTtl, int maxFailedLogins, Duration lockout, int loginAttemptsPerMinutePerAddress) {}
}
