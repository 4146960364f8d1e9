package io.switchboard.engine.execution;

import tools.jackson.databind.node.ArrayNode;

/** A loop in progress: its items, which one the body is working on, and the body's results so far. */
public record LoopFrame(ArrayNode items, int index, ArrayNode results) {}
