package io.switchboard.engine.runner;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;

/** The checkpoint of one step: what went in, the rendered config, what came out, when, and how it ended. */
public record StepRecord(int seq, String nodeId, String nodeName, int attempt, String status, JsonNode input,
                         JsonNode config, Optional<JsonNode> output, Optional<String> port, Optional<JsonNode> error,
                         Instant startedAt, Instant finishedAt, String idempotencyKey, boolean truncated) {}
