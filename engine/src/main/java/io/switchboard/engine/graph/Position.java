package io.switchboard.engine.graph;

/** Where a node sits on the canvas. */
public record Position(double x, double y) {
  public static final Position ORIGIN = new Position(0, 0);

  public Position {
    // JSON has no NaN or infinity: a graph must always be writable
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("a place on the canvas needs finite coordinates, not " + x + ", " + y);
    }
  }
}
