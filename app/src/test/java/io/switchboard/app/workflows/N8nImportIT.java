package io.switchboard.app.workflows;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** An n8n export imported through the API: saved whole with its report, or refused with nothing saved. */
class N8nImportIT extends IntegrationTestBase {

  private static final String EXPORT = """
      {"name": "From n8n", "nodes": [
        {"parameters": {"httpMethod": "POST", "path": "x", "responseMode": "onReceived"}, "name": "Webhook",
         "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0]},
        {"parameters": {"from": "+15550001111", "to": "={{ $json.body.phone }}", "message": "=Hi {{ $json.body.name }}"},
         "name": "Twilio", "type": "n8n-nodes-base.twilio", "typeVersion": 1, "position": [200, 0],
         "credentials": {"twilioApi": {"id": "1", "name": "Prod Twilio"}}},
        {"parameters": {"operation": "append"}, "name": "Sheets", "type": "n8n-nodes-base.googleSheets", "typeVersion": 4,
         "position": [400, 0]}],
       "connections": {"Webhook": {"main": [[{"node": "Twilio", "type": "main", "index": 0}]]},
                       "Twilio": {"main": [[{"node": "Sheets", "type": "main", "index": 0}]]}}}
      """;

  private HttpResponse<String> upload(String token, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workflows/import/n8n"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldImportAnN8nExportWithItsReportAndRefuseForeignFilesWhole() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Importers", uniqueEmail("n8n"), "n8n-import-pass-1");

    HttpResponse<String> answer = upload(token, EXPORT);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    JsonNode imported = ApiClient.JSON.readTree(answer.body());
    assertThat(imported.path("name").asString()).isEqualTo("From n8n");
    assertThat(imported.path("summary").path("unsupported").asInt()).isEqualTo(1);
    assertThat(imported.path("nodes").toString()).contains("Prod Twilio").contains("sms.send@1").contains("never imported");
    assertThat(imported.path("problems").toString()).as("validation points at the placeholder").contains("sheets");

    JsonNode workflow = api.get("/api/v1/workflows/" + imported.path("workflowId").asString(), token).body();
    assertThat(workflow.path("graph").path("nodes")).hasSize(3);
    assertThat(workflow.path("graph").toString()).contains("{{ input.body.phone }}");
    int before = api.get("/api/v1/workflows", token).body().size();

    for (String foreign : new String[] {"not json at all", "{\"schemaVersion\": 1, \"nodes\": [], \"edges\": []}", ""}) {
      HttpResponse<String> refused = upload(token, foreign);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).containsAnyOf("not valid JSON", "not an n8n workflow export", "Send the n8n workflow export");
    }
    assertThat(api.get("/api/v1/workflows", token).body()).as("nothing half-imported").hasSize(before);
  }
}
