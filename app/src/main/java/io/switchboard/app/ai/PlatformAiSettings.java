package io.switchboard.app.ai;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.LlmProvider;
import io.switchboard.nodes.ai.LlmSettings;
import io.switchboard.nodes.ai.PlatformModels;
import io.switchboard.nodes.ai.PlatformPrompts;
import org.jooq.Record;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The platform's AI settings, kept in the database and set by the superadmin: the default model for
 * AI steps that name no credential (it wins over {@code SWITCHBOARD_LLM_*}, which stays the
 * fallback) and the preamble put before every AI step's system prompt. Read at most every
 * {@link #CACHE_FOR} per node (a change is seen by every node within that, without a restart; at
 * once on the node that made it). The API key is sealed with the credential vault and only ever
 * opened to call the model.
 */
public final class PlatformAiSettings implements PlatformModels, PlatformPrompts {

  static final Duration CACHE_FOR = Duration.ofSeconds(10);
  static final int MAX_PREAMBLE_CHARS = 8_000;
  // binds the sealed key to this row: a ciphertext copied from a workspace's credential does not open here
  private static final String KEY_AAD = "platform:ai-settings:1:llm-api-key";

  private final TenantDatabase db;
  private final CredentialVault vault;
  private final Optional<LlmSettings> environment;
  private final AuditLog audit;
  private final Clock clock;

  public PlatformAiSettings(TenantDatabase db, CredentialVault vault, Optional<LlmSettings> environment, AuditLog audit,
                            Clock clock) {
    this.db = db;
    this.vault = vault;
    this.environment = environment;
    this.audit = audit;
    this.clock = clock;
  }

  /** What the superadmin sees: never the key, only whether one is stored. */
  public record View(Optional<String> provider, Optional<String> model, Optional<String> baseUrl, boolean apiKeySet,
                     String effectiveSource, Optional<String> environmentProvider, String preamble, int preambleVersion,
                     Optional<Instant> updatedAt, Optional<String> updatedBy) {}

  /** A change to the default model; {@code apiKey} empty keeps the stored one, {@code clearApiKey} drops it. */
  public record ModelChange(String provider, String model, String baseUrl, String apiKey, Boolean clearApiKey) {}

  private record Stored(Optional<LlmSettings> model, Optional<String> provider, Optional<String> modelName,
                        Optional<String> baseUrl, boolean apiKeySet, String preamble, int preambleVersion,
                        Optional<Instant> updatedAt, Optional<String> updatedBy) {
    static final Stored EMPTY = new Stored(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, "",
        0, Optional.empty(), Optional.empty());
  }

  // One entry. Forgetting it waits for a read under way and drops what it read, so a read made while the
  // settings changed is not kept past the change.
  private static final String SETTINGS = "settings";
  private final com.github.benmanes.caffeine.cache.LoadingCache<String, Stored> cache =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(CACHE_FOR).build(key -> read());

  @Override
  public Optional<LlmSettings> defaultFor(TenantId tenant) {
    return stored().model().or(() -> environment);
  }

  @Override
  public Optional<Preamble> preambleFor(TenantId tenant) {
    Stored s = stored();
    return s.preamble().isBlank() ? Optional.empty() : Optional.of(new Preamble(s.preamble(), s.preambleVersion()));
  }

  public View view() {
    Stored s = read();
    String source = s.model().isPresent() ? "database" : environment.isPresent() ? "environment" : "sandbox";
    return new View(s.provider(), s.modelName(), s.baseUrl(), s.apiKeySet(), source,
        environment.map(e -> e.provider().code()), s.preamble(), s.preambleVersion(), s.updatedAt(), s.updatedBy());
  }

  /** Sets the platform default model (checked first); audited in the superadmin's workspace. */
  public View setModel(SwitchboardUser user, ModelChange change) {
    user.requireSuperadmin("set the platform's default AI model");
    if (change == null || change.provider() == null || change.provider().isBlank()) {
      throw ApiException.badRequest("invalid_llm_settings", "Choose the AI provider: "
          + Arrays.stream(LlmProvider.values()).filter(p -> p != LlmProvider.SANDBOX).map(LlmProvider::code)
          .collect(Collectors.joining(", ")) + ".");
    }
    LlmProvider provider = LlmProvider.parse(change.provider().strip()).filter(p -> p != LlmProvider.SANDBOX)
        .orElseThrow(() -> ApiException.badRequest("invalid_llm_settings", "'" + change.provider().strip()
            + "' is not a provider Switchboard knows; use openai, openrouter, anthropic, gemini or ollama."));
    String model = clean(change.model(), 200);
    String baseUrl = clean(change.baseUrl(), 500);
    if (!baseUrl.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_llm_settings", "The address must be a web address such as https://api.example.com/v1.");
      }
      if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw ApiException.badRequest("invalid_llm_settings", "The address must be a web address such as https://api.example.com/v1.");
      }
    }
    String newKey = change.apiKey() == null ? "" : change.apiKey().strip();
    boolean clearKey = Boolean.TRUE.equals(change.clearApiKey());
    Stored before = read();
    boolean keyAfter = !newKey.isEmpty() || (before.apiKeySet() && !clearKey);
    if (!keyAfter && provider != LlmProvider.OLLAMA && baseUrl.isEmpty()) {
      throw ApiException.badRequest("invalid_llm_settings", "Give the API key of the " + provider.code()
          + " account (it is stored encrypted and never shown again).");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    CredentialVault.Sealed sealed = newKey.isEmpty() ? null : vault.seal(newKey.getBytes(StandardCharsets.UTF_8), KEY_AAD);
    db.platform(tx -> {
      tx.execute("INSERT INTO platform_ai_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING");
      if (sealed != null) {
        tx.execute("UPDATE platform_ai_settings SET llm_key_id = ?, llm_key_nonce = ?, llm_key_ciphertext = ? WHERE id = 1",
            sealed.keyId(), sealed.nonce(), sealed.ciphertext());
      } else if (clearKey) {
        tx.execute("UPDATE platform_ai_settings SET llm_key_id = NULL, llm_key_nonce = NULL, llm_key_ciphertext = NULL WHERE id = 1");
      }
      tx.execute("UPDATE platform_ai_settings SET llm_provider = ?, llm_model = ?, llm_base_url = ?, updated_at = ?::timestamptz, "
          + "updated_by = ? WHERE id = 1", provider.code(), model.isEmpty() ? null : model, baseUrl.isEmpty() ? null : baseUrl,
          now, user.email());
      return null;
    });
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("provider", provider.code());
    details.put("model", model);
    details.put("baseUrl", baseUrl);
    details.put("apiKey", !newKey.isEmpty() ? "replaced" : clearKey ? "removed" : before.apiKeySet() ? "kept" : "none");
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "platform.llm_default_set", "platform_setting", "llm_default",
        details));
    forget();
    return view();
  }

  /** Drops the database default: AI steps fall back to the environment's model, or the sandbox. */
  public View clearModel(SwitchboardUser user) {
    user.requireSuperadmin("change the platform's default AI model");
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.platform(tx -> tx.execute("UPDATE platform_ai_settings SET llm_provider = NULL, llm_model = NULL, llm_base_url = NULL, "
        + "llm_key_id = NULL, llm_key_nonce = NULL, llm_key_ciphertext = NULL, updated_at = ?::timestamptz, updated_by = ? WHERE id = 1",
        now, user.email()));
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "platform.llm_default_cleared", "platform_setting",
        "llm_default", Map.of("fallback", environment.isPresent() ? "environment" : "sandbox")));
    forget();
    return view();
  }

  /** Replaces the global preamble (blank removes it); its version goes up by one; audited with the text. */
  public View setPreamble(SwitchboardUser user, String text) {
    user.requireSuperadmin("change the platform's global prompt");
    String preamble = text == null ? "" : text.strip();
    if (preamble.length() > MAX_PREAMBLE_CHARS) {
      throw ApiException.badRequest("preamble_too_long", "The global prompt can be at most " + MAX_PREAMBLE_CHARS
          + " characters; it has " + preamble.length() + ".");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    Integer version = db.platform(tx -> {
      tx.execute("INSERT INTO platform_ai_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING");
      return tx.fetchOne("UPDATE platform_ai_settings SET preamble = ?, preamble_version = preamble_version + 1, "
          + "updated_at = ?::timestamptz, updated_by = ? WHERE id = 1 RETURNING preamble_version", preamble, now, user.email())
          .get(0, Integer.class);
    });
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "platform.global_prompt_set", "platform_setting",
        "global_prompt", Map.of("version", version, "text", preamble)));
    forget();
    return view();
  }

  private void forget() {
    cache.invalidate(SETTINGS);
  }

  private Stored stored() {
    return cache.get(SETTINGS);
  }

  private Stored read() {
    Optional<Record> row = db.platform(tx -> tx.fetchOptional("SELECT llm_provider, llm_model, llm_base_url, llm_key_id, "
        + "llm_key_nonce, llm_key_ciphertext, preamble, preamble_version, updated_at, updated_by FROM platform_ai_settings "
        + "WHERE id = 1"));
    if (row.isEmpty()) {
      return Stored.EMPTY;
    }
    Record r = row.get();
    Optional<String> provider = Optional.ofNullable(r.get("llm_provider", String.class));
    Optional<String> model = Optional.ofNullable(r.get("llm_model", String.class));
    Optional<String> baseUrl = Optional.ofNullable(r.get("llm_base_url", String.class));
    String keyId = r.get("llm_key_id", String.class);
    Optional<String> key = keyId == null ? Optional.empty() : vault.open(new CredentialVault.Sealed(keyId,
        r.get("llm_key_nonce", byte[].class), r.get("llm_key_ciphertext", byte[].class)), KEY_AAD)
        .map(b -> new String(b, StandardCharsets.UTF_8));
    Optional<LlmSettings> settings = provider.flatMap(LlmProvider::parse)
        .map(p -> new LlmSettings(p, key.orElse(""), baseUrl, model, "platform default",
            LlmSettings.Origin.PLATFORM));
    return new Stored(settings, provider, model, baseUrl, keyId != null, r.get("preamble", String.class),
        r.get("preamble_version", Integer.class),
        Optional.ofNullable(r.get("updated_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.get("updated_by", String.class)));
  }

  private static String clean(String value, int max) {
    String v = value == null ? "" : value.strip();
    if (v.length() > max) {
      throw ApiException.badRequest("invalid_llm_settings", "That value is too long (at most " + max + " characters).");
    }
    return v;
  }
}
