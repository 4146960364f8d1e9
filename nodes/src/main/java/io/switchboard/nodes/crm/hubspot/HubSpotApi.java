package io.switchboard.nodes.crm.hubspot;

import io.switchboard.nodes.messaging.ProviderFailure;
import org.apache.hc.client5.http.classic.methods.HttpPatch;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * HubSpot's CRM v3 REST API with a private-app token: contacts upserted by e-mail (batch upsert
 * with {@code idProperty=email}) or by phone (search, then update or create), and notes associated
 * with a contact. The base URL is the platform's (https://api.hubapi.com unless configured).
 */
public final class HubSpotApi implements Closeable {

  public static final URI HUBSPOT_API = URI.create("https://api.hubapi.com");
  /** HubSpot's defined association type "note to contact". */
  static final int NOTE_TO_CONTACT = 202;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String base;
  private final CloseableHttpClient http;

  public HubSpotApi(URI baseUrl) {
    String b = baseUrl.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(100).setMaxConnPerRoute(50)
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10))
                .setSocketTimeout(Timeout.ofSeconds(30)).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
        .disableAutomaticRetries()
        .disableCookieManagement()
        .setUserAgent("Switchboard/1 (+HubSpot adapter)")
        .build();
  }

  /** "Test connection": reads one contact ({@code GET /crm/v3/objects/contacts?limit=1}), proving the token and its scope. */
  public void check(String token) throws ProviderFailure {
    call(token, new org.apache.hc.client5.http.classic.methods.HttpGet(base + "/crm/v3/objects/contacts?limit=1"), null);
  }

  /** A contact as upserted: its HubSpot id and whether it was new. */
  public record UpsertedContact(String id, boolean created) {}

  public UpsertedContact upsertByEmail(String token, String email, Map<String, String> properties) throws ProviderFailure {
    ObjectNode body = NODES.objectNode();
    ObjectNode input = body.putArray("inputs").addObject();
    input.put("idProperty", "email");
    input.put("id", email);
    ObjectNode props = input.putObject("properties");
    properties.forEach(props::put);
    props.put("email", email);
    JsonNode answer = call(token, new HttpPost(base + "/crm/v3/objects/contacts/batch/upsert"), body);
    JsonNode result = answer.path("results").path(0);
    if (result.path("id").asString("").isEmpty()) {
      throw new ProviderFailure("provider_error", "HubSpot answered the upsert without a contact id.", false);
    }
    return new UpsertedContact(result.path("id").asString(), result.path("new").asBoolean(false));
  }

  public UpsertedContact upsertByPhone(String token, String phone, Map<String, String> properties) throws ProviderFailure {
    Optional<String> existing = findBy(token, "phone", phone);
    ObjectNode body = NODES.objectNode();
    ObjectNode props = body.putObject("properties");
    properties.forEach(props::put);
    props.put("phone", phone);
    if (existing.isPresent()) {
      call(token, new HttpPatch(base + "/crm/v3/objects/contacts/" + existing.get()), body);
      return new UpsertedContact(existing.get(), false);
    }
    JsonNode created = call(token, new HttpPost(base + "/crm/v3/objects/contacts"), body);
    return new UpsertedContact(created.path("id").asString(), true);
  }

  /** The id of the first contact whose {@code property} equals {@code value}. */
  public Optional<String> findBy(String token, String property, String value) throws ProviderFailure {
    ObjectNode body = NODES.objectNode();
    ObjectNode filter = body.putArray("filterGroups").addObject().putArray("filters").addObject();
    filter.put("propertyName", property);
    filter.put("operator", "EQ");
    filter.put("value", value);
    body.putArray("properties").add("email").add("phone");
    body.put("limit", 1);
    JsonNode answer = call(token, new HttpPost(base + "/crm/v3/objects/contacts/search"), body);
    String id = answer.path("results").path(0).path("id").asString("");
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  /** Creates a note on a contact; returns the note's id. */
  public String addNote(String token, String contactId, String text, Instant at) throws ProviderFailure {
    ObjectNode body = NODES.objectNode();
    ObjectNode props = body.putObject("properties");
    props.put("hs_timestamp", at.toString());
    props.put("hs_note_body", text);
    ArrayNode associations = body.putArray("associations");
    ObjectNode association = associations.addObject();
    association.putObject("to").put("id", contactId);
    ObjectNode type = association.putArray("types").addObject();
    type.put("associationCategory", "HUBSPOT_DEFINED");
    type.put("associationTypeId", NOTE_TO_CONTACT);
    JsonNode created = call(token, new HttpPost(base + "/crm/v3/objects/notes"), body);
    return created.path("id").asString("");
  }

  private JsonNode call(String token, HttpUriRequestBase request, JsonNode body) throws ProviderFailure {
    request.setHeader("Authorization", "Bearer " + token);
    request.setHeader("Accept", "application/json");
    if (body != null) {
      request.setEntity(new StringEntity(JSON.writeValueAsString(body), ContentType.APPLICATION_JSON));
    }
    try {
      return http.execute(request, response -> {
        String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
        int status = response.getCode();
        if (status >= 200 && status < 300) {
          return text.isBlank() ? NODES.objectNode() : JSON.readTree(text);
        }
        throw new Answered(failure(status, text, Optional.ofNullable(response.getFirstHeader("Retry-After"))
            .map(h -> h.getValue())));
      });
    } catch (Answered answered) {
      throw answered.failure;
    } catch (JacksonException e) {
      throw new ProviderFailure("provider_error", "HubSpot answered with something that is not JSON.", false);
    } catch (IOException e) {
      throw new ProviderFailure("provider_unreachable", "HubSpot could not be reached (" + e.getMessage()
          + "); will try again.", true);
    }
  }

  static ProviderFailure failure(int status, String body, Optional<String> retryAfter) {
    String reason = "";
    try {
      reason = body.isBlank() ? "" : JSON.readTree(body).path("message").asString("");
    } catch (JacksonException e) {
      // not JSON: no reason to quote
    }
    return switch (status) {
      case 401 -> new ProviderFailure("provider_auth", "HubSpot refused the access token: check the HubSpot credential "
          + "(a private app's token).", false);
      case 403 -> new ProviderFailure("provider_forbidden", "HubSpot says the private app may not do this"
          + (reason.isEmpty() ? "" : " (" + reason + ")") + ": give it the CRM contacts and notes scopes.", false);
      case 404 -> new ProviderFailure("not_found", "HubSpot has no such record" + (reason.isEmpty() ? "." : ": " + reason), false);
      case 409 -> new ProviderFailure("conflict", "HubSpot refused the change as a conflict" + (reason.isEmpty() ? "." : ": " + reason), false);
      case 429 -> new ProviderFailure("provider_busy", "HubSpot's rate limit was reached"
          + retryAfter.map(s -> " (retry after " + s + " s)").orElse("") + "; will try again.", true);
      default -> status >= 500
          ? new ProviderFailure("provider_busy", "HubSpot is failing (" + status + "); will try again.", true)
          : new ProviderFailure("provider_refused", "HubSpot refused the request (" + status + ")"
              + (reason.isEmpty() ? "." : ": " + reason), false);
    };
  }

  /** A provider failure carried out of the response handler. */
  private static final class Answered extends IOException {
    private final ProviderFailure failure;

    Answered(ProviderFailure failure) {
      super(failure.getMessage());
      this.failure = failure;
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
