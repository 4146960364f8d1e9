package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalChatModelServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "Weekly agent report": instantiating it makes the three specialist workflows beside
 * it (or uses one the workspace picks); on its schedule the manager runs them as child executions,
 * each returns a structured report on the week's numbers, and the manager's summary is e-mailed to
 * the owner. Model calls go to a local server speaking OpenAI's format.
 */
class WeeklyAgentReportIT extends IntegrationTestBase {

  @Test
  void shouldAskThreeSpecialistsForReportsAndEmailTheManagersSummary() {
    try (LocalChatModelServer model = new LocalChatModelServer(r -> {
      for (String area : List.of("sales", "support", "growth")) {
        if (r.system().contains("You are the " + area + " specialist")) {
          return "{\"area\": \"" + area + "\", \"headline\": \"" + area + " headline: 2 new contacts\", \"highlights\": [\"two leads\"], "
              + "\"concerns\": [], \"next_step\": \"keep going\"}";
        }
      }
      return "{\"subject\": \"Your week at Elm Dental\", \"summary\": \"A quiet, steady week.\", "
          + "\"priorities\": [\"Call back Ada\", \"Answer texts faster\"]}";
    })) {
      ApiClient api = api();
      String token = api.signUpAndToken("Elm Dental", uniqueEmail("weekly"), "weekly-pass-123");
      api.post("/api/v1/contacts", Map.of("firstName", "Ada", "phone", "+15559710001"), token);
      api.post("/api/v1/contacts", Map.of("firstName", "Bo", "phone", "+15559710002"), token);
      String credential = api.post("/api/v1/credentials", Map.of("name", "Our model", "type", "llm",
          "secret", model.credentialFields()), token).text("id");
      String templateId = SmsKnowledgeBaseResponderIT.templateId(api, token, "weekly-agent-report");

      // every second, so the test sees it run on its schedule (the default is Mondays at 8:00)
      ApiClient.Response made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
          "inputs", Map.of("business", "Elm Dental", "ownerEmail", "owner@elmdental.example",
              "senderEmail", "reports@elmdental.example", "cron", "* * * * * ?", "model", credential)), token);
      assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
      assertThat(made.body().path("active").asBoolean()).as(made.body().toString()).isTrue();
      String workflowId = made.body().path("workflowId").asString();
      List<JsonNode> specialists = workflows(api, token).stream()
          .filter(w -> w.path("name").asString().startsWith("Weekly report: ")).toList();
      assertThat(specialists).extracting(w -> w.path("name").asString()).containsExactlyInAnyOrder(
          "Weekly report: Sales specialist", "Weekly report: Support specialist", "Weekly report: Growth specialist");
      assertThat(specialists).allSatisfy(w -> assertThat(w.path("activeVersion").asInt()).isEqualTo(1));

      JsonNode report = Await.until("the owner's report", () -> StreamSupport.stream(api.get("/api/v1/sandbox/outbox", token)
              .body().spliterator(), false).filter(m -> m.path("to").asString().equals("owner@elmdental.example")).toList(),
          l -> !l.isEmpty()).getFirst();
      assertThat(api.post("/api/v1/workflows/" + workflowId + "/deactivate", Map.of(), token).status()).isEqualTo(200);
      assertThat(report.path("subject").asString()).isEqualTo("Your week at Elm Dental");
      assertThat(report.path("body").asString()).contains("A quiet, steady week.").contains("- Call back Ada")
          .contains("Sales: sales headline").contains("Support: support headline").contains("Growth: growth headline");
      // each specialist reasoned over the workspace's real numbers
      assertThat(model.received()).filteredOn(r -> r.system().contains("specialist of Elm Dental")).hasSizeGreaterThanOrEqualTo(3)
          .allSatisfy(r -> assertThat(r.user()).contains("\"new_contacts\":2"));
      JsonNode run = Await.until("a finished run", () -> StreamSupport.stream(api.get("/api/v1/executions?workflowId="
          + workflowId + "&status=succeeded", token).body().spliterator(), false).toList(), l -> !l.isEmpty()).getFirst();
      JsonNode steps = api.get("/api/v1/executions/" + run.path("id").asString(), token).body().path("steps");
      assertThat(StreamSupport.stream(steps.spliterator(), false).filter(s -> s.path("nodeName").asString().endsWith("specialist")
              && s.path("status").asString().equals("succeeded")))
          .hasSize(3).allSatisfy(s -> assertThat(s.path("output").path("json").path("headline").asString()).contains("headline"));

      // a workspace may bring its own specialist: only the other two are made
      String own = specialists.stream().filter(w -> w.path("name").asString().contains("Sales")).findFirst().orElseThrow()
          .path("id").asString();
      int before = workflows(api, token).size();
      ApiClient.Response second = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
          "inputs", Map.of("business", "Elm Dental", "ownerEmail", "owner@elmdental.example",
              "senderEmail", "reports@elmdental.example", "salesWorkflow", own)), token);
      assertThat(second.status()).as(second.body().toString()).isEqualTo(201);
      assertThat(second.body().path("active").asBoolean()).as("the default schedule is valid").isTrue();
      assertThat(workflows(api, token)).hasSize(before + 3);
      assertThat(api.post("/api/v1/workflows/" + second.body().path("workflowId").asString() + "/deactivate", Map.of(), token)
          .status()).isEqualTo(200);
    }
  }

  private static List<JsonNode> workflows(ApiClient api, String token) {
    JsonNode body = api.get("/api/v1/workflows", token).body();
    JsonNode list = body.isArray() ? body : body.path("workflows");
    return StreamSupport.stream(list.spliterator(), false).toList();
  }
}
