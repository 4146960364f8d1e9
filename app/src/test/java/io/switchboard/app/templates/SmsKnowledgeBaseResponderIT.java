package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalChatModelServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "SMS knowledge-base responder" for a fresh workspace, in the sandbox channel, with its
 * model calls going to a local server speaking OpenAI's wire format: a question the knowledge base
 * answers is answered by text from it, one it does not is told a person will call (and the contact
 * tagged for it), and each exchange is remembered on the contact.
 */
class SmsKnowledgeBaseResponderIT extends IntegrationTestBase {

  private static final String PASSWORD = "kb-responder-pass-1";

  @Test
  void shouldAnswerFromTheKnowledgeBaseOrPromiseACallBackAndRememberTheExchange() throws Exception {
    try (LocalChatModelServer model = new LocalChatModelServer(request ->
        request.user().contains("park") && request.system().contains("entrance on Elm Street")
            ? "You can park for free behind the building; the entrance is on Elm Street [1]."
            : "I_DONT_KNOW")) {
      ApiClient api = api();
      String token = api.signUpAndToken("Elm Dental", uniqueEmail("kbsms"), PASSWORD);
      String number = "+1555950" + (1000 + System.nanoTime() % 9000);
      assertThat(api.post("/api/v1/phone-numbers", Map.of("number", number), token).status()).isEqualTo(201);
      String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Front desk"), token).text("id");
      String document = upload(token, kb, "faq.md", """
          # Parking
          Free parking is behind the building, entrance on Elm Street.
          # Opening hours
          We are open Monday to Friday, 8 am to 6 pm.
          """);
      Await.until("the FAQ indexed", () -> api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + document, token).body(),
          d -> d.path("status").asString().equals("indexed"));
      String credential = api.post("/api/v1/credentials", Map.of("name", "Our model", "type", "llm",
          "secret", model.credentialFields()), token).text("id");

      String templateId = templateId(api, token, "sms-knowledge-base-responder");
      ApiClient.Response made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
          "inputs", Map.of("number", number, "knowledgeBase", kb, "model", credential)), token);
      assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
      assertThat(made.body().path("active").asBoolean()).as(made.body().toString()).isTrue();
      String workflowId = made.body().path("workflowId").asString();

      String asker = "+15559610001";
      api.post("/api/v1/sandbox/simulate/sms", Map.of("from", asker, "to", number, "body", "Where can I park my car?"), token);
      JsonNode answered = Await.until("the answer by text", () -> api.get("/api/v1/sandbox/outbox", token).body(),
          o -> sent(o, asker).size() == 1);
      assertThat(sent(answered, asker).getFirst().path("body").asString()).contains("Elm Street");
      assertThat(sent(answered, asker).getFirst().path("from").asString()).isEqualTo(number);
      assertThat(model.received()).anySatisfy(r -> assertThat(r.user()).isEqualTo("Where can I park my car?"));

      api.post("/api/v1/sandbox/simulate/sms", Map.of("from", asker, "to", number, "body", "Do you repair motorbikes?"), token);
      JsonNode promised = Await.until("the call-back promise", () -> api.get("/api/v1/sandbox/outbox", token).body(),
          o -> sent(o, asker).size() == 2);
      assertThat(sent(promised, asker).stream().map(m -> m.path("body").asString()))
          .anyMatch(b -> b.contains("a person from our team will call you"));
      JsonNode contact = Await.until("the call-back tag", () -> api.get("/api/v1/contacts?q="
          + URLEncoder.encode(asker, StandardCharsets.UTF_8), token).body().path(0),
          c -> c.path("tags").toString().contains("needs-callback"));
      assertThat(contact.path("phone").asString()).isEqualTo(asker);

      // both runs succeeded and each remembered its exchange on the contact
      List<JsonNode> runs = Await.until("both runs finished", () -> StreamSupport.stream(
              api.get("/api/v1/executions?workflowId=" + workflowId, token).body().spliterator(), false).toList(),
          l -> l.size() == 2 && l.stream().allMatch(e -> e.path("status").asString().equals("succeeded")));
      String remembered = runs.stream().map(r -> api.get("/api/v1/executions/" + r.path("id").asString(), token).body().toString())
          .reduce("", String::concat);
      assertThat(remembered).contains("last_question").contains("Where can I park my car?").contains("Do you repair motorbikes?")
          .contains("Not in the knowledge base: a person will call back.");
    }
  }

  private static List<JsonNode> sent(JsonNode outbox, String to) {
    return StreamSupport.stream(outbox.spliterator(), false)
        .filter(m -> m.path("channel").asString().equals("sms") && m.path("to").asString().equals(to)).toList();
  }

  static String templateId(ApiClient api, String token, String slug) {
    JsonNode gallery = api.get("/api/v1/templates", token).body().path("templates");
    return StreamSupport.stream(gallery.spliterator(), false).filter(t -> t.path("slug").asString().equals(slug))
        .findFirst().orElseThrow(() -> new AssertionError("no template " + slug + " in " + gallery)).path("id").asString();
  }

  private String upload(String token, String kb, String fileName, String text) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/knowledge-bases/" + kb + "/documents?fileName=" + fileName))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return ApiClient.JSON.readTree(r.body()).path("id").asString();
  }
}
