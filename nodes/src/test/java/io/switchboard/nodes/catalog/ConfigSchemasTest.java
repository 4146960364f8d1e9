package io.switchboard.nodes.catalog;

import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.BuiltInNodes;
import io.switchboard.nodes.logic.Condition;
import io.switchboard.nodes.logic.Merge;
import io.switchboard.nodes.logic.SetFields;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSchemasTest {

  @Test
  void shouldGenerateTitlesKindsAndRequiredFieldsFromTheConfigRecord() {
    JsonNode condition = ConfigSchemas.of(Condition.Config.class);
    assertThat(condition.path("type").asString()).isEqualTo("object");
    assertThat(condition.path("properties").path("condition").path("title").asString()).isEqualTo("Condition");
    assertThat(condition.path("properties").path("condition").path("x-kind").asString()).isEqualTo("expression");
    assertThat(condition.path("required").toString()).contains("condition");

    assertThat(ConfigSchemas.of(Merge.Config.class).path("properties").path("mode").path("enum").toString())
        .contains("all", "first");
    JsonNode fields = ConfigSchemas.of(SetFields.Config.class).path("properties").path("fields");
    assertThat(fields.path("type").asString()).isEqualTo("array");
    assertThat(fields.path("items").path("properties").path("value").path("x-kind").asString()).isEqualTo("template");
  }

  @Test
  void shouldGiveEveryFieldOfEveryBuiltInNodeATitle() {
    for (NodeType<?> type : BuiltInNodes.all()) {
      JsonNode properties = ConfigSchemas.of(type.configType()).path("properties");
      properties.properties().forEach(p -> assertThat(p.getValue().path("title").asString())
          .as("%s field %s", type.key(), p.getKey()).isNotBlank());
    }
  }
}
