package io.switchboard.nodes.email;

import io.switchboard.engine.tenancy.TenantId;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * What the e-mail node needs from the application: the workspace's default sender, its sandbox
 * account, how many e-mails an account sent today, and where tracking links point.
 */
public interface EmailSetup {

  /** The workspace's default from-address (a tenant setting), if it set one. */
  Optional<String> fromAddress(TenantId tenant);

  /** The workspace's sandbox account: SendGrid's wire format, answered and recorded by this server. */
  EmailAccount.SendGrid sandbox(TenantId tenant);

  /** Where workspaces' own SendGrid keys are used: SendGrid's API unless the platform says otherwise. */
  default URI sendGridApi() {
    return EmailAccount.SendGrid.SENDGRID_API;
  }

  /** The daily limit of an account whose credential does not set one ({@code dailyLimit}). */
  int defaultDailyLimit();

  /**
   * E-mails recorded as sent (not refused or failed) through the account named {@code accountKey}
   * since {@code since} (the start of the current UTC day).
   */
  long sentSince(TenantId tenant, String accountKey, Instant since);

  /** The public address of this server, which tracking and unsubscribe links point to. */
  URI publicBaseUrl();

  /** Signs the tokens of tracking and unsubscribe links. */
  TrackingTokens trackingTokens();
}
