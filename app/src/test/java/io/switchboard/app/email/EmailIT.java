package io.switchboard.app.email;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.ContactBook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mail on the real application: the e-mail node sends through the real SendGrid SDK into the
 * sandbox (outbox, with the workspace's sender), the tracking links record opens and clicks and
 * unsubscribe the contact, after which the node refuses to e-mail them; SendGrid's signed events
 * update the message, with tampered, stale, replayed and unknown-workspace deliveries refused or
 * ignored.
 */
class EmailIT extends IntegrationTestBase {

  private static final String PASSWORD = "email-pass-123";
  private static final Pattern LINK = Pattern.compile("https?://[^\"'\\s]+/t/([ocu])/([A-Za-z0-9_.-]+)");
  private static final String MAILER = """
      {'nodes': [
        {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
        {'id': 'mail', 'type': 'email.send@1', 'name': 'Welcome', 'config': {'to': '{{ trigger.email }}',
          'subject': 'Welcome {{ trigger.name }}', 'fromName': 'Alpha Dental',
          'html': '<html><body><p>Hi {{ trigger.name }}! <a href=\\"https://alpha.test/book?x=1&amp;y=2\\">Book now</a></p></body></html>',
          'text': 'Hi {{ trigger.name }}! Book at https://alpha.test/book'}}],
       'edges': [{'from': 'start', 'to': 'mail'}]}
      """;

  @Autowired
  ContactBook contacts;

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  record Workspace(String token, TenantId tenant, String workflowId) {}

  private Workspace workspace(ApiClient api, String company) {
    String token = api.signUpAndToken(company, uniqueEmail("mail"), PASSWORD);
    var settings = api.send("PUT", "/api/v1/tenant/outreach", Map.of("emailFromAddress", "hello@alpha.test",
        "emailFromName", company, "bookingLink", "https://cal.com/alpha/visit"), token);
    assertThat(settings.status()).as(settings.body().toString()).isEqualTo(200);
    var created = api.post("/api/v1/workflows", Map.of("name", "Welcome mail", "graph", graph(MAILER)), token);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().path("problems")).as(created.body().toString()).isEmpty();
    TenantId tenant = TenantId.of(api.get("/api/v1/me", token).body().path("tenantId").asString());
    return new Workspace(token, tenant, created.text("workflowId"));
  }

  private JsonNode run(ApiClient api, Workspace w, String email, String name) {
    var run = api.post("/api/v1/workflows/" + w.workflowId() + "/run", Map.of("payload", Map.of("email", email, "name", name)),
        w.token());
    assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
    return run.body();
  }

  @Test
  void shouldSendThroughTheSandboxTrackOpensAndClicksAndHonourUnsubscribe() throws Exception {
    ApiClient api = api();
    Workspace a = workspace(api, "Alpha Dental");
    String customer = uniqueEmail("ann");
    var contact = api.post("/api/v1/contacts", Map.of("firstName", "Ann", "email", customer), a.token());
    assertThat(contact.status()).as(contact.body().toString()).isEqualTo(201);
    String contactId = contact.text("id");

    JsonNode done = run(api, a, customer, "Ann");
    assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.path("output").path("sandbox").asBoolean()).isTrue();

    JsonNode outbox = api.get("/api/v1/sandbox/outbox", a.token()).body();
    assertThat(outbox).hasSize(1);
    JsonNode mail = outbox.get(0);
    assertThat(mail.path("channel").asString()).isEqualTo("email");
    assertThat(mail.path("from").asString()).isEqualTo("hello@alpha.test");
    assertThat(mail.path("to").asString()).isEqualTo(customer);
    assertThat(mail.path("subject").asString()).isEqualTo("Welcome Ann");
    JsonNode request = mail.path("request");
    assertThat(request.path("from").path("name").asString()).isEqualTo("Alpha Dental");
    String html = request.path("content").path(1).path("value").asString();
    Map<String, String> links = links(html);
    assertThat(links).containsKeys("o", "c", "u");

    JsonNode message = api.get("/api/v1/messages?contactId=" + contactId + "&channel=email", a.token()).body().get(0);
    assertThat(message.path("status").asString()).isEqualTo("sent");
    assertThat(message.path("provider").asString()).isEqualTo("sandbox");
    assertThat(message.path("providerId").asString()).isEqualTo(mail.path("providerId").asString());

    HttpResponse<byte[]> pixel = http.send(HttpRequest.newBuilder(local("/t/o/" + links.get("o"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pixel.statusCode()).isEqualTo(200);
    assertThat(pixel.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/gif"));
    HttpResponse<String> click = get("/t/c/" + links.get("c"));
    assertThat(click.statusCode()).isEqualTo(302);
    assertThat(click.headers().firstValue("Location")).contains("https://alpha.test/book?x=1&y=2");
    String forged = links.get("c").substring(0, links.get("c").length() - 2) + "xx";
    assertThat(get("/t/c/" + forged).statusCode()).as("a tampered link leads nowhere").isEqualTo(404);
    JsonNode timeline = api.get("/api/v1/contacts/" + contactId + "/activities", a.token()).body();
    assertThat(timeline).extracting(t -> t.path("summary").asString())
        .anySatisfy(s -> assertThat(s).startsWith("Opened the e-mail \"Welcome Ann\""))
        .anySatisfy(s -> assertThat(s).startsWith("Clicked https://alpha.test/book?x=1&y=2"));

    // a GET only asks (mail scanners follow links); the POST unsubscribes
    HttpResponse<String> confirm = get("/t/u/" + links.get("u"));
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body()).contains("<form method=\"post\">");
    assertThat(contacts.findByEmail(a.tenant(), customer).orElseThrow().emailOptedOut()).isFalse();
    HttpResponse<String> unsubscribed = http.send(HttpRequest.newBuilder(local("/t/u/" + links.get("u")))
        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unsubscribed.statusCode()).isEqualTo(200);
    assertThat(unsubscribed.body()).contains("You are unsubscribed");
    assertThat(contacts.findByEmail(a.tenant(), customer).orElseThrow().emailOptedOut()).isTrue();

    JsonNode refused = run(api, a, customer, "Ann");
    assertThat(refused.path("status").asString()).isEqualTo("failed");
    assertThat(refused.path("error").path("code").asString()).isEqualTo("opted_out");
    assertThat(refused.path("error").path("message").asString()).contains("unsubscribed");
    assertThat(api.get("/api/v1/sandbox/outbox", a.token()).body()).as("nothing more was sent").hasSize(1);

    // another workspace sees none of it
    Workspace b = workspace(api, "Beta Builders");
    assertThat(api.get("/api/v1/sandbox/outbox", b.token()).body()).isEmpty();
    assertThat(api.get("/api/v1/messages?channel=email", b.token()).body()).isEmpty();
  }

  @Test
  void shouldTestSmtpCredentialsThroughTheSsrfGuardWithoutShowingSecrets() {
    ApiClient api = api();
    Workspace a = workspace(api, "Hotel Heating");
    var smtp = api.post("/api/v1/credentials", Map.of("name", "Office mail", "type", "smtp", "secret",
        Map.of("host", "127.0.0.1", "port", String.valueOf(port), "username", "u", "password", "smtp-secret-9", "tls", "none")),
        a.token());
    assertThat(smtp.status()).as(smtp.body().toString()).isEqualTo(201);
    ApiClient.Response tested = api.post("/api/v1/credentials/" + smtp.text("id") + "/test", Map.of(), a.token());
    assertThat(tested.status()).isEqualTo(200);
    assertThat(tested.body().path("ok").asBoolean()).isFalse();
    assertThat(tested.body().path("message").asString()).contains("private network");
    assertThat(tested.body().toString()).doesNotContain("smtp-secret-9");

    var incomplete = api.post("/api/v1/credentials", Map.of("name", "Half SendGrid", "type", "sendgrid", "secret",
        Map.of("dailyLimit", "5")), a.token());
    ApiClient.Response refused = api.post("/api/v1/credentials/" + incomplete.text("id") + "/test", Map.of(), a.token());
    assertThat(refused.body().path("ok").asBoolean()).isFalse();
    assertThat(refused.body().path("message").asString()).contains("has no apiKey");
  }

  @Test
  void shouldRefuseTheSandboxApiWithoutTheWorkspacesKey() throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(local("/sandbox/sendgrid/v3/mail/send"))
        .header("Authorization", "Bearer SG.sandbox." + UUID.randomUUID().toString().replace("-", "") + ".forged")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("\"errors\"");
  }

  @Test
  void shouldApplySignedSendGridEventsOnceAndRefuseTamperedStaleAndUnknownOnes() throws Exception {
    ApiClient api = api();
    Workspace a = workspace(api, "Gamma Gardens");
    String customer = uniqueEmail("gus");
    String contactId = api.post("/api/v1/contacts", Map.of("firstName", "Gus", "email", customer), a.token()).text("id");
    KeyPair keys = keys();
    var credential = api.post("/api/v1/credentials", Map.of("name", "SendGrid", "type", "sendgrid", "secret",
        Map.of("apiKey", "SG.unused", "webhookVerificationKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))),
        a.token());
    assertThat(credential.status()).as(credential.body().toString()).isEqualTo(201);
    JsonNode done = run(api, a, customer, "Gus");
    String messageId = done.path("output").path("message_id").asString();

    String delivered = events(a.tenant(), messageId, customer, "delivered", "ev-" + UUID.randomUUID());
    String now = String.valueOf(clock.instant().getEpochSecond());
    HttpResponse<String> genuine = postEvents(a.tenant(), delivered, now, sign(keys, now, delivered));
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
    assertThat(genuine.body()).contains("\"events\":1", "\"duplicates\":0");
    assertThat(status(api, a, contactId)).isEqualTo("delivered");

    HttpResponse<String> replay = postEvents(a.tenant(), delivered, now, sign(keys, now, delivered));
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("\"events\":0", "\"duplicates\":1");

    String spam = events(a.tenant(), messageId, customer, "spamreport", "ev-" + UUID.randomUUID());
    String signature = sign(keys, now, spam);
    String tampered = spam.replace("spamreport", "delivered");
    String stale = String.valueOf(clock.instant().minus(Duration.ofMinutes(10)).getEpochSecond());
    HttpResponse<String> forged = postEvents(a.tenant(), tampered, now, signature);
    HttpResponse<String> old = postEvents(a.tenant(), spam, stale, sign(keys, stale, spam));
    HttpResponse<String> wrongKey = postEvents(a.tenant(), spam, now, sign(keys(), now, spam));
    HttpResponse<String> unknown = postEvents(TenantId.random(), spam, now, signature);
    HttpResponse<String> unsigned = postEvents(a.tenant(), spam, now, null);
    for (HttpResponse<String> refused : List.of(forged, old, wrongKey, unknown, unsigned)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).as("an unknown workspace looks like a bad signature").isEqualTo(forged.body());
    }
    assertThat(status(api, a, contactId)).isEqualTo("delivered");
    assertThat(contacts.findByEmail(a.tenant(), customer).orElseThrow().emailOptedOut()).isFalse();

    HttpResponse<String> report = postEvents(a.tenant(), spam, now, signature);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(status(api, a, contactId)).isEqualTo("spam");
    assertThat(contacts.findByEmail(a.tenant(), customer).orElseThrow().emailOptedOut()).isTrue();
  }

  private static String events(TenantId tenant, String messageId, String email, String type, String eventId) {
    return "[{\"email\":\"" + email + "\",\"timestamp\":1700000000,\"event\":\"" + type + "\",\"sg_event_id\":\"" + eventId
        + "\",\"sg_message_id\":\"abc.filter0001\",\"switchboard_tenant\":\"" + tenant.value()
        + "\",\"switchboard_message\":\"" + messageId + "\"}]";
  }

  private String status(ApiClient api, Workspace w, String contactId) {
    return api.get("/api/v1/messages?contactId=" + contactId + "&channel=email", w.token()).body().get(0).path("status").asString();
  }

  private HttpResponse<String> postEvents(TenantId tenant, String body, String timestamp, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(local("/hooks/sendgrid/" + tenant.value()))
        .header("Content-Type", "application/json").header(SendGridEventSignature.TIMESTAMP_HEADER, timestamp)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(SendGridEventSignature.SIGNATURE_HEADER, signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String sign(KeyPair keys, String timestamp, String body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
    signer.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static Map<String, String> links(String html) {
    Map<String, String> found = new java.util.HashMap<>();
    Matcher m = LINK.matcher(html.replace("&amp;", "&"));
    while (m.find()) {
      found.putIfAbsent(m.group(1), m.group(2));
    }
    return found;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(local(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI local(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
