package io.switchboard.app.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountServiceTest {

  @Test
  void shouldDeriveAWorkspaceAddressFromTheBusinessName() {
    assertThat(AccountService.slugOf("Sunny Smiles Dental, LLC")).isEqualTo("sunny-smiles-dental-llc");
    assertThat(AccountService.slugOf("Café Zürich")).isEqualTo("cafe-zurich");
    assertThat(AccountService.slugOf("!!!")).isEqualTo("workspace");
    assertThat(AccountService.slugOf("x".repeat(80))).hasSize(40);
  }
}
