package io.switchboard.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.switchboard.nodes.ai.LlmProvider;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;

/**
 * The console's AI settings: the platform's default model for AI steps that name no model account
 * (its API key is write-only: after saving the field is empty and only says a key is stored), and
 * the global prompt put before the instructions of every AI step of every workspace.
 */
final class AiSettingsForm extends VerticalLayout {

  private final SuperadminPort platform;
  private final Select<String> provider = new Select<>();
  private final TextField model = new TextField("Model");
  private final TextField baseUrl = new TextField("Address (optional)");
  private final PasswordField apiKey = new PasswordField("API key");
  private final Paragraph source = new Paragraph();
  private final TextArea prompt = new TextArea("Global prompt");
  private final Paragraph promptVersion = new Paragraph();

  AiSettingsForm(SuperadminPort platform) {
    this.platform = platform;
    setId("ai-settings");
    setMaxWidth("48rem");

    provider.setLabel("Provider");
    provider.setId("ai-provider");
    provider.setItems(java.util.Arrays.stream(LlmProvider.values()).filter(p -> p != LlmProvider.SANDBOX)
        .map(LlmProvider::code).toList());
    provider.setItemLabelGenerator(code -> LlmProvider.parse(code)
        .map(p -> p == LlmProvider.OPENAI ? p.displayName() + " (or OpenAI-compatible)" : p.displayName()).orElse(code));
    model.setId("ai-model");
    model.setPlaceholder("gpt-4o-mini");
    model.setHelperText("Empty: the provider's usual model.");
    baseUrl.setId("ai-base-url");
    baseUrl.setHelperText("Only for a self-hosted or proxy endpoint.");
    apiKey.setId("ai-api-key");
    apiKey.setRevealButtonVisible(false);
    source.setId("ai-source");
    for (var field : java.util.List.of(model, baseUrl, apiKey)) {
      field.setWidthFull();
    }
    provider.setWidthFull();

    Button saveModel = new Button("Save default model", e -> {
      try {
        show(platform.setDefaultModel(provider.getValue(), model.getValue(), baseUrl.getValue(), apiKey.getValue()));
        Page.done("The platform's default AI model is saved; AI steps use it within seconds.");
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    saveModel.setId("ai-save-model");
    saveModel.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Button clear = new Button("Use the server's setting", e -> {
      try {
        show(platform.clearDefaultModel());
        Page.done("The stored default model is removed.");
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    clear.setId("ai-clear-model");
    clear.setAriaLabel("Remove the stored default model and use the server's setting");

    prompt.setId("ai-global-prompt");
    prompt.setWidthFull();
    prompt.setMinHeight("8rem");
    prompt.setMaxLength(8_000);
    prompt.setHelperText("Put before the instructions of every AI step of every workspace, such as brand-safety or "
        + "compliance rules. Empty: none.");
    promptVersion.setId("ai-global-prompt-version");
    Button savePrompt = new Button("Save global prompt", e -> {
      try {
        show(platform.setGlobalPrompt(prompt.getValue()));
        Page.done("The global prompt is saved; AI steps use it within seconds.");
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    savePrompt.setId("ai-save-prompt");
    savePrompt.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

    add(new H3("Default AI model"),
        new Paragraph("AI steps that name no model account of their own use this model."),
        source, provider, model, baseUrl, apiKey, new HorizontalLayout(saveModel, clear),
        new H3("Global prompt"), prompt, promptVersion, savePrompt);
    show(platform.aiSettings());
  }

  private void show(SuperadminPort.AiSettings s) {
    provider.setValue(s.provider().orElse(null));
    model.setValue(s.model().orElse(""));
    baseUrl.setValue(s.baseUrl().orElse(""));
    // the key is never sent back to the browser: the field only says whether one is stored
    apiKey.clear();
    apiKey.setPlaceholder(s.apiKeySet() ? "A key is stored; leave empty to keep it" : "");
    apiKey.setHelperText(s.apiKeySet() ? "Stored encrypted. Type a new key to replace it." : "Stored encrypted, never shown again.");
    source.setText(switch (s.source()) {
      case "database" -> "Now used: the model saved here.";
      case "environment" -> "Now used: the model set in the server's environment (SWITCHBOARD_LLM_*).";
      default -> "Now used: the sandbox model (no default model is set), which writes no real answers.";
    } + s.updatedBy().map(by -> " Last changed by " + by + s.updatedAt().map(at -> ", " + Page.WHEN.format(at)).orElse("")
        + ".").orElse(""));
    prompt.setValue(s.globalPrompt());
    promptVersion.setText(s.globalPromptVersion() == 0 ? "Never set." : "Version " + s.globalPromptVersion()
        + " (each AI step records the version it used).");
  }
}
