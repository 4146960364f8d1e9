package io.switchboard.app.messaging;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.credentials.CredentialService;
import io.switchboard.app.db.PostgresErrors;
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

  private final TenantDatabase db;
  private final PhoneNumberDirectory numbers;
  private final CredentialService credentials;
  private final WorkflowService workflows;
  private final AuditLog audit;
  private final Clock clock;

  public PhoneNumberController(TenantDatabase db, PhoneNumberDirectory numbers, CredentialService credentials,
                               WorkflowService workflows, AuditLog audit, Clock clock) {
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

  public record NumberView(UUID id, String number, String friendlyName, String provider, boolean sandbox,
                           Optional<UUID> credentialId, Optional<UUID> workflowId, Optional<UUID> voiceWorkflowId,
                           Map<String, Boolean> capabilities) {
    static NumberView of(PhoneNumberDirectory.Number n) {
      return new NumberView(n.id(), n.e164(), n.friendlyName(), n.provider(), n.credentialId().isEmpty(), n.credentialId(),
          n.workflowId(), n.voiceWorkflowId(), Map.of("sms", n.sms(), "voice", n.voice(), "whatsapp", n.whatsapp()));
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
    db.runInTenant(user.tenantId(), tx -> {
      tx.deleteFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.ID.eq(id)).execute();
      tx.fetch("select release_phone_number(?)", number.e164());
      audit.record(tx, user, "phone_number.release", "phone_number", id.toString(), Map.of("number", number.e164()));
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
