package io.switchboard.app.messaging;

import io.switchboard.engine.tenancy.TenantDatabase;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static io.switchboard.schema.jooq.Tables.SANDBOX_TWILIO_NUMBERS;

/**
 * What the sandbox Twilio holds about the numbers its accounts bought: Twilio's own resource for
 * each (with the webhook URLs set on it), one account per number.
 */
@Component
public class SandboxTwilioNumbers {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public SandboxTwilioNumbers(TenantDatabase db) {
    this.db = db;
  }

  /** Every number some sandbox account holds. */
  public Set<String> held() {
    return new HashSet<>(db.platform(tx -> tx.select(SANDBOX_TWILIO_NUMBERS.PHONE_NUMBER).from(SANDBOX_TWILIO_NUMBERS)
        .fetch(SANDBOX_TWILIO_NUMBERS.PHONE_NUMBER)));
  }

  /** Records a bought number; false when another (or the same) account already holds it. */
  public boolean create(String accountSid, ObjectNode resource) {
    return db.platform(tx -> tx.insertInto(SANDBOX_TWILIO_NUMBERS)
        .set(SANDBOX_TWILIO_NUMBERS.SID, resource.path("sid").asString())
        .set(SANDBOX_TWILIO_NUMBERS.ACCOUNT_SID, accountSid)
        .set(SANDBOX_TWILIO_NUMBERS.PHONE_NUMBER, resource.path("phone_number").asString())
        .set(SANDBOX_TWILIO_NUMBERS.RESOURCE, JSONB.valueOf(JSON.writeValueAsString(resource)))
        .onConflictDoNothing()
        .execute()) == 1;
  }

  public Optional<ObjectNode> find(String accountSid, String sid) {
    return db.platform(tx -> tx.select(SANDBOX_TWILIO_NUMBERS.RESOURCE).from(SANDBOX_TWILIO_NUMBERS)
        .where(SANDBOX_TWILIO_NUMBERS.SID.eq(sid).and(SANDBOX_TWILIO_NUMBERS.ACCOUNT_SID.eq(accountSid)))
        .fetchOptional(SANDBOX_TWILIO_NUMBERS.RESOURCE)).map(SandboxTwilioNumbers::tree);
  }

  /** The resource of the number, whichever account holds it (where the sandbox delivers its inbound messages). */
  public Optional<ObjectNode> byNumber(String e164) {
    return db.platform(tx -> tx.select(SANDBOX_TWILIO_NUMBERS.RESOURCE).from(SANDBOX_TWILIO_NUMBERS)
        .where(SANDBOX_TWILIO_NUMBERS.PHONE_NUMBER.eq(e164))
        .fetchOptional(SANDBOX_TWILIO_NUMBERS.RESOURCE)).map(SandboxTwilioNumbers::tree);
  }

  public void update(String accountSid, ObjectNode resource) {
    db.platform(tx -> tx.update(SANDBOX_TWILIO_NUMBERS)
        .set(SANDBOX_TWILIO_NUMBERS.RESOURCE, JSONB.valueOf(JSON.writeValueAsString(resource)))
        .where(SANDBOX_TWILIO_NUMBERS.SID.eq(resource.path("sid").asString())
            .and(SANDBOX_TWILIO_NUMBERS.ACCOUNT_SID.eq(accountSid)))
        .execute());
  }

  public boolean delete(String accountSid, String sid) {
    return db.platform(tx -> tx.deleteFrom(SANDBOX_TWILIO_NUMBERS)
        .where(SANDBOX_TWILIO_NUMBERS.SID.eq(sid).and(SANDBOX_TWILIO_NUMBERS.ACCOUNT_SID.eq(accountSid)))
        .execute()) == 1;
  }

  private static ObjectNode tree(JSONB json) {
    return (ObjectNode) JSON.readTree(json.data());
  }
}
