package io.switchboard.app.calendar;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CalcomSignatureTest {

  @Test
  void shouldCheckTheHexHmacOfTheRawBody() {
    byte[] body = "{\"triggerEvent\":\"BOOKING_CREATED\"}".getBytes(StandardCharsets.UTF_8);
    // HMAC-SHA256("s3cret", body), computed independently with openssl
    String expected = "d7f16e0c6810bc7715d7ba5c469dc2770bdd69f59e403d095116246d29ed7a61";

    assertThat(CalcomSignature.sign("s3cret", body)).isEqualTo(expected);
    assertThat(CalcomSignature.valid("s3cret", expected, body)).isTrue();
    assertThat(CalcomSignature.valid("s3cret", expected.toUpperCase(), body)).isTrue();
    assertThat(CalcomSignature.valid("other", expected, body)).isFalse();
    assertThat(CalcomSignature.valid("s3cret", expected, "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(CalcomSignature.valid("s3cret", null, body)).isFalse();
  }
}
