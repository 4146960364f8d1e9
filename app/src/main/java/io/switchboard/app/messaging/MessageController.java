package io.switchboard.app.messaging;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/** The workspace's messages and calls, newest first, with their delivery status. */
@RestController
@RequestMapping("/api/v1/messages")
public class MessageController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public MessageController(TenantDatabase db) {
    this.db = db;
  }

  public record MessageView(UUID id, String channel, String direction, String from, String to, Optional<String> subject,
                            String body, String status, Optional<String> error, String provider, Optional<String> providerId,
                            Optional<UUID> contactId, Optional<UUID> executionId, JsonNode details, Instant createdAt,
                            Instant updatedAt) {}

  @GetMapping
  public List<MessageView> list(@RequestParam(name = "contactId", required = false) UUID contactId,
                                @RequestParam(name = "executionId", required = false) UUID executionId,
                                @RequestParam(name = "channel", required = false) String channel,
                                @RequestParam(name = "limit", defaultValue = "100") int limit) {
    Condition where = DSL.noCondition();
    if (contactId != null) {
      where = where.and(MESSAGES.CONTACT_ID.eq(contactId));
    }
    if (executionId != null) {
      where = where.and(MESSAGES.EXECUTION_ID.eq(executionId));
    }
    if (channel != null && !channel.isBlank()) {
      where = where.and(MESSAGES.CHANNEL.eq(channel));
    }
    Condition filter = where;
    return db.inTenant(CurrentUser.require().tenantId(), tx -> tx.selectFrom(MESSAGES).where(filter)
        .orderBy(MESSAGES.CREATED_AT.desc(), MESSAGES.ID).limit(Math.max(1, Math.min(limit, 500))).fetch())
        .map(r -> new MessageView(r.getId(), r.getChannel(), r.getDirection(), r.getFromAddress(), r.getToAddress(),
            Optional.ofNullable(r.getSubject()), r.getBody(), r.getStatus(), Optional.ofNullable(r.getError()), r.getProvider(),
            Optional.ofNullable(r.getProviderId()), Optional.ofNullable(r.getContactId()), Optional.ofNullable(r.getExecutionId()),
            JSON.readTree(r.getDetails().data()), r.getCreatedAt().toInstant(), r.getUpdatedAt().toInstant()));
  }
}
