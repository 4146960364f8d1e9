package io.switchboard.app.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml describes the production stack and every file it mounts exists. */
class ProductionStackTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @SuppressWarnings("unchecked")
  void shouldDescribeTheWholeProductionStack() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("postgres", "neo4j", "qdrant", "redis", "app-1", "app-2", "load-balancer",
        "prometheus", "grafana");
    for (String app : List.of("app-1", "app-2")) {
      Map<String, Object> service = (Map<String, Object>) services.get(app);
      assertThat(service.get("build")).as(app + " is built from the Dockerfile").isEqualTo(".");
      assertThat((Map<String, Object>) service.get("environment")).containsKeys("DATABASE_URL", "DATABASE_APP_PASSWORD",
          "SWITCHBOARD_REDIS_URL");
    }
    assertThat(ROOT.resolve("Dockerfile")).exists();
    for (String mounted : List.of("deploy/nginx.conf", "deploy/prometheus.yml",
        "deploy/grafana/provisioning/datasources/prometheus.yml", ".env.example")) {
      assertThat(ROOT.resolve(mounted)).as(mounted).exists();
    }
    assertThat(Files.readString(ROOT.resolve("deploy/nginx.conf"))).contains("app-1:8080", "app-2:8080", "ip_hash");
  }

  @Test
  void shouldPassComposeValidationWhereComposeIsInstalled() throws Exception {
    Optional<List<String>> compose = composeCommand();
    org.junit.jupiter.api.Assumptions.assumeTrue(compose.isPresent(), "no docker compose on this machine");
    List<String> command = new java.util.ArrayList<>(compose.get());
    command.addAll(List.of("--env-file", ".env.example", "config", "-q"));
    Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static Optional<List<String>> composeCommand() throws InterruptedException {
    for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      try {
        Process p = new ProcessBuilder(new java.util.ArrayList<>(candidate) {{ add("version"); }})
            .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Optional.of(candidate);
        }
      } catch (IOException notInstalled) {
        // try the next form
      }
    }
    return Optional.empty();
  }
}
