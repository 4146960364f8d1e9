package io.switchboard.app.contacts;

import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.CONTACTS;

/**
 * The plan's number of contacts, checked where contacts are added by hand, by the API or by a CRM
 * step; senders of inbound messages are always kept (see {@code ContactBook.createSender}).
 */
@Component
public class ContactLimit {

  public static final String METRIC = "contacts";

  private final PlanCatalog plans;
  private final TenantDatabase db;

  public ContactLimit(PlanCatalog plans, TenantDatabase db) {
    this.plans = plans;
    this.db = db;
  }

  /** Why one more contact may not be added, if the plan's limit is reached. */
  public Optional<String> refusal(TenantId tenant) {
    PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    Optional<Long> limit = plan.limit(METRIC);
    if (limit.isEmpty()) {
      return Optional.empty();
    }
    int count = db.inTenant(tenant, tx -> tx.fetchCount(CONTACTS));
    return count < limit.get() ? Optional.empty() : Optional.of("Your " + plan.name() + " plan allows " + limit.get()
        + " contacts and you have " + count + ". Remove some, or upgrade the plan.");
  }
}
