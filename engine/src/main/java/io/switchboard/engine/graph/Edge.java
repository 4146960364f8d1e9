package io.switchboard.engine.graph;

import java.util.Objects;

/** A connection from one node's output port to another node's input. */
public record Edge(String from, String fromPort, String to, String toInput) {

  public static final String DEFAULT_PORT = "out";
  public static final String DEFAULT_INPUT = "in";

  public Edge {
    Objects.requireNonNull(from, "edge source");
    Objects.requireNonNull(to, "edge target");
    fromPort = fromPort == null || fromPort.isBlank() ? DEFAULT_PORT : fromPort;
    toInput = toInput == null || toInput.isBlank() ? DEFAULT_INPUT : toInput;
  }

  public static Edge of(String from, String to) {
    return new Edge(from, DEFAULT_PORT, to, DEFAULT_INPUT);
  }

  public static Edge of(String from, String fromPort, String to) {
    return new Edge(from, fromPort, to, DEFAULT_INPUT);
  }
}
