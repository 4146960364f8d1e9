package io.switchboard.app.billing;

import io.switchboard.app.credentials.CredentialVault;
import io.switchboard.app.sandbox.LoopbackAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Billing's settings, read from the environment; the sandbox's Stripe key and webhook secret when no key is set. */
@Configuration(proxyBeanMethods = false)
public class BillingConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BillingConfiguration.class);

  static final Map<String, String> SANDBOX_PRICES = Map.of("starter", "price_sandbox_starter",
      "growth", "price_sandbox_growth", "scale", "price_sandbox_scale");
  static final String SANDBOX_METERED_PRICE = "price_sandbox_executions";

  @Bean
  BillingSettings billingSettings(CredentialVault vault, LoopbackAddress loopback,
                                  @Value("${SWITCHBOARD_STRIPE_SECRET_KEY:}") String secretKey,
                                  @Value("${SWITCHBOARD_STRIPE_API_BASE:}") String apiBase,
                                  @Value("${SWITCHBOARD_STRIPE_WEBHOOK_SECRET:}") String webhookSecret,
                                  @Value("${SWITCHBOARD_STRIPE_PRICES:}") String prices,
                                  @Value("${SWITCHBOARD_STRIPE_METERED_PRICE:}") String meteredPrice,
                                  @Value("${SWITCHBOARD_STRIPE_METER_EVENT:switchboard_executions}") String meterEvent,
                                  @Value("${SWITCHBOARD_BILLING_TRIAL_DAYS:14}") int trialDays,
                                  @Value("${SWITCHBOARD_BILLING_GRACE_DAYS:7}") int graceDays,
                                  @Value("${SWITCHBOARD_BILLING_THROTTLE_PERCENT:50}") int throttlePercent) {
    if (throttlePercent < 1 || throttlePercent > 100) {
      throw new IllegalArgumentException("SWITCHBOARD_BILLING_THROTTLE_PERCENT must be 1-100");
    }
    boolean sandbox = secretKey.isBlank();
    Supplier<URI> base = !apiBase.isBlank() ? () -> URI.create(strip(apiBase))
        : sandbox ? () -> URI.create(loopback.base() + "/sandbox/stripe") : () -> URI.create("https://api.stripe.com");
    String key = sandbox ? sandboxApiKey(vault) : secretKey.strip();
    String whsec = !webhookSecret.isBlank() ? webhookSecret.strip() : sandbox ? sandboxWebhookSecret(vault) : "";
    if (!sandbox && whsec.isEmpty()) {
      log.warn("SWITCHBOARD_STRIPE_SECRET_KEY is set but SWITCHBOARD_STRIPE_WEBHOOK_SECRET is not: "
          + "every Stripe event will be refused until it is");
    }
    Map<String, String> priceIds = !prices.isBlank() ? BillingSettings.parsePrices(prices) : sandbox ? SANDBOX_PRICES : Map.of();
    Optional<String> metered = !meteredPrice.isBlank() ? Optional.of(meteredPrice.strip())
        : sandbox ? Optional.of(SANDBOX_METERED_PRICE) : Optional.empty();
    return new BillingSettings(sandbox, key, base, whsec, priceIds, metered, meterEvent, Math.max(0, trialDays),
        Duration.ofDays(Math.max(0, graceDays)), throttlePercent);
  }

  /** The sandbox account's secret key: derived from the master key, the same on every node. */
  static String sandboxApiKey(CredentialVault vault) {
    return "sk_test_sandbox_" + HexFormat.of().formatHex(vault.derive("sandbox-stripe-api-key"), 0, 24);
  }

  static String sandboxWebhookSecret(CredentialVault vault) {
    return "whsec_sandbox_" + HexFormat.of().formatHex(vault.derive("sandbox-stripe-webhook-secret"), 0, 24);
  }

  private static String strip(String url) {
    String u = url.strip();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
