package io.switchboard.engine.spi;

import java.util.List;
import java.util.Set;

/**
 * What the validator, the catalog API and the canvas know about a node type without running it.
 *
 * @param key              stable versioned key, such as {@code sms.send@1}
 * @param displayName      name in the palette, such as "Send SMS"
 * @param category         palette group: Triggers, Logic, AI, Messaging, CRM, Data
 * @param description      one or two sentences for a non-technical user
 * @param kind             how the interpreter treats it
 * @param inputs           input names (triggers have none; loops have {@code in} and {@code next})
 * @param requiredConfig   config fields that must be present and non-blank
 * @param expressionFields config fields holding an expression (a condition, a value)
 * @param templateFields   config fields holding text with {@code {{ }}} placeholders
 * @param deprecated       an old version kept so existing workflows keep running
 */
public record NodeDescriptor(String key, String displayName, String category, String description, NodeKind kind,
                             List<String> inputs, Set<String> requiredConfig, Set<String> expressionFields,
                             Set<String> templateFields, boolean deprecated) {

  public NodeDescriptor {
    inputs = List.copyOf(inputs);
    requiredConfig = Set.copyOf(requiredConfig);
    expressionFields = Set.copyOf(expressionFields);
    templateFields = Set.copyOf(templateFields);
  }
}
