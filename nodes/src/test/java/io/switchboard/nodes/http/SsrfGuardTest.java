package io.switchboard.nodes.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SsrfGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.0",
      "100.64.0.1", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "localhost"})
  void shouldRefuseInternalDestinations(String host) {
    assertThatThrownBy(() -> SsrfGuard.strict().resolve(host))
        .isInstanceOf(SsrfGuard.Refused.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void shouldLetPublicAddressesThrough() throws Exception {
    assertThat(SsrfGuard.strict().resolve("93.184.216.34")).hasSize(1);
    assertThat(SsrfGuard.strict().resolve("2606:2800:220:1:248:1893:25c8:1946")).hasSize(1);
  }

  @Test
  void shouldLetThePlatformAllowListThrough() throws Exception {
    assertThat(new SsrfGuard(List.of("127.0.0.1")).resolve("127.0.0.1")).hasSize(1);
    assertThat(new SsrfGuard(List.of("localhost")).resolve("localhost")).isNotEmpty();
  }
}
