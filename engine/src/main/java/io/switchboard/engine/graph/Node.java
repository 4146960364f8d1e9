package io.switchboard.engine.graph;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One step of a workflow: a node type (a stable, versioned key such as {@code sms.send@1}), the
 * name the user gave it (expressions refer to earlier nodes' outputs by this name), its place on
 * the canvas, its configuration, and how failures are handled.
 */
public record Node(String id, String type, String name, Position position, ObjectNode config, NodeOptions options,
                   boolean disabled) {

  public Node {
    Objects.requireNonNull(id, "node id");
    Objects.requireNonNull(type, "node type");
    name = name == null || name.isBlank() ? id : name;
    position = Objects.requireNonNullElse(position, Position.ORIGIN);
    config = config == null ? JsonNodeFactory.instance.objectNode() : config;
    options = Objects.requireNonNullElse(options, NodeOptions.DEFAULTS);
  }

  public static Node of(String id, String type, String name, ObjectNode config) {
    return new Node(id, type, name, Position.ORIGIN, config, NodeOptions.DEFAULTS, false);
  }
}
