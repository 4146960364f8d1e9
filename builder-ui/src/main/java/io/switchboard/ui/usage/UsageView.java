package io.switchboard.ui.usage;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.page.Page;
import jakarta.annotation.security.PermitAll;

import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The workspace's use against its plan: this billing period's runs, today's messages and AI tokens,
 * and the contacts, seats, switched-on workflows and knowledge it holds, each as a labelled bar with
 * its numbers; and this period's messages by channel.
 */
@Route("usage")
@PageTitle("Usage · Switchboard")
@PermitAll
public class UsageView extends VerticalLayout {

  private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.US);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.US);
  private static final Map<String, String> CHANNELS = Map.of("sms", "SMS", "whatsapp", "WhatsApp", "email", "E-mail",
      "call", "Calls");

  public UsageView(UsagePort port) {
    UsagePort.Usage usage = port.usage();
    Paragraph plan = new Paragraph(usage.planName() + " plan · billing period " + DAY.format(usage.periodStart()) + " to "
        + DAY.format(usage.periodEnd()) + " (UTC)" + (usage.status().equals("active") ? "" : " · workspace " + usage.status()));
    plan.setId("usage-plan");
    plan.getStyle().set("margin", "0");

    Div meters = new Div();
    meters.setId("usage-meters");
    meters.setWidthFull();
    meters.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(20rem, 1fr))")
        .set("gap", "var(--lumo-space-m)");
    usage.meters().forEach(m -> meters.add(meter(m)));

    H2 channels = new H2("Messages this period by channel");
    channels.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "var(--lumo-space-m) 0 0");
    add(Page.header("Usage", "usage-heading"), plan, meters, channels, channelTable(usage));
  }

  private static Component meter(UsagePort.Meter m) {
    Span label = new Span(m.label());
    label.setId("usage-label-" + m.metric());
    label.getStyle().set("font-weight", "600");
    String used = m.bytes() ? size(m.used()) : COUNT.format(m.used());
    String numbers = m.limit().map(l -> used + " of " + (m.bytes() ? size(l) : COUNT.format(l))).orElse(used + " (no limit on your plan)");
    Span figures = new Span(numbers);
    figures.addClassName("usage-numbers");
    Span when = new Span(switch (m.span()) {
      case "period" -> "this billing period";
      case "today" -> "today (UTC)";
      default -> "now";
    });
    when.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    Div card = new Div(label, new Div(figures, new Span(" · "), when));
    card.setId("usage-" + m.metric());
    card.getElement().setAttribute("data-used", String.valueOf(m.used()));
    m.limit().ifPresent(l -> card.getElement().setAttribute("data-limit", String.valueOf(l)));
    card.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("border", "1px solid var(--lumo-contrast-10pct)")
        .set("border-radius", "var(--lumo-border-radius-m)").set("display", "flex").set("flex-direction", "column")
        .set("gap", "var(--lumo-space-xs)");
    m.limit().ifPresent(limit -> {
      ProgressBar bar = new ProgressBar(0, Math.max(1, limit), Math.min(m.used(), Math.max(1, limit)));
      bar.getElement().setAttribute("aria-labelledby", label.getId().orElseThrow());
      bar.getElement().setAttribute("aria-valuetext", m.label() + ": " + numbers);
      if (limit > 0 && m.used() >= limit) {
        bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
      } else if (limit > 0 && m.used() * 10 >= limit * 8) {
        bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
      }
      card.add(bar);
    });
    return card;
  }

  private static Component channelTable(UsagePort.Usage usage) {
    TreeSet<String> codes = new TreeSet<>(usage.sentByChannel().keySet());
    codes.addAll(usage.receivedByChannel().keySet());
    if (codes.isEmpty()) {
      Paragraph none = new Paragraph("No messages sent or received yet this period.");
      none.setId("usage-channels-empty");
      return none;
    }
    record Row(String channel, int sent, int received) {}
    List<Row> rows = new ArrayList<>();
    for (String code : codes) {
      rows.add(new Row(CHANNELS.getOrDefault(code, code), usage.sentByChannel().getOrDefault(code, 0),
          usage.receivedByChannel().getOrDefault(code, 0)));
    }
    Grid<Row> grid = new Grid<>();
    grid.setId("usage-channels");
    grid.setAriaLabel("Messages this period by channel");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    grid.addColumn(Row::channel).setHeader("Channel");
    grid.addColumn(r -> COUNT.format(r.sent())).setHeader("Sent");
    grid.addColumn(r -> COUNT.format(r.received())).setHeader("Received");
    grid.setItems(rows);
    grid.setAllRowsVisible(true);
    grid.setMaxWidth("36rem");
    return grid;
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return COUNT.format((bytes + 1023) / 1024) + " KB";
    }
    return String.format(Locale.US, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
