package io.switchboard.app.templates;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalChatModelServer;
import io.switchboard.app.support.Runs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "AI outreach sequence" for a fresh workspace: leads sent to its webhook are
 * researched through a local enrichment API, scored by the model (a local server speaking OpenAI's
 * format) into the CRM, and e-mailed; a reply stops one lead's sequence (and qualifies the lead), a
 * bounce another's, and the lead who never answers gets two follow-ups three days apart, then is
 * tagged as not answering.
 */
class AiOutreachSequenceIT extends IntegrationTestBase {

  private static final String PASSWORD = "outreach-pass-1";

  @Test
  void shouldResearchScoreAndEmailEachLeadThenFollowUpUntilAReplyBounceOrTheLastTouch() throws Exception {
    List<String> researched = new CopyOnWriteArrayList<>();
    HttpServer enrichment = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    enrichment.createContext("/enrich", exchange -> {
      researched.add(exchange.getRequestURI().getQuery());
      byte[] body = "{\"industry\": \"dental clinics\", \"employees\": 40, \"news\": \"opened a second practice\"}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    enrichment.start();
    try (LocalChatModelServer model = new LocalChatModelServer(r -> {
      if (r.system().contains("You qualify leads")) {
        return "{\"score\": 82, \"reason\": \"A growing clinic that books by phone.\", \"angle\": \"their second practice\"}";
      }
      if (r.user().startsWith("Write the first e-mail")) {
        return "{\"subject\": \"Your second practice\", \"body\": \"Hi, congratulations on the second practice. Bright Smile Agency\"}";
      }
      if (r.user().startsWith("Write a short follow-up")) {
        return "{\"subject\": \"One more idea\", \"body\": \"Hi again, one more idea. Bright Smile Agency\"}";
      }
      return "{\"subject\": \"Last note\", \"body\": \"This is my last message. Bright Smile Agency\"}";
    })) {
      ApiClient api = api();
      String email = uniqueEmail("sdr");
      String[] token = {api.signUpAndToken("Bright Smile Agency", email, PASSWORD)};
      String credential = api.post("/api/v1/credentials", Map.of("name", "Our model", "type", "llm",
          "secret", model.credentialFields()), token[0]).text("id");
      String templateId = SmsKnowledgeBaseResponderIT.templateId(api, token[0], "ai-outreach-sequence");
      ApiClient.Response refused = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("inputs",
          Map.of("business", "Bright Smile Agency", "mail", credential)), token[0]);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().toString()).contains("What you offer").contains("must be one of your sendgrid or smtp credentials");

      ApiClient.Response made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
          "inputs", Map.of("business", "Bright Smile Agency", "offer", "An AI receptionist that answers and books calls.",
              "signature", "Jo", "senderEmail", "jo@brightsmile.example",
              "enrichmentUrl", "http://localhost:" + enrichment.getAddress().getPort() + "/enrich", "model", credential)),
          token[0]);
      assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
      assertThat(made.body().path("active").asBoolean()).as(made.body().toString()).isTrue();
      String workflowId = made.body().path("workflowId").asString();
      String hook = api.get("/api/v1/workflows/" + workflowId, token[0]).body().path("workflow").path("webhookPath").asString();

      String run = Long.toString(System.nanoTime() % 1_000_000);
      String ada = "ada-" + run + "@clinic.example";
      String bob = "bob-" + run + "@clinic.example";
      String cat = "cat-" + run + "@clinic.example";
      for (String lead : List.of(ada, bob, cat)) {
        assertThat(postLead(hook, "{\"email\": \"" + lead + "\", \"first_name\": \"" + lead.substring(0, 3)
            + "\", \"company\": \"Elm Dental\", \"domain\": \"elmdental.example\"}")).isEqualTo(202);
      }
      try {
        Await.until("three first e-mails", () -> mails(api, token[0]), m -> m.size() == 3);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; runs: " + StreamSupport.stream(api.get("/api/v1/executions?workflowId="
            + workflowId, token[0]).body().spliterator(), false).map(x -> api.get("/api/v1/executions/" + x.path("id").asString(),
            token[0]).body().toString()).findFirst().orElse("none"), e);
      }
      assertThat(mails(api, token[0])).allSatisfy(m -> {
        assertThat(m.path("subject").asString()).isEqualTo("Your second practice");
        assertThat(m.path("from").asString()).isEqualTo("jo@brightsmile.example");
      });
      assertThat(researched).hasSize(3).allSatisfy(q -> assertThat(q).contains("domain=elmdental.example"));
      assertThat(model.received()).anySatisfy(r -> assertThat(r.user()).contains("opened a second practice"));
      JsonNode adaContact = contact(api, token[0], ada);
      assertThat(adaContact.path("leadScore").asInt()).isEqualTo(82);
      assertThat(adaContact.toString()).contains("A growing clinic that books by phone.");

      // a reply reaches only a run already waiting for it (see LeadNurtureDripIT)
      Runs.awaitParked(api, token[0], workflowId, clock.instant());
      // Ada answers; Cat's e-mail bounces
      assertThat(api.post("/api/v1/sandbox/simulate/email-reply", Map.of("from", "Ada <" + ada + ">",
          "subject", "Re: Your second practice", "text", "Sounds interesting, call me."), token[0]).body()
          .path("webhookStatus").asInt()).isEqualTo(200);
      String catMessage = StreamSupport.stream(api.get("/api/v1/messages?channel=email", token[0]).body().spliterator(), false)
          .filter(m -> m.path("to").asString().equals(cat)).findFirst().orElseThrow().path("id").asString();
      assertThat(api.post("/api/v1/sandbox/simulate/email-event", Map.of("messageId", catMessage, "event", "bounce",
          "reason", "550 no such mailbox"), token[0]).status()).isEqualTo(200);
      Await.until("Ada qualified and Cat tagged bounced", () -> List.of(contact(api, token[0], ada), contact(api, token[0], cat)),
          l -> l.get(0).path("stage").asString().equals("qualified") && l.get(0).path("tags").toString().contains("replied")
              && l.get(1).path("tags").toString().contains("bounced"));
      assertThat(activities(api, token[0], contact(api, token[0], ada))).contains("E-mail received: Re: Your second practice");

      // three days without an answer from Bob: the first follow-up; three more: the last; three more: no answer
      advance(Duration.ofDays(3).plusMinutes(1), token, api, email, workflowId);
      Await.until("Bob's first follow-up", () -> mailsTo(api, token[0], bob), m -> m.size() == 2);
      advance(Duration.ofDays(3).plusMinutes(1), token, api, email, workflowId);
      List<JsonNode> bobs = Await.until("Bob's last follow-up", () -> mailsTo(api, token[0], bob), m -> m.size() == 3);
      assertThat(bobs.stream().map(m -> m.path("subject").asString())).containsExactlyInAnyOrder(
          "Your second practice", "One more idea", "Last note");
      advance(Duration.ofDays(3).plusMinutes(1), token, api, email, workflowId);
      Await.until("Bob tagged as not answering", () -> contact(api, token[0], bob),
          c -> c.path("tags").toString().contains("no-answer") && !c.path("tags").toString().contains("outreach"));
      assertThat(mailsTo(api, token[0], ada)).hasSize(1);
      assertThat(mailsTo(api, token[0], cat)).hasSize(1);
    } finally {
      enrichment.stop(0);
    }
  }

  private void advance(Duration by, String[] token, ApiClient api, String email, String workflowId) {
    Runs.awaitParked(api, token[0], workflowId, clock.instant());
    clock.advance(by);
    token[0] = api.token(email, PASSWORD);
  }

  private int postLead(String hook, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hook))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static List<JsonNode> mails(ApiClient api, String token) {
    return StreamSupport.stream(api.get("/api/v1/sandbox/outbox", token).body().spliterator(), false)
        .filter(m -> m.path("channel").asString().equals("email")).toList();
  }

  private static List<JsonNode> mailsTo(ApiClient api, String token, String to) {
    return mails(api, token).stream().filter(m -> m.path("to").asString().equals(to)).toList();
  }

  private static JsonNode contact(ApiClient api, String token, String email) {
    return api.get("/api/v1/contacts?q=" + URLEncoder.encode(email, StandardCharsets.UTF_8), token).body().path(0);
  }

  private static String activities(ApiClient api, String token, JsonNode contact) {
    return api.get("/api/v1/contacts/" + contact.path("id").asString() + "/activities", token).body().toString();
  }
}
