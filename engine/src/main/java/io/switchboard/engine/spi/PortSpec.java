package io.switchboard.engine.spi;

/** An output port: its key (used in edges) and the label the canvas shows. */
public record PortSpec(String name, String label) {

  public static PortSpec of(String name) {
    return new PortSpec(name, name);
  }
}
