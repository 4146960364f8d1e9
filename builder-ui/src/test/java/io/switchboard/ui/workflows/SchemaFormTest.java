package io.switchboard.ui.workflows;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.switchboard.nodes.catalog.ConfigSchemas;
import io.switchboard.nodes.http.HttpRequest;
import io.switchboard.nodes.logic.Delay;
import io.switchboard.nodes.logic.SetFields;
import io.switchboard.nodes.trigger.WebhookTrigger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings form is generated from the node types' own schemas; nothing in it is per node type. */
class SchemaFormTest {

  private final List<Optional<String>> credentialTypesAsked = new ArrayList<>();
  private final SchemaForm.Choices choices = new SchemaForm.Choices() {
    @Override
    public List<SchemaForm.Choice> credentials(Optional<String> type) {
      credentialTypesAsked.add(type);
      return List.of(new SchemaForm.Choice("6f1c1d7e-0000-4000-8000-000000000001", "Shop secret (webhook.secret)"));
    }

    @Override
    public List<SchemaForm.Choice> workflows() {
      return List.of();
    }
  };

  @Test
  void shouldOfferTheWorkspacesCredentialsOfTheFieldsTypeAndStoreTheChosenId() {
    AtomicReference<ObjectNode> changed = new AtomicReference<>();
    SchemaForm form = new SchemaForm(ConfigSchemas.of(WebhookTrigger.Config.class), JsonNodeFactory.instance.objectNode(),
        choices, false, changed::set);

    @SuppressWarnings("unchecked")
    Select<SchemaForm.Choice> secret = (Select<SchemaForm.Choice>) find(form, "field-credentialId");
    assertThat(credentialTypesAsked).containsExactly(Optional.of("webhook.secret"));
    assertThat(secret.getLabel()).isEqualTo("Secret");
    secret.setValue(secret.getListDataView().getItems().findFirst().orElseThrow());
    assertThat(changed.get().path("credentialId").asString()).isEqualTo("6f1c1d7e-0000-4000-8000-000000000001");

    @SuppressWarnings("unchecked")
    Select<SchemaForm.Choice> answer = (Select<SchemaForm.Choice>) find(form, "field-respond");
    assertThat(answer.getListDataView().getItems().map(SchemaForm.Choice::value)).containsExactly("immediately", "respond_node");
    assertThat(find(form, "field-timeoutSeconds")).isInstanceOf(IntegerField.class);

    TextField methods = (TextField) find(form, "field-methods");
    methods.setValue("POST, PUT");
    assertThat(changed.get().path("methods").toString()).isEqualTo("[\"POST\",\"PUT\"]");
  }

  @Test
  void shouldKeepTheConfigWhenJsonOrADurationCannotBeUsed() {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("url", "https://example.com");
    AtomicReference<ObjectNode> changed = new AtomicReference<>();
    SchemaForm http = new SchemaForm(ConfigSchemas.of(HttpRequest.Config.class), config, choices, false, changed::set);
    assertThat(find(http, "field-url")).isInstanceOf(TextArea.class);
    TextArea body = (TextArea) find(http, "field-body");
    body.setValue("{\"name\": ");
    assertThat(body.isInvalid()).isTrue();
    assertThat(body.getErrorMessage()).contains("not valid JSON");
    assertThat(changed.get()).isNull();
    body.setValue("{\"name\": \"{{ trigger.body.name }}\"}");
    assertThat(body.isInvalid()).isFalse();
    assertThat(changed.get().path("body").path("name").asString()).isEqualTo("{{ trigger.body.name }}");
    assertThat(changed.get().path("url").asString()).isEqualTo("https://example.com");

    changed.set(null);
    SchemaForm delay = new SchemaForm(ConfigSchemas.of(Delay.Config.class), JsonNodeFactory.instance.objectNode(), choices,
        false, changed::set);
    TextField duration = (TextField) find(delay, "field-duration");
    duration.setValue("soon");
    assertThat(duration.isInvalid()).isTrue();
    assertThat(changed.get()).isNull();
    duration.setValue("2d");
    assertThat(changed.get().path("duration").asString()).isEqualTo("2d");
  }

  @Test
  void shouldEditListsOfItemsWithAFormPerItem() {
    AtomicReference<ObjectNode> changed = new AtomicReference<>();
    SchemaForm form = new SchemaForm(ConfigSchemas.of(SetFields.Config.class), JsonNodeFactory.instance.objectNode(),
        choices, false, changed::set);
    assertThat(find(form, "field-keepInput")).isInstanceOf(Checkbox.class);
    ((com.vaadin.flow.component.button.Button) find(form, "field-fields-add")).click();
    ((TextField) find(form, "field-fields-0-name")).setValue("greeting");
    ((TextArea) find(form, "field-fields-0-value")).setValue("Hi {{ trigger.body.name }}");
    assertThat(changed.get().path("fields").toString())
        .isEqualTo("[{\"name\":\"greeting\",\"value\":\"Hi {{ trigger.body.name }}\"}]");
    ((com.vaadin.flow.component.button.Button) find(form, "field-fields-0-remove")).click();
    assertThat(changed.get().path("fields").toString()).isEqualTo("[]");
  }

  private static Component find(Component root, String id) {
    return all(root).filter(c -> c.getId().map(id::equals).orElse(false)).findFirst()
        .orElseThrow(() -> new AssertionError("no component " + id));
  }

  private static Stream<Component> all(Component root) {
    return Stream.concat(Stream.of(root), root.getChildren().flatMap(SchemaFormTest::all));
  }
}
