package io.switchboard.ui.workflows;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Autocomplete of the data earlier steps provide, for a template or expression field: an "Insert
 * data" button, and a list that opens when <code>{{</code> is typed, filtered as one types (see
 * {@code src/main/frontend/data-picker.ts}). Placed inside the field (its helper), it edits the
 * field's text in the browser; the field sends the new value as if typed.
 */
@Tag("sb-data-picker")
@JsModule("./data-picker.ts")
final class DataPicker extends Component {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** @param expression whether the field is an expression (insert the bare path) or a template ({@code {{ path }}}) */
  DataPicker(List<DataSuggestions.Suggestion> suggestions, boolean expression) {
    getElement().setPropertyJson("suggestions", JSON.<tools.jackson.databind.node.ArrayNode>valueToTree(suggestions));
    getElement().setProperty("expression", expression);
  }
}
