package io.switchboard.app.messaging;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRM nodes in a test run on the real database: upsert, tag, move stage, note, and the contact's timeline. */
class CrmNodesIT extends IntegrationTestBase {

  private static final String FLOW = """
      {'nodes': [
        {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
        {'id': 'upsert', 'type': 'crm.upsert-contact@1', 'name': 'Save lead', 'config': {'phone': '{{ trigger.phone }}',
           'firstName': '{{ trigger.name }}', 'company': 'Acme', 'leadScore': '{{ trigger.score }}', 'tags': 'lead, web',
           'customFields': '{\\"source\\": \\"{{ trigger.source }}\\"}'}},
        {'id': 'tag', 'type': 'crm.tag@1', 'name': 'Tag', 'config': {'contactId': '{{ nodes[\\"Save lead\\"].contact.id }}',
           'add': 'vip', 'remove': 'web'}},
        {'id': 'stage', 'type': 'crm.stage@1', 'name': 'Qualify', 'config': {'contactId': '{{ nodes[\\"Save lead\\"].contact.id }}',
           'stage': 'qualified'}},
        {'id': 'note', 'type': 'crm.note@1', 'name': 'Note', 'config': {'contactId': '{{ nodes[\\"Save lead\\"].contact.id }}',
           'text': 'Asked about {{ trigger.topic }}'}},
        {'id': 'find', 'type': 'crm.find-contact@1', 'name': 'Find again', 'config': {'phone': '{{ trigger.phone }}'}}],
       'edges': [{'from': 'start', 'to': 'upsert'}, {'from': 'upsert', 'to': 'tag'}, {'from': 'tag', 'to': 'stage'},
                 {'from': 'stage', 'to': 'note'}, {'from': 'note', 'to': 'find'}]}
      """;

  @Test
  void shouldCreateTagQualifyAndAnnotateAContact() {
    ApiClient api = api();
    String token = api.signUpAndToken("CRM Co", uniqueEmail("crm"), "crm-nodes-pass-1");
    var created = api.post("/api/v1/workflows", Map.of("name", "CRM", "graph", graph(FLOW)), token);
    assertThat(created.body().path("problems")).as(created.body().toString()).isEmpty();
    String id = created.text("workflowId");
    var run = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("phone", "+15558887777", "name", "Zoe",
        "score", 72, "source", "website", "topic", "pricing")), token);
    assertThat(run.status()).as(run.body().toString()).isLessThan(300);
    String executionId = run.body().path("executionId").asString(run.body().path("id").asString());
    JsonNode execution = api.get("/api/v1/executions/" + executionId, token).body();
    assertThat(execution.path("summary").path("status").asString()).as(execution.toString()).isEqualTo("succeeded");

    JsonNode contact = api.get("/api/v1/contacts?q=%2B15558887777", token).body().get(0);
    assertThat(contact.path("firstName").asString()).isEqualTo("Zoe");
    assertThat(contact.path("company").asString()).isEqualTo("Acme");
    assertThat(contact.path("leadScore").asInt()).isEqualTo(72);
    assertThat(contact.path("stage").asString()).isEqualTo("qualified");
    assertThat(contact.path("tags")).extracting(JsonNode::asString).containsExactlyInAnyOrder("lead", "vip");
    JsonNode timeline = api.get("/api/v1/contacts/" + contact.path("id").asString() + "/activities", token).body();
    assertThat(timeline).extracting(a -> a.path("kind").asString()).contains("created", "tag", "stage", "note");
    assertThat(timeline).extracting(a -> a.path("summary").asString()).contains("Asked about pricing", "Moved from new to qualified");

    var bad = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("phone", "not a phone")), token);
    String failedId = bad.body().path("executionId").asString(bad.body().path("id").asString());
    JsonNode failed = api.get("/api/v1/executions/" + failedId, token).body();
    assertThat(failed.toString()).contains("invalid_number").contains("+15551234567");
  }
}
