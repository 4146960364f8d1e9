package io.switchboard.engine.spi;

/**
 * Marks a node type whose output is the answer to whoever started the execution synchronously
 * (a webhook caller waiting for a response).
 */
public interface RespondsToCaller {
}
