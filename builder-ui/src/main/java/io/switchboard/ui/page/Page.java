package io.switchboard.ui.page;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.switchboard.ui.workspace.Refused;

/** What the workspace pages share: a heading row with its actions, and messages in words. */
public final class Page {

  /** Dates and times as the pages show them. */
  public static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
      .ofLocalizedDateTime(java.time.format.FormatStyle.MEDIUM).withZone(java.time.ZoneId.systemDefault());

  private Page() {}

  /** A heading with actions on the right; wraps onto two lines on a narrow screen. */
  public static HorizontalLayout header(String title, String id, Component... actions) {
    H1 heading = new H1(title);
    heading.setId(id);
    heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("margin", "0");
    HorizontalLayout header = new HorizontalLayout(heading);
    header.add(actions);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.expand(heading);
    header.getStyle().set("flex-wrap", "wrap");
    return header;
  }

  public static void done(String message) {
    Notification.show(message, 4000, Notification.Position.TOP_CENTER).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
  }

  public static void refused(Refused refused) {
    String text = refused.details().isEmpty() ? refused.getMessage()
        : refused.getMessage() + " " + String.join(" ", refused.details());
    Notification n = Notification.show(text, 7000, Notification.Position.TOP_CENTER);
    n.addThemeVariants(NotificationVariant.LUMO_ERROR);
  }
}
