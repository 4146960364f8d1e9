package io.switchboard.app.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

  @Test
  void shouldReadTheCommonUrlForm() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://sb:p%40ss@db.internal:6543/switchboard?sslmode=require", "", "");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/switchboard?sslmode=require");
    assertThat(url.user()).contains("sb");
    assertThat(url.password()).contains("p@ss");
    assertThat(url.describe()).isEqualTo("db.internal:6543/switchboard").doesNotContain("p@ss");
  }

  @Test
  void shouldReadTheJdbcFormAndLetVariablesOverrideCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/app?user=a&password=b", "admin", "secret");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
    assertThat(url.user()).contains("admin");
    assertThat(url.password()).contains("secret");
  }

  @Test
  void shouldExplainAUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://localhost/app", "", ""))
        .hasMessageContaining("must start with postgres://");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgres:///nohost", "", ""))
        .hasMessageContaining("has no host");
  }
}
