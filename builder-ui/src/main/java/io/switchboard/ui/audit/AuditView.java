package io.switchboard.ui.audit;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.RolesAllowed;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;

/**
 * The workspace's audit log for its owner (the API lets only owners read it): who changed what and
 * when, filtered by action and dates (in the workspace's time zone), and the whole log as CSV.
 */
@Route("audit")
@PageTitle("Audit log · Switchboard")
@RolesAllowed("OWNER")
public class AuditView extends VerticalLayout {

  static final int SHOWN = 500;

  private final AuditPort audit;
  private final ZoneId zone;
  private final Grid<AuditPort.Entry> grid = new Grid<>();
  private final ComboBox<String> action = new ComboBox<>("Action");
  private final DatePicker from = new DatePicker("From");
  private final DatePicker to = new DatePicker("To");
  private final Paragraph summary = new Paragraph();

  public AuditView(AuditPort audit) {
    this.audit = audit;
    this.zone = audit.zone();
    setSizeFull();
    DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(zone);

    Anchor download = new Anchor(DownloadHandler.fromInputStream(event -> {
      byte[] csv = audit.exportCsv().getBytes(StandardCharsets.UTF_8);
      return new DownloadResponse(new ByteArrayInputStream(csv), "audit-log.csv", "text/csv", csv.length);
    }), "");
    download.setDownload(true);
    Button downloadButton = new Button("Download CSV", VaadinIcon.DOWNLOAD.create());
    downloadButton.setTabIndex(-1);
    download.add(downloadButton);
    download.setId("audit-download");
    download.getElement().setAttribute("aria-label", "Download the whole audit log as a CSV file");

    action.setId("audit-action");
    action.setItems(audit.actions());
    action.setClearButtonVisible(true);
    action.setPlaceholder("Every action");
    action.setWidth("18rem");
    action.setMaxWidth("100%");
    from.setId("audit-from");
    to.setId("audit-to");
    for (DatePicker d : List.of(from, to)) {
      d.setClearButtonVisible(true);
      d.setHelperText("In " + zone.getId());
      d.setWidth("11rem");
      d.addValueChangeListener(e -> refresh());
    }
    action.addValueChangeListener(e -> refresh());
    HorizontalLayout filters = new HorizontalLayout(action, from, to);
    filters.setAlignItems(FlexComponent.Alignment.BASELINE);
    filters.getStyle().set("flex-wrap", "wrap");

    grid.setId("audit-grid");
    grid.setAriaLabel("Audit log entries");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
    grid.addColumn(e -> when.format(e.at())).setHeader("When").setWidth("12em").setFlexGrow(0);
    grid.addComponentColumn(e -> wrapping(e.actor())).setHeader("Who").setFlexGrow(2);
    grid.addComponentColumn(e -> wrapping(e.action())).setHeader("Action").setFlexGrow(2);
    grid.addComponentColumn(e -> wrapping(e.targetType() + (e.targetId().isBlank() ? "" : " " + e.targetId())))
        .setHeader("Target").setFlexGrow(2);
    grid.addComponentColumn(e -> wrapping(e.details())).setHeader("Details").setFlexGrow(3);
    grid.setSizeFull();
    summary.setId("audit-summary");
    summary.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)");

    add(Page.header("Audit log", "audit-heading", download), filters, summary, grid);
    setFlexGrow(1, grid);
    refresh();
  }

  // addresses, action names and JSON have no spaces to wrap at: break them anywhere rather than cut them off
  private static Span wrapping(String text) {
    Span span = new Span(text);
    span.getStyle().set("overflow-wrap", "anywhere");
    return span;
  }

  private void refresh() {
    LocalDate first = from.getValue();
    LocalDate last = to.getValue();
    to.setInvalid(false);
    if (first != null && last != null && last.isBefore(first)) {
      to.setErrorMessage("The \"To\" date must be on or after the \"From\" date.");
      to.setInvalid(true);
      return;
    }
    Optional<Instant> since = Optional.ofNullable(first).map(d -> d.atStartOfDay(zone).toInstant());
    Optional<Instant> before = Optional.ofNullable(last).map(d -> d.plusDays(1).atStartOfDay(zone).toInstant());
    try {
      List<AuditPort.Entry> entries = audit.entries(Optional.ofNullable(action.getValue()), since, before, SHOWN);
      grid.setItems(entries);
      summary.setText(entries.isEmpty() ? "No entries match."
          : entries.size() >= SHOWN ? "The newest " + SHOWN + " matching entries; download the CSV for the whole log."
          : entries.size() == 1 ? "1 entry." : entries.size() + " entries.");
    } catch (Refused r) {
      Page.refused(r);
    }
  }
}
