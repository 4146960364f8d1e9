package io.switchboard.ui.dashboard;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.account.AccountPort;
import jakarta.annotation.security.PermitAll;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The first page after sign-in: how the workspace's workflows did over the last two weeks —
 * executions per day by outcome, messages sent, AI tokens used, and the workflows that fail most.
 */
@Route("")
@PageTitle("Dashboard · Switchboard")
@PermitAll
public class DashboardView extends VerticalLayout {

  static final int DAYS = 14;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM");
  private static final Map<String, String> COLOURS = Map.of("succeeded", "#2e8b57", "failed", "#c62828",
      "cancelled", "#8d8d8d", "waiting", "#e0a100", "running", "#1e6fd9", "sms", "#1e6fd9", "whatsapp", "#25a35a",
      "email", "#8e44ad", "call", "#e07b00");

  public DashboardView(AccountPort accounts, DashboardPort dashboard) {
    String name = accounts.currentWorkspace().map(AccountPort.Workspace::tenantName).orElse("your workspace");
    H1 heading = new H1("Welcome to " + name);
    heading.setId("dashboard-heading");
    heading.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("margin", "0");
    DashboardPort.Figures f = dashboard.figures(DAYS);
    List<String> days = f.days().stream().map(DAY::format).toList();
    long runs = f.executions().values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    Paragraph intro = new Paragraph(runs == 0
        ? "No workflows have run in the last " + DAYS + " days. When they do, these charts show how they are doing."
        : runs + (runs == 1 ? " run" : " runs") + " in the last " + DAYS + " days.");
    intro.setId("dashboard-summary");

    Div grid = new Div(
        panel("Executions per day", "chart-executions", stacked(days, f.executions(), "runs"), totals(f.executions())),
        panel("Messages sent", "chart-messages", stacked(days, f.messages(), "messages"), totals(f.messages())),
        panel("AI tokens used", "chart-tokens", line(days, f.tokens()),
            f.tokens().stream().mapToLong(Long::longValue).sum() + " tokens in " + DAYS + " days"),
        panel("Workflows that fail most", "chart-failing", failing(f.topFailing()), f.topFailing().isEmpty()
            ? "no failed runs"
            : String.join(", ", f.topFailing().stream().map(t -> t.name() + " " + t.failed() + " failed").toList())));
    grid.setWidthFull();
    grid.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(min(100%, 22rem), 1fr))")
        .set("gap", "var(--lumo-space-m)");
    add(heading, intro, grid);
  }

  /** What a chart shows, in words, for screen readers: "3 succeeded, 1 failed in 14 days". */
  private static String totals(Map<String, List<Long>> series) {
    List<String> parts = series.entrySet().stream()
        .map(e -> java.util.Map.entry(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).sum()))
        .filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey()).toList();
    return (parts.isEmpty() ? "none" : String.join(", ", parts)) + " in " + DAYS + " days";
  }

  private static Div panel(String title, String id, ObjectNode option, String summary) {
    H2 heading = new H2(title);
    heading.getStyle().set("font-size", "var(--lumo-font-size-m)").set("margin", "0 0 var(--lumo-space-s)");
    Chart chart = new Chart(title + ": " + summary);
    chart.setId(id);
    chart.setWidthFull();
    chart.setHeight("16rem");
    chart.setOption(option);
    Div panel = new Div(heading, chart);
    panel.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
        .set("padding", "var(--lumo-space-m)").set("min-width", "0");
    return panel;
  }

  private static ObjectNode base(List<String> categories) {
    ObjectNode o = NODES.objectNode();
    o.putObject("tooltip").put("trigger", "axis");
    o.putObject("grid").put("left", 40).put("right", 16).put("top", 36).put("bottom", 28);
    ArrayNode cats = o.putObject("xAxis").put("type", "category").putArray("data");
    categories.forEach(cats::add);
    o.putObject("yAxis").put("type", "value").put("minInterval", 1);
    return o;
  }

  private static ObjectNode stacked(List<String> days, Map<String, List<Long>> series, String unit) {
    ObjectNode o = base(days);
    ArrayNode legend = o.putObject("legend").put("top", 0).putArray("data");
    ArrayNode list = o.putArray("series");
    series.forEach((name, values) -> {
      legend.add(name);
      ObjectNode s = list.addObject().put("name", name).put("type", "bar").put("stack", unit);
      s.putObject("itemStyle").put("color", COLOURS.getOrDefault(name, "#607d8b"));
      ArrayNode data = s.putArray("data");
      values.forEach(data::add);
    });
    return o;
  }

  private static ObjectNode line(List<String> days, List<Long> tokens) {
    ObjectNode o = base(days);
    ObjectNode s = o.putArray("series").addObject().put("name", "tokens").put("type", "line").put("smooth", true);
    s.putObject("areaStyle").put("opacity", 0.15);
    ArrayNode data = s.putArray("data");
    tokens.forEach(data::add);
    return o;
  }

  private static ObjectNode failing(List<DashboardPort.Failing> top) {
    ObjectNode o = NODES.objectNode();
    o.putObject("tooltip").put("trigger", "axis");
    o.putObject("grid").put("left", 8).put("right", 24).put("top", 8).put("bottom", 24).put("containLabel", true);
    o.putObject("xAxis").put("type", "value").put("minInterval", 1);
    ArrayNode names = o.putObject("yAxis").put("type", "category").put("inverse", true).putArray("data");
    ObjectNode s = o.putArray("series").addObject().put("name", "failed runs").put("type", "bar");
    s.putObject("itemStyle").put("color", COLOURS.get("failed"));
    ArrayNode data = s.putArray("data");
    if (top.isEmpty()) {
      names.add("No failures");
      data.add(0);
    }
    top.forEach(t -> {
      names.add(t.name().length() > 28 ? t.name().substring(0, 27) + "…" : t.name());
      data.add(t.failed());
    });
    return o;
  }
}
