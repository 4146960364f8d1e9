package io.switchboard.app;

import io.switchboard.app.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

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
    // Starting an application replaces the JVM-wide security context strategy; the shared test
    // application's filters keep the one they were built with, so it is put back afterwards, or
    // every integration test running after this one is answered 401.
    SecurityContextHolderStrategy shared = SecurityContextHolder.getContextHolderStrategy();
    try {
      restartKeepsData(email, password);
    } finally {
      SecurityContextHolder.setContextHolderStrategy(shared);
    }
  }

  private void restartKeepsData(String email, String password) {
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
        "--switchboard.admin.password=first-admin-pass-1",
        // Quartz keeps schedulers and their data sources in JVM-wide registries by name: under the
        // shared name, closing this application would take the shared test application's with it
        "--spring.quartz.scheduler-name=switchboard-restart-test");
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
