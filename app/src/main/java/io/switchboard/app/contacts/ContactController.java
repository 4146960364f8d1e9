package io.switchboard.app.contacts;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.schema.jooq.tables.records.ContactsRecord;
import org.jooq.Condition;
import io.switchboard.app.db.PostgresErrors;
import org.jooq.impl.DSL;
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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.CONTACTS;

/** The workspace's contacts (the built-in CRM): list and search, create, read, update, delete. */
@RestController
@RequestMapping("/api/v1/contacts")
public class ContactController {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final TenantDatabase db;
  private final AuditLog audit;
  private final java.time.Clock clock;

  private final ContactLimit limit;

  public ContactController(TenantDatabase db, AuditLog audit, java.time.Clock clock, ContactLimit limit) {
    this.limit = limit;
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  public record ContactInput(String firstName, String lastName, String phone, String email, String company,
                             List<String> tags, String stage) {}

  public record ContactView(UUID id, String firstName, String lastName, String phone, String email, String company,
                            List<String> tags, String stage, Integer leadScore, boolean smsOptedOut,
                            Instant createdAt, Instant updatedAt, tools.jackson.databind.JsonNode customFields) {}

  @GetMapping
  public List<ContactView> list(@RequestParam(name = "q", required = false) String query,
                                @RequestParam(name = "limit", defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    Condition filter = CONTACTS.TENANT_ID.eq(user.tenantId().value());
    if (query != null && !query.isBlank()) {
      String like = "%" + query.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
      filter = filter.and(DSL.lower(CONTACTS.FIRST_NAME.concat(" ").concat(CONTACTS.LAST_NAME)).like(like)
          .or(DSL.lower(CONTACTS.EMAIL).like(like))
          .or(CONTACTS.PHONE.like(like))
          .or(DSL.lower(CONTACTS.COMPANY).like(like)));
    }
    Condition where = filter;
    int bounded = Math.max(1, Math.min(limit, 500));
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(CONTACTS).where(where)
        .orderBy(CONTACTS.UPDATED_AT.desc()).limit(bounded).fetch(ContactController::view));
  }

  public record ActivityView(UUID id, Instant at, String kind, String summary, UUID refId, tools.jackson.databind.JsonNode details) {}

  /** The contact's timeline: messages, calls, notes, stage changes, opt-outs, newest first. */
  @GetMapping("/{id}/activities")
  public List<ActivityView> activities(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    return db.inTenant(user.tenantId(), tx -> {
      if (find(tx, user, id).isEmpty()) {
        throw ApiException.notFound("contact");
      }
      return tx.selectFrom(io.switchboard.schema.jooq.Tables.CONTACT_ACTIVITIES)
          .where(io.switchboard.schema.jooq.Tables.CONTACT_ACTIVITIES.CONTACT_ID.eq(id))
          .orderBy(io.switchboard.schema.jooq.Tables.CONTACT_ACTIVITIES.AT.desc()).limit(500).fetch()
          .map(r -> new ActivityView(r.getId(), r.getAt().toInstant(), r.getKind(), r.getSummary(), r.getRefId(),
              tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.getDetails().data())));
    });
  }

  @GetMapping("/{id}")
  public ContactView get(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    return db.inTenant(user.tenantId(), tx -> find(tx, user, id)).map(ContactController::view)
        .orElseThrow(() -> ApiException.notFound("contact"));
  }

  @PostMapping
  public ResponseEntity<ContactView> create(@RequestBody ContactInput input) {
    SwitchboardUser user = CurrentUser.require();
    ContactInput valid = validate(input);
    limit.refusal(user.tenantId()).ifPresent(why -> {
      throw new ApiException(org.springframework.http.HttpStatus.PAYMENT_REQUIRED, "plan_limit", why);
    });
    UUID id = UUID.randomUUID();
    ContactsRecord created = write(user, () -> db.inTenant(user.tenantId(), tx -> {
      ContactsRecord r = tx.newRecord(CONTACTS);
      r.setTenantId(user.tenantId().value());
      r.setId(id);
      apply(r, valid);
      r.setCreatedAt(OffsetDateTime.now(clock));
      r.setUpdatedAt(r.getCreatedAt());
      r.store();
      r.refresh();
      audit.record(tx, user, "contact.created", "contact", id.toString(), Map.of());
      return r;
    }));
    return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
  }

  @PatchMapping("/{id}")
  public ContactView update(@PathVariable UUID id, @RequestBody ContactInput input) {
    SwitchboardUser user = CurrentUser.require();
    ContactInput valid = validate(input);
    return view(write(user, () -> db.inTenant(user.tenantId(), tx -> {
      ContactsRecord r = find(tx, user, id).orElseThrow(() -> ApiException.notFound("contact"));
      apply(r, valid);
      r.setUpdatedAt(OffsetDateTime.now(clock));
      r.store();
      audit.record(tx, user, "contact.updated", "contact", id.toString(), Map.of());
      return r;
    })));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(@PathVariable UUID id) {
    SwitchboardUser user = CurrentUser.require();
    db.runInTenant(user.tenantId(), tx -> {
      int deleted = tx.deleteFrom(CONTACTS)
          .where(CONTACTS.TENANT_ID.eq(user.tenantId().value()).and(CONTACTS.ID.eq(id))).execute();
      if (deleted == 0) {
        throw ApiException.notFound("contact");
      }
      audit.record(tx, user, "contact.deleted", "contact", id.toString(), Map.of());
    });
    return ResponseEntity.noContent().build();
  }

  private static java.util.Optional<ContactsRecord> find(org.jooq.DSLContext tx, SwitchboardUser user, UUID id) {
    return tx.selectFrom(CONTACTS)
        .where(CONTACTS.TENANT_ID.eq(user.tenantId().value()).and(CONTACTS.ID.eq(id))).fetchOptional();
  }

  // Only fields present in the input change; absent (null) fields keep their value.
  private static void apply(ContactsRecord r, ContactInput in) {
    if (in.firstName() != null) r.setFirstName(in.firstName().trim());
    if (in.lastName() != null) r.setLastName(in.lastName().trim());
    if (in.phone() != null) r.setPhone(in.phone().isEmpty() ? null : in.phone());
    if (in.email() != null) r.setEmail(in.email().isEmpty() ? null : in.email());
    if (in.company() != null) r.setCompany(in.company().trim());
    if (in.tags() != null) r.setTags(in.tags().toArray(String[]::new));
    if (in.stage() != null) r.setStage(in.stage().trim());
  }

  private static ContactInput validate(ContactInput in) {
    if (in == null) {
      throw ApiException.badRequest("invalid_request", "Send the contact as JSON.");
    }
    String phone = in.phone() == null ? null : in.phone().replaceAll("[\\s().-]", "");
    if (phone != null && !phone.isEmpty() && !E164.matcher(phone).matches()) {
      throw ApiException.badRequest("invalid_phone",
          "Write the phone number in international format, such as +1 555 123 4567.");
    }
    String email = in.email() == null ? null : in.email().trim().toLowerCase(Locale.ROOT);
    if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
      throw ApiException.badRequest("invalid_email", "Enter a valid e-mail address, such as jane@example.com.");
    }
    List<String> tags = in.tags() == null ? null : in.tags().stream().map(String::trim).filter(t -> !t.isEmpty())
        .distinct().toList();
    if (tags != null && (tags.size() > 50 || tags.stream().anyMatch(t -> t.length() > 50))) {
      throw ApiException.badRequest("invalid_tags", "A contact has at most 50 tags of at most 50 characters each.");
    }
    return new ContactInput(in.firstName(), in.lastName(), phone, email, in.company(), tags, in.stage());
  }

  private static <T> T write(SwitchboardUser user, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      if (PostgresErrors.violatedUniqueConstraint(e).filter("contacts_tenant_phone_key"::equals).isPresent()) {
        throw new ApiException(HttpStatus.CONFLICT, "duplicate_phone", "Another contact already has this phone number.");
      }
      throw e;
    }
  }

  private static final tools.jackson.databind.json.JsonMapper CUSTOM = tools.jackson.databind.json.JsonMapper.builder().build();

  private static ContactView view(ContactsRecord r) {
    return new ContactView(r.getId(), r.getFirstName(), r.getLastName(), r.getPhone(), r.getEmail(), r.getCompany(),
        List.of(r.getTags()), r.getStage(), r.getLeadScore(), r.getSmsOptedOut(), r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant(), CUSTOM.readTree(r.getCustomFields() == null ? "{}" : r.getCustomFields().data()));
  }

}
