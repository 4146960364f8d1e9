package io.switchboard.engine.expression;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** A realistic scope with a fixed clock, shared by the expression tests. */
final class SampleScope {

  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Sunday 10 March 2024, 08:30 UTC: 09:30 in Paris (winter time, UTC+1). */
  static final Instant NOW = Instant.parse("2024-03-10T08:30:00Z");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private SampleScope() {}

  static JsonNode json(String text) {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static ExpressionScope scope() {
    return scope(PARIS);
  }

  static ExpressionScope scope(ZoneId zone) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    nodes.put("Look up contact", json("{'id': 42, 'name': 'Ada', 'found': true}"));
    nodes.put("Classify", json("{'label': 'booking', 'score': 0.87}"));
    return new ExpressionScope(
        json("""
            {'body': {'intent': 'booking', 'count': 5, 'price': 9.99, 'text': '  Hello World  ',
                      'items': [{'sku': 'a', 'qty': 2}, {'sku': 'b', 'qty': 1}],
                      'created_at': '2024-03-09T22:15:00Z', 'empty': [], 'nothing': null,
                      'odd key': 'yes', 'nested': {'deep': {'value': 'found'}}},
             'channel': 'sms'}
            """),
        nodes,
        json("{'first_name': 'Ada', 'last_name': 'Lovelace', 'tags': ['vip', 'new'], 'phone': null, 'age': 36}"),
        json("{'greeting': 'Hi', 'threshold': 3}"),
        NOW,
        zone);
  }
}
