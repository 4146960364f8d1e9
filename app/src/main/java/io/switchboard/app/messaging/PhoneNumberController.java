package io.switchboard.app.messaging;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.db.PostgresErrors;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.crm.PhoneNumbers;
import org.jooq.JSONB;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.PHONE_NUMBERS;

/**
 * The workspace's phone numbers: attach one (a sandbox number, or a Twilio number with the
 * credential of the account that owns it), connect workflows to its messages and calls, release it.
 * A number belongs to one workspace platform-wide.
 */
@RestController
@RequestMapping("/api/v1/phone-numbers")
public class PhoneNumberController {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PhoneNumberController.class);

  private final TenantDatabase db;
  private final PhoneNumberDirectory numbers;
  private final CredentialService credentials;
  private final WorkflowService workflows;
  private final AuditLog audit;
  private final Clock clock;
  private final PhoneNumberPurchases purchases;
  private final PlanCatalog plans;

  public PhoneNumberController(TenantDatabase db, PhoneNumberDirectory numbers, CredentialService credentials,
                               WorkflowService workflows, AuditLog audit, Clock clock, PhoneNumberPurchases purchases,
                               PlanCatalog plans) {
    this.purchases = purchases;
    this.plans = plans;
    this.db = db;
    this.numbers = numbers;
    this.credentials = credentials;
    this.workflows = workflows;
    this.audit = audit;
    this.clock = clock;
  }

  public record AttachNumber(String number, String friendlyName, UUID credentialId, UUID workflowId, UUID voiceWorkflowId,
                             Boolean whatsapp) {}

  public record ChangeNumber(String friendlyName, UUID credentialId, UUID workflowId, UUID voiceWorkflowId,
                             Boolean clearCredential, Boolean clearWorkflow, Boolean clearVoiceWorkflow) {}

  /** {@code providerSid}: Twilio's id of a number bought through Switchboard (released at Twilio with it). */
  public record NumberView(UUID id, String number, String friendlyName, String provider, boolean sandbox,
                           Optional<UUID> credentialId, Optional<UUID> workflowId, Optional<UUID> voiceWorkflowId,
                           Map<String, Boolean> capabilities, Optional<String> providerSid) {
    static NumberView of(PhoneNumberDirectory.Number n) {
      return new NumberView(n.id(), n.e164(), n.friendlyName(), n.provider(), n.credentialId().isEmpty(), n.credentialId(),
          n.workflowId(), n.voiceWorkflowId(), Map.of("sms", n.sms(), "voice", n.voice(), "whatsapp", n.whatsapp()),
          n.providerSid());
    }
  }

  @GetMapping
  public List<NumberView> list() {
    return numbers.list(CurrentUser.require().tenantId()).stream().map(NumberView::of).toList();
  }

  @GetMapping("/{id}")
  public NumberView get(@PathVariable UUID id) {
    return numbers.find(CurrentUser.require().tenantId(), id).map(NumberView::of).orElseThrow(() -> ApiException.notFound("phone number"));
  }

  @PostMapping
  public ResponseEntity<NumberView> attach(@RequestBody AttachNumber request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "add phone numbers");
    String e164 = PhoneNumbers.normalise(request.number()).orElseThrow(() -> ApiException.badRequest("invalid_number",
        "Write the number with its country code, such as +15551234567."));
    checkCredential(user, request.credentialId());
    checkWorkflow(user, request.workflowId());
    checkWorkflow(user, request.voiceWorkflowId());
    UUID id = UUID.randomUUID();
    String provider = request.credentialId() == null ? "sandbox" : "twilio";
    boolean whatsapp = request.whatsapp() == null || request.whatsapp();
    try {
      db.runInTenant(user.tenantId(), tx -> {
        tx.fetch("select claim_phone_number(?)", e164);
        tx.insertInto(PHONE_NUMBERS)
            .set(PHONE_NUMBERS.TENANT_ID, user.tenantId().value())
            .set(PHONE_NUMBERS.ID, id)
            .set(PHONE_NUMBERS.E164, e164)
            .set(PHONE_NUMBERS.FRIENDLY_NAME, request.friendlyName() == null ? e164 : request.friendlyName().strip())
            .set(PHONE_NUMBERS.PROVIDER, provider)
            .set(PHONE_NUMBERS.CREDENTIAL_ID, request.credentialId())
            .set(PHONE_NUMBERS.WORKFLOW_ID, request.workflowId())
            .set(PHONE_NUMBERS.VOICE_WORKFLOW_ID, request.voiceWorkflowId())
            .set(PHONE_NUMBERS.CAPABILITIES, JSONB.valueOf("{\"sms\": true, \"voice\": true, \"whatsapp\": " + whatsapp + "}"))
            .set(PHONE_NUMBERS.CREATED_AT, now())
            .set(PHONE_NUMBERS.UPDATED_AT, now())
            .execute();
        audit.record(tx, user, "phone_number.attach", "phone_number", id.toString(), Map.of("number", e164, "provider", provider));
      });
    } catch (RuntimeException e) {
      if (PostgresErrors.isUniqueViolation(e)) {
        throw new ApiException(HttpStatus.CONFLICT, "number_taken",
            e164 + " is already in use by a workspace. A number can belong to one workspace only.");
      }
      throw e;
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
  }

  public record PurchaseNumber(String number, String friendlyName, UUID credentialId, UUID workflowId,
                               UUID voiceWorkflowId) {}

  /** Numbers Twilio offers (the sandbox's fictitious ones without a credential), to buy one of them. */
  @GetMapping("/available")
  public List<PhoneNumberPurchases.Available> available(
      @RequestParam(name = "country", defaultValue = "US") String country,
      @RequestParam(name = "areaCode", required = false) String areaCode,
      @RequestParam(name = "contains", required = false) String contains,
      @RequestParam(name = "sms", required = false) Boolean sms,
      @RequestParam(name = "voice", required = false) Boolean voice,
      @RequestParam(name = "credentialId", required = false) UUID credentialId) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "buy phone numbers");
    if (!country.matches("[A-Z]{2}")) {
      throw ApiException.badRequest("invalid_country", "Give the country as its two-letter code, such as US.");
    }
    if (areaCode != null && !areaCode.isBlank() && !areaCode.strip().matches("[0-9]{3}")) {
      throw ApiException.badRequest("invalid_area_code", "An area code has three digits, such as 415.");
    }
    if (contains != null && !contains.isBlank() && !contains.strip().matches("[0-9A-Za-z*]{1,16}")) {
      throw ApiException.badRequest("invalid_pattern", "Search for digits or letters a number should contain, such as 2024.");
    }
    Optional<Integer> area = Optional.ofNullable(areaCode).map(String::strip).filter(a -> !a.isEmpty()).map(Integer::valueOf);
    return provider(() -> purchases.search(purchases.account(user.tenantId(), Optional.ofNullable(credentialId)),
        new PhoneNumberPurchases.Search(country, area, Optional.ofNullable(contains).map(String::strip)
            .filter(c -> !c.isEmpty()), Optional.ofNullable(sms), Optional.ofNullable(voice))));
  }

  /**
   * Buys a number through Twilio with its webhooks pointed here, and adds it to the workspace. A
   * number another workspace holds is refused before anything is bought.
   */
  @PostMapping("/purchase")
  public ResponseEntity<NumberView> purchase(@RequestBody PurchaseNumber request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "buy phone numbers");
    String e164 = PhoneNumbers.normalise(request.number() == null ? "" : request.number())
        .orElseThrow(() -> ApiException.badRequest("invalid_number",
            "Choose a number from the search, written with its country code, such as +15551234567."));
    checkCredential(user, request.credentialId());
    checkWorkflow(user, request.workflowId());
    checkWorkflow(user, request.voiceWorkflowId());
    numbers.tenantOf(e164).ifPresent(holder -> {
      throw taken(e164, holder.equals(user.tenantId()));
    });
    PlanCatalog.Plan plan = plans.workspace(user.tenantId()).plan();
    plan.limit("phone_numbers").ifPresent(limit -> {
      if (numbers.list(user.tenantId()).size() >= limit) {
        throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "plan_limit", "Your " + plan.name() + " plan allows "
            + limit + " phone numbers, and your workspace has them. Release one, or upgrade the plan.");
      }
    });
    var account = provider(() -> purchases.account(user.tenantId(), Optional.ofNullable(request.credentialId())));
    String friendly = request.friendlyName() == null || request.friendlyName().isBlank() ? e164 : request.friendlyName().strip();
    PhoneNumberPurchases.Bought bought = provider(() -> purchases.buy(account, e164, friendly));
    UUID id = UUID.randomUUID();
    String provider = request.credentialId() == null ? "sandbox" : "twilio";
    try {
      db.runInTenant(user.tenantId(), tx -> {
        tx.fetch("select claim_phone_number(?)", bought.number());
        tx.insertInto(PHONE_NUMBERS)
            .set(PHONE_NUMBERS.TENANT_ID, user.tenantId().value())
            .set(PHONE_NUMBERS.ID, id)
            .set(PHONE_NUMBERS.E164, bought.number())
            .set(PHONE_NUMBERS.FRIENDLY_NAME, friendly)
            .set(PHONE_NUMBERS.PROVIDER, provider)
            .set(PHONE_NUMBERS.PROVIDER_SID, bought.sid())
            .set(PHONE_NUMBERS.CREDENTIAL_ID, request.credentialId())
            .set(PHONE_NUMBERS.WORKFLOW_ID, request.workflowId())
            .set(PHONE_NUMBERS.VOICE_WORKFLOW_ID, request.voiceWorkflowId())
            .set(PHONE_NUMBERS.CAPABILITIES, JSONB.valueOf("{\"sms\": " + bought.sms() + ", \"voice\": " + bought.voice()
                + ", \"whatsapp\": false}"))
            .set(PHONE_NUMBERS.CREATED_AT, now())
            .set(PHONE_NUMBERS.UPDATED_AT, now())
            .execute();
        audit.record(tx, user, "phone_number.purchase", "phone_number", id.toString(),
            Map.of("number", bought.number(), "provider", provider, "providerSid", bought.sid()));
      });
    } catch (RuntimeException e) {
      // bought at Twilio but not ours to keep (another workspace claimed it meanwhile): give it back
      try {
        purchases.release(account, bought.sid());
      } catch (RuntimeException releaseFailed) {
        log.warn("could not give back {} ({}) after failing to record it: {}", bought.number(), bought.sid(),
            releaseFailed.toString());
      }
      if (PostgresErrors.isUniqueViolation(e)) {
        throw taken(bought.number(), false);
      }
      throw e;
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
  }

  private static ApiException taken(String e164, boolean ours) {
    return new ApiException(HttpStatus.CONFLICT, "number_taken", ours
        ? e164 + " is already one of your workspace's numbers."
        : e164 + " is already in use by a workspace. A number can belong to one workspace only; choose another.");
  }

  private static <T> T provider(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (PhoneNumberPurchases.Refused e) {
      throw new ApiException(e.status(), e.code(), e.getMessage());
    }
  }

  @PatchMapping("/{id}")
  public NumberView change(@PathVariable UUID id, @RequestBody ChangeNumber request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "change phone numbers");
    numbers.find(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("phone number"));
    checkCredential(user, request.credentialId());
    checkWorkflow(user, request.workflowId());
    checkWorkflow(user, request.voiceWorkflowId());
    db.runInTenant(user.tenantId(), tx -> {
      var update = tx.update(PHONE_NUMBERS).set(PHONE_NUMBERS.UPDATED_AT, now());
      if (request.friendlyName() != null) {
        update = update.set(PHONE_NUMBERS.FRIENDLY_NAME, request.friendlyName().strip());
      }
      if (request.credentialId() != null || Boolean.TRUE.equals(request.clearCredential())) {
        update = update.set(PHONE_NUMBERS.CREDENTIAL_ID, request.credentialId())
            .set(PHONE_NUMBERS.PROVIDER, request.credentialId() == null ? "sandbox" : "twilio");
      }
      if (request.workflowId() != null || Boolean.TRUE.equals(request.clearWorkflow())) {
        update = update.set(PHONE_NUMBERS.WORKFLOW_ID, request.workflowId());
      }
      if (request.voiceWorkflowId() != null || Boolean.TRUE.equals(request.clearVoiceWorkflow())) {
        update = update.set(PHONE_NUMBERS.VOICE_WORKFLOW_ID, request.voiceWorkflowId());
      }
      update.where(PHONE_NUMBERS.ID.eq(id)).execute();
      audit.record(tx, user, "phone_number.change", "phone_number", id.toString(), Map.of());
    });
    return get(id);
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> release(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "release phone numbers");
    PhoneNumberDirectory.Number number = numbers.find(user.tenantId(), id).orElseThrow(() -> ApiException.notFound("phone number"));
    if (number.providerSid().isPresent()) {
      // bought through us: give it back at Twilio first, so it stops costing the moment it leaves the workspace
      provider(() -> {
        try {
          purchases.release(purchases.account(user.tenantId(), number.credentialId()), number.providerSid().get());
        } catch (PhoneNumberPurchases.Refused e) {
          if (!"invalid_credential".equals(e.code())) {
            throw e; // a deleted credential leaves nothing to release it with: the number leaves the workspace only
          }
        }
        return null;
      });
    }
    db.runInTenant(user.tenantId(), tx -> {
      tx.deleteFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.ID.eq(id)).execute();
      tx.fetch("select release_phone_number(?)", number.e164());
      audit.record(tx, user, "phone_number.release", "phone_number", id.toString(), Map.of("number", number.e164(),
          "releasedAtProvider", number.providerSid().isPresent()));
    });
    return ResponseEntity.noContent().build();
  }

  private void checkCredential(SwitchboardUser user, UUID credentialId) {
    if (credentialId == null) {
      return;
    }
    boolean twilio = credentials.find(user.tenantId(), credentialId).filter(c -> "twilio".equals(c.type())).isPresent();
    if (!twilio) {
      throw ApiException.badRequest("invalid_credential", "Choose one of your Twilio credentials for this number.");
    }
  }

  private void checkWorkflow(SwitchboardUser user, UUID workflowId) {
    if (workflowId != null && workflows.find(user.tenantId(), workflowId).isEmpty()) {
      throw ApiException.badRequest("invalid_workflow", "There is no such workflow in your workspace.");
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
