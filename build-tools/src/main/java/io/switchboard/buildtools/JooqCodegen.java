package io.switchboard.buildtools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the jOOQ classes from the Flyway migrations by running them on a throw-away embedded
 * PostgreSQL. jOOQ's DDL parser cannot read row-level security policies or plpgsql, so the schema is
 * read from a real server. Generation is skipped when the migrations have not changed.
 *
 * <p>Arguments: {@code <migrations dir> <bootstrap sql> <output dir> <package>}.
 */
public final class JooqCodegen {

  private JooqCodegen() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: JooqCodegen <migrations dir> <bootstrap sql> <output dir> <package>");
    }
    Path migrations = Path.of(args[0]);
    Path bootstrap = Path.of(args[1]);
    Path output = Path.of(args[2]);
    String packageName = args[3];

    String hash = hashInputs(migrations, bootstrap);
    Path stamp = output.resolve(".migrations.sha256");
    if (Files.exists(stamp) && Files.readString(stamp).trim().equals(hash)) {
      System.out.println("[jooq-codegen] migrations unchanged, keeping generated sources");
      return;
    }

    Path workDir = output.getParent().resolve("jooq-codegen-pg");
    Files.createDirectories(workDir);
    System.setProperty("ot.epg.working-dir", workDir.toAbsolutePath().toString());
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(workDir.toFile()).start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute(Files.readString(bootstrap, StandardCharsets.UTF_8));
      }
      Flyway.configure()
          .dataSource(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)
          .locations("filesystem:" + migrations.toAbsolutePath())
          .initSql("SET ROLE switchboard_owner")
          .load()
          .migrate();

      deleteRecursively(output);
      Files.createDirectories(output);
      GenerationTool.generate(new Configuration()
          .withLogging(Logging.WARN)
          .withJdbc(new Jdbc()
              .withDriver("org.postgresql.Driver")
              .withUrl(pg.getJdbcUrl("postgres", "postgres"))
              .withUser("postgres"))
          .withGenerator(new Generator()
              .withDatabase(new Database()
                  .withName("org.jooq.meta.postgres.PostgresDatabase")
                  .withInputSchema("public")
                  .withOutputSchemaToDefault(true)
                  .withExcludes("flyway_schema_history|qrtz_.*")
                  .withIncludeRoutines(false))
              .withGenerate(new Generate()
                  .withJavaTimeTypes(true)
                  .withRecords(true)
                  .withPojos(false)
                  .withDaos(false))
              .withTarget(new Target()
                  .withPackageName(packageName)
                  .withDirectory(output.toAbsolutePath().toString()))));
      Files.writeString(stamp, hash);
      System.out.println("[jooq-codegen] generated " + packageName + " into " + output);
    }
  }

  private static String hashInputs(Path migrations, Path bootstrap) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    List<Path> files;
    try (Stream<Path> s = Files.list(migrations)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      digest.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(f));
    }
    digest.update(Files.readAllBytes(bootstrap));
    digest.update(JooqCodegen.class.getName().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
