package io.switchboard.app.support;

import io.switchboard.app.SwitchboardApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;

/**
 * The whole application on a random port, on a real PostgreSQL reached through DATABASE_URL (so
 * role creation and migrations run as they do against an external server), with a clock the test
 * can move. Subclasses share one application context.
 */
@SpringBootTest(classes = SwitchboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "switchboard.admin.email=" + IntegrationTestBase.ADMIN_EMAIL,
        "switchboard.admin.password=" + IntegrationTestBase.ADMIN_PASSWORD,
        "switchboard.auth.login-attempts-per-minute-per-address=1000",
        // local servers tests call: the HTTP step by the name "localhost", knowledge-base URL uploads at one loopback
        // address; 127.0.0.1 itself stays refused
        "SWITCHBOARD_HTTP_ALLOWED_HOSTS=localhost," + IntegrationTestBase.ALLOWED_TEST_HOST
    })
@Import(IntegrationTestBase.Fixtures.class)
public abstract class IntegrationTestBase {

  public static final String ADMIN_EMAIL = "superadmin@switchboard.test";
  public static final String ADMIN_PASSWORD = "superadmin-pass-123";
  /** The only internal address outbound requests may reach in tests. */
  public static final String ALLOWED_TEST_HOST = "127.0.0.3";

  @LocalServerPort
  protected int port;

  @Autowired
  protected MutableClock clock;

  protected ApiClient api() {
    return new ApiClient(port);
  }

  /** A graph written with single quotes; the schema version is added when left out (except to test that). */
  public static tools.jackson.databind.JsonNode graph(String json) {
    tools.jackson.databind.node.ObjectNode tree = (tools.jackson.databind.node.ObjectNode) ApiClient.JSON.readTree(json.replace('\'', '"'));
    if (!tree.has("schemaVersion")) {
      tree.put("schemaVersion", 1);
    }
    return tree;
  }

  /** An e-mail no other test uses. */
  protected static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("switchboard.database.url", TestPostgres::adminUrl);
    registry.add("switchboard.home", () -> {
      try {
        return Files.createTempDirectory("switchboard-test-home").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @TestConfiguration(proxyBeanMethods = false)
  public static class Fixtures {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(Instant.now());
    }
  }
}
