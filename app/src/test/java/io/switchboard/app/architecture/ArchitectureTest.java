package io.switchboard.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module direction of DESIGN.md, checked on the compiled classes of every module:
 * app → builder-ui → templates → nodes → engine → schema, and no cycles between packages.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importSwitchboard() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.switchboard");
  }

  @Test
  void shouldKeepTheModuleDirection() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("app").definedBy("io.switchboard.app..")
        .layer("builder-ui").definedBy("io.switchboard.ui..")
        .layer("templates").definedBy("io.switchboard.templates..")
        .layer("nodes").definedBy("io.switchboard.nodes..")
        .layer("engine").definedBy("io.switchboard.engine..")
        .layer("schema").definedBy("io.switchboard.schema..")
        .whereLayer("app").mayNotBeAccessedByAnyLayer()
        .whereLayer("builder-ui").mayOnlyBeAccessedByLayers("app")
        .whereLayer("templates").mayOnlyBeAccessedByLayers("app", "builder-ui")
        .whereLayer("nodes").mayOnlyBeAccessedByLayers("app", "builder-ui", "templates")
        .whereLayer("engine").mayOnlyBeAccessedByLayers("app", "builder-ui", "templates", "nodes")
        .check(classes);
  }

  @Test
  void shouldKeepPackagesFreeOfCycles() {
    slices().matching("io.switchboard.(**)").should().beFreeOfCycles()
        .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.switchboard.schema.jooq.."))
        .check(classes);
  }

  @Test
  void shouldKeepTheEngineFreeOfWebUiAndProviderSdks() {
    noClasses().that().resideInAPackage("io.switchboard.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.boot..",
            "com.vaadin..", "jakarta.servlet..", "com.twilio..", "com.sendgrid..", "com.stripe..", "dev.langchain4j..")
        .check(classes);
  }

  /** The interpreter's step function is pure: time and randomness are its arguments, it does no I/O. */
  @Test
  void shouldKeepTheInterpreterPure() {
    noClasses().that().resideInAPackage("io.switchboard.engine.execution..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(Math.class, "random")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.jooq..", "java.net..",
            "java.io..", "java.nio.file..", "java.util.concurrent..", "io.switchboard.engine.runner..",
            "io.switchboard.engine.store..", "io.switchboard.engine.tenancy..", "io.switchboard.schema..")
        .check(classes);
  }

  @Test
  void shouldKeepTheUiAwayFromSql() {
    noClasses().that().resideInAPackage("io.switchboard.ui..")
        .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..",
            "io.switchboard.schema..")
        .check(classes);
  }

  @Test
  void shouldKeepTheSchemaModuleFreeOfLogicFromAboveIt() {
    noClasses().that().resideInAPackage("io.switchboard.schema..")
        .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.engine..", "io.switchboard.nodes..",
            "io.switchboard.templates..", "io.switchboard.ui..", "io.switchboard.app..")
        .check(classes);
  }
}
