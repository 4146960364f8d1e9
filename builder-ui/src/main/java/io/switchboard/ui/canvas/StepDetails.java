package io.switchboard.ui.canvas;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.switchboard.engine.store.ExecutionHistory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What one step did in one run: status, output port, timing, attempts, input, rendered settings, output, error. */
public final class StepDetails extends VerticalLayout {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  public StepDetails(String nodeName, List<ExecutionHistory.Step> steps) {
    setPadding(false);
    setSpacing(false);
    setId("step-details");
    getStyle().set("gap", "var(--lumo-space-xs)");
    H4 title = new H4("In this run: " + nodeName);
    title.getStyle().set("margin", "0");
    add(title);
    if (steps.isEmpty()) {
      add(new Paragraph("This step did not run in this execution."));
      return;
    }
    for (ExecutionHistory.Step step : steps) {
      Div summary = new Div();
      summary.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-s)")
          .set("align-items", "center");
      Span badge = StateBadge.of(step.status(), step.status());
      badge.setId("step-status");
      summary.add(badge);
      summary.add(new Span("Attempt " + step.attempt()));
      step.port().ifPresent(p -> {
        Span port = new Span("Left by: " + p);
        port.setId("step-port");
        summary.add(port);
      });
      summary.add(new Span("Started " + TIME.format(step.startedAt())));
      step.finishedAt().ifPresent(f -> summary.add(new Span("took " + human(Duration.between(step.startedAt(), f)))));
      add(summary);
      if (step.truncated()) {
        add(new Paragraph("Some of this step's data was too large to keep in full and is shortened."));
      }
      step.error().ifPresent(e -> add(block("Error", e, true, "step-error")));
      add(block("Input", step.input(), false, "step-input"));
      add(block("Settings as used", step.config(), false, "step-config"));
      step.output().ifPresent(o -> add(block("Output", o, true, "step-output")));
    }
  }

  private static Details block(String label, JsonNode value, boolean opened, String id) {
    Pre pre = new Pre(value == null || value.isNull() ? "(nothing)" : value.toPrettyString());
    pre.getStyle().set("max-height", "14em").set("overflow", "auto").set("margin", "0")
        .set("font-size", "var(--lumo-font-size-xs)").set("white-space", "pre-wrap").set("word-break", "break-word");
    Details details = new Details(label, pre);
    details.setOpened(opened);
    details.setId(id);
    details.setWidthFull();
    return details;
  }

  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + " ms";
    if (ms < 60_000) return String.format("%.1f s", ms / 1000.0);
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}
