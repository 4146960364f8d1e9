package io.switchboard.nodes.catalog;

import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON schema of a node's config record, generated (never written by hand) for the property
 * form: titles, help texts, required fields, select options, and {@code x-kind} telling the form
 * which input to show ({@link FieldKind}).
 */
public final class ConfigSchemas {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<Class<?>, JsonNode> CACHE = new ConcurrentHashMap<>();
  private static final SchemaGenerator GENERATOR = generator();

  private ConfigSchemas() {}

  public static JsonNode of(Class<? extends Record> configType) {
    return CACHE.computeIfAbsent(configType, t -> JSON.readTree(GENERATOR.generateSchema(t).toString()));
  }

  private static SchemaGenerator generator() {
    SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
        OptionPreset.PLAIN_JSON);
    // Free JSON (Jackson 3 trees) is "anything" to the form.
    builder.forTypesInGeneral().withCustomDefinitionProvider((type, context) ->
        JsonNode.class.isAssignableFrom(type.getErasedType())
            ? new CustomDefinition(context.getGeneratorConfig().createObjectNode(), true) : null);
    builder.forFields()
        .withTitleResolver(field -> info(field).map(FieldInfo::title).orElse(null))
        .withDescriptionResolver(field -> info(field).map(FieldInfo::help).filter(h -> !h.isBlank()).orElse(null))
        .withRequiredCheck(field -> info(field).map(FieldInfo::required).orElse(false))
        .withEnumResolver(field -> info(field).map(FieldInfo::options).filter(o -> o.length > 0)
            .map(o -> List.<Object>of((Object[]) o)).orElse(null))
        .withInstanceAttributeOverride((node, field, context) -> info(field).ifPresent(i -> {
          node.put("x-kind", i.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
          if (!i.credentialType().isBlank()) {
            node.put("x-credential-type", i.credentialType());
          }
          if (!i.placeholder().isBlank()) {
            node.put("x-placeholder", i.placeholder());
          }
        }));
    return new SchemaGenerator(builder.build());
  }

  private static Optional<FieldInfo> info(FieldScope field) {
    return Optional.ofNullable(field.getAnnotationConsideringFieldAndGetter(FieldInfo.class));
  }
}
