package io.switchboard.app.ai;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The superadmin's platform AI settings: the default model for AI steps without a credential and the
 * global prompt before every AI step's instructions. The API key goes in and never comes out.
 */
@RestController
@RequestMapping("/api/v1/admin/ai-settings")
public class PlatformAiSettingsController {

  private final PlatformAiSettings settings;

  public PlatformAiSettingsController(PlatformAiSettings settings) {
    this.settings = settings;
  }

  public record GlobalPrompt(String text) {}

  @GetMapping
  public PlatformAiSettings.View get() {
    CurrentUser.require().requireSuperadmin("see the platform's AI settings");
    return settings.view();
  }

  @PutMapping("/model")
  public PlatformAiSettings.View setModel(@RequestBody PlatformAiSettings.ModelChange change) {
    return settings.setModel(CurrentUser.require(), change);
  }

  @DeleteMapping("/model")
  public PlatformAiSettings.View clearModel() {
    return settings.clearModel(CurrentUser.require());
  }

  @PutMapping("/global-prompt")
  public PlatformAiSettings.View setGlobalPrompt(@RequestBody GlobalPrompt prompt) {
    SwitchboardUser user = CurrentUser.require();
    return settings.setPreamble(user, prompt == null ? null : prompt.text());
  }
}
