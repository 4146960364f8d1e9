package io.switchboard.engine.graph;

/** Where a node sits on the canvas. */
public record Position(double x, double y) {
  public static final Position ORIGIN = new Position(0, 0);
}
