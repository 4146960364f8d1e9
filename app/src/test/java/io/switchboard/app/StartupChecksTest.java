package io.switchboard.app;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupChecksTest {

  @Test
  void shouldSayWhatToDoWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThat(StartupChecks.problem(Map.of("SWITCHBOARD_PORT", Integer.toString(taken.getLocalPort()))))
          .hasValueSatisfying(m -> assertThat(m).contains("already in use").contains("SWITCHBOARD_PORT"));
    }
  }

  @Test
  void shouldSayWhatToDoWhenTheDatabaseCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    assertThat(StartupChecks.problem(Map.of("SWITCHBOARD_PORT", "0",
        "DATABASE_URL", "postgres://u:secret@127.0.0.1:" + closedPort + "/db")))
        .hasValueSatisfying(m -> assertThat(m).contains("cannot reach the database").doesNotContain("secret"));
  }

  @Test
  void shouldSayWhatToDoWhenTheDataDirectoryIsNotWritable() throws Exception {
    // A path that is a file cannot become the data directory, even for root (who ignores modes).
    Path file = Files.createTempDirectory("sb-home-parent").resolve("home-is-a-file");
    Files.writeString(file, "not a directory");
    assertThat(StartupChecks.problem(Map.of("SWITCHBOARD_PORT", "0", "SWITCHBOARD_HOME", file.toString())))
        .hasValueSatisfying(m -> assertThat(m).contains("not writable").contains("SWITCHBOARD_HOME"));
  }

  @Test
  void shouldSayWhatToDoWhenTheConfiguredRedisCannotBeReachedOrIsNoRedisAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    assertThat(StartupChecks.redisProblem("redis://:secret@127.0.0.1:" + closedPort)).hasValueSatisfying(m -> assertThat(m)
        .contains("cannot reach Redis at 127.0.0.1:" + closedPort).contains("unset SWITCHBOARD_REDIS_URL")
        .doesNotContain("secret"));
    assertThat(StartupChecks.redisProblem("localhost:6379")).hasValueSatisfying(m -> assertThat(m)
        .contains("must be a Redis address such as redis://host:6379"));
    try (ServerSocket listening = new ServerSocket(0)) {
      assertThat(StartupChecks.redisProblem("redis://127.0.0.1:" + listening.getLocalPort())).isEmpty();
    }
    assertThat(StartupChecks.redisProblem("")).as("not configured: PostgreSQL").isEmpty();
  }

  @Test
  void shouldSayWhatIsWrongWithANonNumericPort() {
    assertThat(StartupChecks.problem(Map.of("SWITCHBOARD_PORT", "eighty"))).hasValueSatisfying(m -> assertThat(m)
        .contains("must be a number"));
  }

  @Test
  void shouldFindNothingWrongWithAGoodSetUp() throws Exception {
    Path home = Files.createTempDirectory("sb-home", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assertThat(StartupChecks.problem(Map.of("SWITCHBOARD_PORT", "0", "SWITCHBOARD_HOME", home.toString()))).isEmpty();
  }
}
