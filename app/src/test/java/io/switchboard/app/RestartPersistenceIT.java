package io.switchboard.app;

import io.switchboard.app.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./switchboard run} on embedded defaults: the embedded PostgreSQL keeps its data under
 * SWITCHBOARD_HOME, so a workspace created before a restart is there after it.
 */
class RestartPersistenceIT {

  @TempDir
  Path home;

  @Test
  void shouldKeepWorkspacesAndUsersAcrossARestart() {
    String email = "restart-owner@example.test";
    String password = "restart-pass-123";
    try (ConfigurableApplicationContext first = start()) {
      ApiClient api = new ApiClient(port(first));
      api.signUpAndToken("Restart Roofing", email, password);
    }
    assertThat(Files.isDirectory(home.resolve("postgres/data"))).isTrue();
    try (ConfigurableApplicationContext second = start()) {
      ApiClient api = new ApiClient(port(second));
      String token = api.token(email, password);
      assertThat(api.get("/api/v1/me", token).text("tenantName")).isEqualTo("Restart Roofing");
      assertThat(api.token("first-admin@example.test", "first-admin-pass-1")).startsWith("sbs_");
    }
  }

  private ConfigurableApplicationContext start() {
    // Command-line arguments outrank application.yml, as the environment variables do in production.
    return new SpringApplicationBuilder(SwitchboardApplication.class).run(
        "--server.port=0",
        "--switchboard.home=" + home,
        "--switchboard.database.url=",
        "--switchboard.admin.email=first-admin@example.test",
        "--switchboard.admin.password=first-admin-pass-1");
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
