package io.switchboard.app.billing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How billing talks to Stripe and what it enforces. With no {@code SWITCHBOARD_STRIPE_SECRET_KEY}
 * the app's own sandbox is Stripe: the key and webhook secret are derived from the master key and
 * the API answers under {@code /sandbox/stripe} on the loopback.
 *
 * @param sandbox          true when the built-in sandbox is the Stripe account
 * @param apiKey           the secret key every call authenticates with (never logged or shown)
 * @param apiBase          where the SDK sends its calls (resolved late: the port is known only once the server runs)
 * @param webhookSecret    the {@code whsec_} secret {@code Stripe-Signature} is checked with; empty refuses every event
 * @param prices           Stripe price id of each paid plan (starter, growth, scale)
 * @param meteredPrice     the metered price the executions are billed on, added to checkout when set
 * @param meterEventName   the billing meter's event name executions are reported under
 * @param trialDays        trial days a first subscription starts with
 * @param grace            how long a workspace keeps running (throttled) after a failed payment
 * @param throttlePercent  the share of the plan's API rate and monthly runs left during the grace period
 */
public record BillingSettings(boolean sandbox, String apiKey, Supplier<URI> apiBase, String webhookSecret,
                              Map<String, String> prices, Optional<String> meteredPrice, String meterEventName,
                              int trialDays, Duration grace, int throttlePercent) {

  public static final Duration SIGNATURE_TOLERANCE = Duration.ofSeconds(300);

  public Optional<String> price(String plan) {
    return Optional.ofNullable(prices.get(plan));
  }

  /** The plan a Stripe price stands for. */
  public Optional<String> planOfPrice(String priceId) {
    return prices.entrySet().stream().filter(e -> e.getValue().equals(priceId)).map(Map.Entry::getKey).findFirst();
  }

  /** Parses {@code starter:price_1,growth:price_2}. */
  static Map<String, String> parsePrices(String spec) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      String p = pair.strip();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.indexOf(':');
      if (colon < 1 || colon == p.length() - 1) {
        throw new IllegalArgumentException("write SWITCHBOARD_STRIPE_PRICES as plan:price_id pairs separated by commas,"
            + " such as starter:price_123,growth:price_456");
      }
      out.put(p.substring(0, colon).strip(), p.substring(colon + 1).strip());
    }
    return Map.copyOf(out);
  }
}
