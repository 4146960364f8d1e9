package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.ui.account.AccountPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * On first start, creates the platform workspace and its superadmin from SWITCHBOARD_ADMIN_EMAIL and
 * SWITCHBOARD_ADMIN_PASSWORD. Without a password it generates one and prints it once, to the
 * console only (never to the log file).
 */
@Component
public class SuperadminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SuperadminBootstrap.class);

  private final TenantDatabase db;
  private final AccountService accounts;
  private final SwitchboardProperties.Admin admin;
  private final PrintStream console;

  @org.springframework.beans.factory.annotation.Autowired
  public SuperadminBootstrap(TenantDatabase db, AccountService accounts, SwitchboardProperties props) {
    this(db, accounts, props, System.out);
  }

  SuperadminBootstrap(TenantDatabase db, AccountService accounts, SwitchboardProperties props, PrintStream console) {
    this.db = db;
    this.accounts = accounts;
    this.admin = props.admin();
    this.console = console;
  }

  @Override
  public void run(ApplicationArguments args) throws AccountPort.SignUpRejected {
    boolean exists = db.platform(tx -> tx.resultQuery("select platform_superadmin_exists()").fetchOne(0, Boolean.class));
    if (exists) {
      return;
    }
    boolean generated = admin.password() == null || admin.password().isBlank();
    String password = generated ? generatePassword() : admin.password();
    try {
      accounts.create(new AccountService.NewTenant("Switchboard platform", "platform", "platform", "UTC",
          "Superadmin", admin.email(), password, true), AuditLog.Actor.SYSTEM, "platform.superadmin_created");
    } catch (AccountPort.SignUpRejected e) {
      if (db.platform(tx -> tx.resultQuery("select platform_superadmin_exists()").fetchOne(0, Boolean.class))) {
        return; // another node of the cluster created it first
      }
      throw new IllegalStateException("could not create the superadmin " + admin.email() + ": " + e.getMessage(), e);
    }
    log.info("created the superadmin account {}", admin.email());
    if (generated) {
      console.println();
      console.println("  Switchboard superadmin created. This password is shown only now:");
      console.println("    e-mail:   " + admin.email());
      console.println("    password: " + password);
      console.println("  (Set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD to choose them yourself.)");
      console.println();
    }
  }

  private static String generatePassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
