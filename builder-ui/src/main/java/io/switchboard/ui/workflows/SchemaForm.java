package io.switchboard.ui.workflows;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.switchboard.nodes.catalog.Durations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A form generated from a node type's settings schema (titles, help, required, enum and
 * {@code x-kind}), editing a copy of a node's config. Nothing in it is written per node type.
 * Each accepted change calls {@code onChange} with the whole new config; a value that cannot be
 * used (malformed JSON) marks its field and changes nothing.
 */
final class SchemaForm extends VerticalLayout {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A choice in a select of the workspace's things (credentials, workflows): stored value and shown label. */
  record Choice(String value, String label) {}

  /** Where the form finds choices for credential and workflow fields, and the data its templates can insert. */
  interface Choices {
    List<Choice> credentials(Optional<String> type);

    List<Choice> workflows();

    /** What template and expression fields offer to insert (the data of the steps before this one). */
    default List<DataSuggestions.Suggestion> data() {
      return List.of();
    }
  }

  private final ObjectNode config;
  private final Choices choices;
  private final java.util.function.Consumer<ObjectNode> onChange;
  private final boolean readOnly;

  SchemaForm(JsonNode schema, ObjectNode config, Choices choices, boolean readOnly,
             java.util.function.Consumer<ObjectNode> onChange) {
    this.config = config.deepCopy();
    this.choices = choices;
    this.onChange = onChange;
    this.readOnly = readOnly;
    setPadding(false);
    setSpacing(false);
    getStyle().set("gap", "var(--lumo-space-s)");
    JsonNode defs = schema.path("$defs");
    Set<String> required = strings(schema.path("required"));
    Map<String, JsonNode> properties = orderedProperties(schema, required);
    if (properties.isEmpty()) {
      add(new Span("This step has no settings."));
    }
    properties.forEach((name, property) -> add(field(name, resolve(property, defs), required.contains(name),
        this.config, defs, "field-" + name, this::changed)));
  }

  private void changed() {
    onChange.accept(config.deepCopy());
  }

  /** Required fields first, then the rest, each group in the schema's order. */
  private static Map<String, JsonNode> orderedProperties(JsonNode schema, Set<String> required) {
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    schema.path("properties").properties().forEach(e -> {
      if (required.contains(e.getKey())) ordered.put(e.getKey(), e.getValue());
    });
    schema.path("properties").properties().forEach(e -> ordered.putIfAbsent(e.getKey(), e.getValue()));
    return ordered;
  }

  private static JsonNode resolve(JsonNode property, JsonNode defs) {
    String ref = property.path("$ref").asString("");
    if (ref.startsWith("#/$defs/")) {
      JsonNode target = defs.path(ref.substring("#/$defs/".length()));
      if (target.isObject()) {
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        property.properties().forEach(e -> {
          if (!e.getKey().equals("$ref")) merged.set(e.getKey(), e.getValue());
        });
        return merged;
      }
    }
    return property;
  }

  private Component field(String name, JsonNode property, boolean required, ObjectNode target, JsonNode defs,
                          String id, Runnable changed) {
    String kind = property.path("x-kind").asString(guessKind(property));
    String title = property.path("title").asString(name);
    String help = property.path("description").asString("");
    String placeholder = property.path("x-placeholder").asString("");
    JsonNode current = target.path(name);
    Component component = switch (kind) {
      case "select" -> select(title, options(property), current, required, value -> set(target, name, value, changed));
      case "credential" -> select(title, choices.credentials(Optional.ofNullable(property.path("x-credential-type")
              .asString(null))), current, required, value -> set(target, name, value, changed));
      case "workflow" -> select(title, choices.workflows(), current, required, value -> set(target, name, value, changed));
      case "number" -> number(title, property, current, value -> {
        if (value == null) target.remove(name); else target.set(name, value);
        changed.run();
      });
      case "boolean" -> {
        Checkbox box = new Checkbox(title, current.asBoolean(false));
        box.addValueChangeListener(e -> {
          target.put(name, e.getValue());
          changed.run();
        });
        yield box;
      }
      case "template", "expression" -> {
        TextArea area = new TextArea(title);
        area.setValue(current.isString() ? current.asString() : current.isMissingNode() || current.isNull() ? "" : current.toString());
        area.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        String helpText = help.isBlank() ? (kind.equals("template") ? "Use {{ }} to insert data from earlier steps, such as {{ trigger.body.name }}." : "An expression, such as trigger.body.total > 100") : help;
        if (readOnly) {
          area.setHelperText(helpText);
        } else {
          // the help and, under it, "Insert data" (typing {{ opens the same list)
          Div helper = new Div(new Span(helpText), new DataPicker(choices.data(), kind.equals("expression")));
          helper.getStyle().set("display", "flex").set("flex-direction", "column").set("align-items", "flex-start")
              .set("gap", "2px");
          area.setHelperComponent(helper);
        }
        area.setValueChangeMode(ValueChangeMode.LAZY);
        area.addValueChangeListener(e -> set(target, name, e.getValue(), changed));
        area.setMaxHeight("10em");
        yield area;
      }
      case "json" -> json(title, help, current, value -> {
        if (value == null) target.remove(name); else target.set(name, value);
        changed.run();
      });
      case "list" -> list(name, title, help, property, target, defs, id, changed);
      default -> {
        TextField text = new TextField(title);
        text.setValue(current.isString() ? current.asString() : current.isMissingNode() || current.isNull() ? "" : current.toString());
        text.setPlaceholder(placeholder);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        boolean duration = kind.equals("duration");
        text.addValueChangeListener(e -> {
          if (duration && !e.getValue().isBlank()) {
            try {
              Durations.parse(e.getValue());
            } catch (IllegalArgumentException refused) {
              text.setErrorMessage(refused.getMessage());
              text.setInvalid(true);
              return;
            }
          }
          text.setInvalid(false);
          set(target, name, e.getValue(), changed);
        });
        if (duration && help.isBlank()) {
          help = "Such as 2d, 3h, 15m or 30s.";
        }
        yield text;
      }
    };
    component.setId(id);
    if (component instanceof com.vaadin.flow.component.HasHelper helper && !(component instanceof TextArea)
        && !help.isBlank()) {
      helper.setHelperText(help);
    }
    if (component instanceof HasValue<?, ?> value) {
      value.setRequiredIndicatorVisible(required);
      value.setReadOnly(readOnly);
    }
    if (component instanceof com.vaadin.flow.component.HasSize sized && !(component instanceof Checkbox)) {
      sized.setWidthFull();
    }
    return component;
  }

  private static String guessKind(JsonNode property) {
    return switch (property.path("type").asString("")) {
      case "integer", "number" -> "number";
      case "boolean" -> "boolean";
      case "array" -> "list";
      case "object", "" -> property.has("enum") ? "select" : "json";
      default -> property.has("enum") ? "select" : "text";
    };
  }

  private static List<Choice> options(JsonNode property) {
    List<Choice> list = new ArrayList<>();
    property.path("enum").forEach(v -> list.add(new Choice(v.asString(), v.asString().replace('_', ' '))));
    return list;
  }

  private static void set(ObjectNode target, String name, String value, Runnable changed) {
    if (value == null || value.isBlank()) {
      target.remove(name);
    } else {
      target.put(name, value);
    }
    changed.run();
  }

  private static Select<Choice> select(String title, List<Choice> options, JsonNode current, boolean required,
                                       java.util.function.Consumer<String> onValue) {
    Select<Choice> select = new Select<>();
    select.setLabel(title);
    List<Choice> items = new ArrayList<>(options);
    String value = current.isString() ? current.asString() : null;
    if (value != null && items.stream().noneMatch(c -> c.value().equals(value))) {
      items.add(new Choice(value, value + " (not available)"));
    }
    select.setItems(items);
    select.setItemLabelGenerator(c -> c == null ? "" : c.label());
    select.setEmptySelectionAllowed(true);
    select.setEmptySelectionCaption(required ? "Choose…" : "(not set)");
    items.stream().filter(c -> c.value().equals(value)).findFirst().ifPresent(select::setValue);
    select.addValueChangeListener(e -> onValue.accept(e.getValue() == null ? null : e.getValue().value()));
    if (options.isEmpty()) {
      select.setHelperText("Nothing to choose from yet.");
    }
    return select;
  }

  private static Component number(String title, JsonNode property, JsonNode current,
                                  java.util.function.Consumer<JsonNode> onValue) {
    if ("integer".equals(property.path("type").asString(""))) {
      IntegerField field = new IntegerField(title);
      if (current.isNumber()) field.setValue(current.asInt());
      field.setValueChangeMode(ValueChangeMode.LAZY);
      field.addValueChangeListener(e -> onValue.accept(e.getValue() == null ? null : NODES.numberNode(e.getValue())));
      return field;
    }
    NumberField field = new NumberField(title);
    if (current.isNumber()) field.setValue(current.asDouble());
    field.setValueChangeMode(ValueChangeMode.LAZY);
    field.addValueChangeListener(e -> onValue.accept(e.getValue() == null ? null : NODES.numberNode(e.getValue())));
    return field;
  }

  private static TextArea json(String title, String help, JsonNode current,
                               java.util.function.Consumer<JsonNode> onValue) {
    TextArea area = new TextArea(title);
    area.setValue(current.isMissingNode() || current.isNull() ? "" : current.toPrettyString());
    area.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
    area.setHelperText((help.isBlank() ? "" : help + " ") + "JSON, such as {\"name\": \"value\"}.");
    area.setValueChangeMode(ValueChangeMode.LAZY);
    area.setMaxHeight("12em");
    area.addValueChangeListener(e -> {
      String text = e.getValue().trim();
      if (text.isEmpty()) {
        area.setInvalid(false);
        onValue.accept(null);
        return;
      }
      try {
        JsonNode parsed = JSON.readTree(text);
        area.setInvalid(false);
        onValue.accept(parsed);
      } catch (JacksonException ex) {
        area.setErrorMessage("This is not valid JSON: " + firstLine(ex.getOriginalMessage()) + ". Nothing was changed.");
        area.setInvalid(true);
      }
    });
    return area;
  }

  private static String firstLine(String message) {
    return message == null ? "unexpected text" : message.lines().findFirst().orElse(message);
  }

  /** A list: simple values as one comma-separated field; objects as a repeated group of sub-forms. */
  private Component list(String name, String title, String help, JsonNode property, ObjectNode target, JsonNode defs,
                         String id, Runnable changed) {
    JsonNode items = resolve(property.path("items"), defs);
    String itemType = items.path("type").asString("string");
    if (!"object".equals(itemType)) {
      TextField field = new TextField(title);
      List<String> values = new ArrayList<>();
      target.path(name).forEach(v -> values.add(v.isString() ? v.asString() : v.toString()));
      field.setValue(String.join(", ", values));
      field.setHelperText((help.isBlank() ? "" : help + " ") + "Separate values with commas.");
      field.setValueChangeMode(ValueChangeMode.LAZY);
      boolean numbers = "integer".equals(itemType) || "number".equals(itemType);
      field.addValueChangeListener(e -> {
        ArrayNode array = NODES.arrayNode();
        for (String part : e.getValue().split(",")) {
          String v = part.trim();
          if (v.isEmpty()) continue;
          if (numbers) {
            try {
              array.add(Long.parseLong(v));
            } catch (NumberFormatException ex) {
              field.setErrorMessage("\"" + v + "\" is not a whole number.");
              field.setInvalid(true);
              return;
            }
          } else {
            array.add(v);
          }
        }
        field.setInvalid(false);
        if (array.isEmpty()) target.remove(name); else target.set(name, array);
        changed.run();
      });
      return field;
    }
    Div group = new Div();
    group.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)");
    Span label = new Span(title);
    label.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)");
    group.add(label);
    if (!help.isBlank()) {
      Span helpText = new Span(help);
      helpText.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
      group.add(helpText);
    }
    ArrayNode array = target.path(name).isArray() ? (ArrayNode) target.get(name) : NODES.arrayNode();
    target.set(name, array);
    Div rows = new Div();
    rows.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)");
    group.add(rows);
    Runnable[] redraw = new Runnable[1];
    redraw[0] = () -> {
      rows.removeAll();
      for (int i = 0; i < array.size(); i++) {
        int index = i;
        ObjectNode item = array.get(i).isObject() ? (ObjectNode) array.get(i) : NODES.objectNode();
        array.set(i, item);
        Div box = new Div();
        box.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)")
            .set("padding", "var(--lumo-space-s)");
        Set<String> itemRequired = strings(items.path("required"));
        orderedProperties(items, itemRequired).forEach((sub, subProperty) -> box.add(field(sub, resolve(subProperty, defs),
            itemRequired.contains(sub), item, defs, id + "-" + index + "-" + sub, changed)));
        if (!readOnly) {
          Button remove = new Button("Remove", VaadinIcon.TRASH.create(), e -> {
            array.remove(index);
            changed.run();
            redraw[0].run();
          });
          remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
          remove.setAriaLabel("Remove item " + (index + 1) + " of " + title);
          remove.setId(id + "-" + index + "-remove");
          box.add(remove);
        }
        rows.add(box);
      }
    };
    redraw[0].run();
    if (!readOnly) {
      Button add = new Button("Add", VaadinIcon.PLUS.create(), e -> {
        array.add(NODES.objectNode());
        redraw[0].run();
      });
      add.addThemeVariants(ButtonVariant.LUMO_SMALL);
      add.setAriaLabel("Add an item to " + title);
      add.setId(id + "-add");
      group.add(add);
    }
    return group;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> set = new java.util.HashSet<>();
    array.forEach(v -> set.add(v.asString()));
    return set;
  }
}
