package io.switchboard.app.ui;

import io.switchboard.app.templates.TemplateService;
import io.switchboard.app.web.ApiException;
import io.switchboard.ui.workspace.Refused;

import java.util.function.Supplier;

/** Runs a call of the application for a view, turning its refusals into the UI's {@link Refused} with the same words. */
final class Refusals {

  private Refusals() {}

  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw new Refused(e.code(), e.getMessage());
    } catch (TemplateService.InputsMissing e) {
      throw new Refused("inputs_missing", "The template needs a few things first.", e.problems());
    }
  }

  static void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }

  /** For controller methods that declare checked exceptions (they post signed webhooks). */
  interface Checked<T> {
    T get() throws Exception;
  }

  static <T> T checked(Checked<T> call) {
    return call(() -> {
      try {
        return call.get();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new Refused("failed", "That did not work: " + e.getMessage());
      }
    });
  }
}
