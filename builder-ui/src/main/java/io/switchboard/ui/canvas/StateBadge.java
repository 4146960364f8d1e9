package io.switchboard.ui.canvas;

import com.vaadin.flow.component.html.Span;

/** A small coloured label for a state (active, inactive, succeeded, failed…), readable without colour too. */
public final class StateBadge {

  private StateBadge() {}

  public static Span of(String text, String state) {
    Span badge = new Span(text);
    String[] colours = switch (state) {
      case "active", "succeeded" -> new String[] {"#e3f4ea", "#1f6b3f"};
      case "failed", "error" -> new String[] {"#fde8e8", "#a61b1b"};
      case "running", "queued" -> new String[] {"#e3eefc", "#124f9c"};
      case "waiting", "warning" -> new String[] {"#fdf1dc", "#8a5200"};
      default -> new String[] {"#eceef2", "#3f4654"};
    };
    badge.getStyle().set("background", colours[0]).set("color", colours[1])
        .set("border-radius", "999px").set("padding", "2px 10px").set("font-size", "var(--lumo-font-size-s)")
        .set("font-weight", "600").set("white-space", "nowrap");
    badge.getElement().setAttribute("data-state", state);
    return badge;
  }
}
