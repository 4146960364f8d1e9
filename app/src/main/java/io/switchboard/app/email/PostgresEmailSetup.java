package io.switchboard.app.email;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.email.EmailAccount;
import io.switchboard.nodes.email.EmailSetup;
import io.switchboard.nodes.email.TrackingTokens;
import org.jooq.impl.DSL;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/** The e-mail node's view of the workspace: its settings, sandbox, today's count per account, link signing. */
public final class PostgresEmailSetup implements EmailSetup {

  private final TenantDatabase db;
  private final OutreachSettings settings;
  private final SandboxSendGrid sandbox;
  private final URI sendGridApi;
  private final int defaultDailyLimit;
  private final URI publicBaseUrl;
  private final TrackingTokens tokens;

  public PostgresEmailSetup(TenantDatabase db, OutreachSettings settings, SandboxSendGrid sandbox, URI sendGridApi,
                            int defaultDailyLimit, URI publicBaseUrl, TrackingTokens tokens) {
    this.db = db;
    this.settings = settings;
    this.sandbox = sandbox;
    this.sendGridApi = sendGridApi;
    this.defaultDailyLimit = defaultDailyLimit;
    this.publicBaseUrl = publicBaseUrl;
    this.tokens = tokens;
  }

  @Override
  public Optional<String> fromAddress(TenantId tenant) {
    return settings.fromAddress(tenant);
  }

  @Override
  public EmailAccount.SendGrid sandbox(TenantId tenant) {
    return sandbox.account(tenant);
  }

  @Override
  public URI sendGridApi() {
    return sendGridApi;
  }

  @Override
  public int defaultDailyLimit() {
    return defaultDailyLimit;
  }

  @Override
  public long sentSince(TenantId tenant, String accountKey, Instant since) {
    return db.inTenant(tenant, tx -> tx.selectCount().from(MESSAGES)
        .where(MESSAGES.TENANT_ID.eq(tenant.value()))
        .and(DSL.field("details ->> 'account'", String.class).eq(accountKey))
        .and(MESSAGES.CREATED_AT.ge(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
        .and(MESSAGES.CHANNEL.eq("email")).and(MESSAGES.DIRECTION.eq("outbound"))
        .and(MESSAGES.STATUS.notIn("refused", "failed"))
        .fetchOne(0, Long.class));
  }

  @Override
  public URI publicBaseUrl() {
    return publicBaseUrl;
  }

  @Override
  public TrackingTokens trackingTokens() {
    return tokens;
  }
}
