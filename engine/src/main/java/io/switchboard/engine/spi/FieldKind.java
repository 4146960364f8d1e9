package io.switchboard.engine.spi;

/** What sort of input the property form shows for a config field. */
public enum FieldKind {
  /** Plain text. */
  TEXT,
  /** Text with {@code {{ }}} placeholders, with autocomplete of the fields earlier steps provide. */
  TEMPLATE,
  /** An expression (a condition, a computed value). */
  EXPRESSION,
  /** One of a fixed set of options. */
  SELECT,
  NUMBER,
  BOOLEAN,
  /** A duration such as 2d, 3h, 15m. */
  DURATION,
  /** A phone number, offered from the workspace's numbers. */
  PHONE,
  /** A stored credential of a given type. */
  CREDENTIAL,
  /** One of the workspace's knowledge bases. */
  KNOWLEDGE_BASE,
  /** Another workflow of the workspace. */
  WORKFLOW,
  /** Free JSON. */
  JSON,
  /** A list of items, each with its own fields. */
  LIST
}
