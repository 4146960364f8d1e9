package io.switchboard.app.billing;

import io.switchboard.app.plans.ServiceThrottle;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingSettingsTest {

  @Test
  void shouldReadPlanPricesAndMapPricesBackToPlans() {
    Map<String, String> prices = BillingSettings.parsePrices(" starter:price_1 , growth:price_2,scale:price_3,");
    assertThat(prices).containsExactlyInAnyOrderEntriesOf(Map.of("starter", "price_1", "growth", "price_2", "scale", "price_3"));
    BillingSettings settings = new BillingSettings(false, "sk_test_x", () -> URI.create("https://api.stripe.com"), "whsec_x",
        prices, Optional.empty(), "switchboard_executions", 14, Duration.ofDays(7), 50);
    assertThat(settings.planOfPrice("price_2")).contains("growth");
    assertThat(settings.planOfPrice("price_unknown")).isEmpty();
    assertThat(settings.price("trial")).isEmpty();
  }

  @Test
  void shouldRefusePricesWrittenWrongWithHowToWriteThem() {
    assertThatThrownBy(() -> BillingSettings.parsePrices("starter=price_1"))
        .hasMessageContaining("plan:price_id pairs");
    assertThatThrownBy(() -> BillingSettings.parsePrices("starter:")).hasMessageContaining("starter:price_123");
  }

  @Test
  void shouldCutLimitsToTheThrottlesShareButNeverToNothing() {
    ServiceThrottle.Throttle half = new ServiceThrottle.Throttle(50, "payment_overdue", "Pay.");
    assertThat(half.apply(3000)).isEqualTo(1500);
    assertThat(half.apply(1)).isEqualTo(1);
    assertThat(half.apply(Long.MAX_VALUE)).as("unlimited stays unlimited").isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> new ServiceThrottle.Throttle(0, "x", "y")).isInstanceOf(IllegalArgumentException.class);
  }
}
