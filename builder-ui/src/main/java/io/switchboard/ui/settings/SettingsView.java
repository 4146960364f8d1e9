package io.switchboard.ui.settings;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.timepicker.TimePicker;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.account.AccountPort;
import io.switchboard.ui.page.Page;
import io.switchboard.ui.workspace.Refused;
import jakarta.annotation.security.PermitAll;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workspace's settings: its time zone, its business hours, the features it may switch, and its
 * people — add someone with a role, change roles, remove people. Members see everything; admins and
 * owners change it (the application checks).
 */
@Route("settings")
@PageTitle("Settings · Switchboard")
@PermitAll
public class SettingsView extends VerticalLayout {

  private static final List<String> ROLES = List.of("member", "admin", "owner");

  private final SettingsPort settings;
  private final AccountPort.Workspace who;
  private final Grid<SettingsPort.Member> members = new Grid<>();
  private final boolean canChange;

  public SettingsView(SettingsPort settings, AccountPort accounts) {
    this.settings = settings;
    this.who = accounts.currentWorkspace().orElseThrow();
    this.canChange = !who.role().equals("member");

    ComboBox<String> zone = new ComboBox<>("Time zone");
    zone.setId("settings-timezone");
    zone.setItems(ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc/")).sorted().toList());
    zone.setValue(settings.timezone());
    zone.setHelperText("Schedules, business hours and the dashboard's days use it.");
    zone.setWidth("22rem");
    zone.setMaxWidth("100%");
    zone.setReadOnly(!canChange);
    Button saveZone = new Button("Save time zone", e -> {
      try {
        settings.setTimezone(zone.getValue());
        Page.done("The workspace's time zone is now " + zone.getValue() + ".");
      } catch (Refused r) {
        zone.setErrorMessage(r.getMessage());
        zone.setInvalid(true);
      }
    });
    saveZone.setId("save-timezone");
    saveZone.setVisible(canChange);
    HorizontalLayout zoneRow = new HorizontalLayout(zone, saveZone);
    zoneRow.setWidthFull();
    zoneRow.setAlignItems(FlexComponent.Alignment.BASELINE);
    zoneRow.getStyle().set("flex-wrap", "wrap");

    H2 team = section("Team");
    Button add = new Button("Add someone", VaadinIcon.PLUS.create(), e -> openAddDialog());
    add.setId("add-member");
    add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    add.setVisible(canChange);
    HorizontalLayout teamHeader = new HorizontalLayout(team, add);
    teamHeader.setWidthFull();
    teamHeader.expand(team);
    teamHeader.setAlignItems(FlexComponent.Alignment.CENTER);

    members.setId("members-grid");
    members.setAriaLabel("Team members");
    members.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
    members.addColumn(m -> m.displayName().isBlank() ? m.email() : m.displayName() + " (" + m.email() + ")")
        .setHeader("Person").setFlexGrow(3);
    members.addComponentColumn(this::roleCell).setHeader("Role").setFlexGrow(1);
    members.addComponentColumn(m -> {
      Button remove = new Button("Remove", VaadinIcon.TRASH.create(), e -> confirmRemove(m));
      remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
      remove.setAriaLabel("Remove " + m.email());
      remove.setVisible(canChange && !m.id().equals(who.userId()));
      return remove;
    }).setHeader("Actions").setFlexGrow(0).setWidth("9em");
    members.setAllRowsVisible(true);

    add(Page.header("Settings", "settings-heading"), zoneRow, businessHours(), features(), teamHeader,
        new Paragraph("Owners manage everything, admins manage workflows, credentials and people, members build and run workflows."),
        members);
    refresh();
  }

  private static H2 section(String title) {
    H2 heading = new H2(title);
    heading.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "var(--lumo-space-m) 0 0");
    return heading;
  }

  /** The open days, the usual opening and closing time and the days with other hours, in the workspace's time zone. */
  private Component businessHours() {
    SettingsPort.BusinessHours current = settings.businessHours();
    CheckboxGroup<DayOfWeek> days = new CheckboxGroup<>("Open days");
    days.setId("business-days");
    days.setItems(DayOfWeek.values());
    days.setItemLabelGenerator(SettingsView::dayName);
    days.setValue(current.days());
    days.setReadOnly(!canChange);
    TimePicker opens = timePicker("Opens at", "business-opens");
    TimePicker closes = timePicker("Closes at", "business-closes");
    opens.setValue(current.opens());
    closes.setValue(current.closes());
    Paragraph note = new Paragraph();
    note.setId("business-hours-note");
    note.getStyle().set("margin", "0").set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
    java.util.function.Consumer<SettingsPort.BusinessHours> describe = h -> note.setText("In the workspace's time zone. "
        + "\"Wait until business hours\" steps use these hours unless a step sets its own."
        + (h.standard() ? " These are the usual hours; nobody has changed them yet." : ""));
    describe.accept(current);

    // days whose hours differ from the usual ones (Saturday 10:00 to 14:00)
    VerticalLayout dayRows = new VerticalLayout();
    dayRows.setId("business-day-hours");
    dayRows.setPadding(false);
    dayRows.setSpacing(false);
    List<DayRow> rows = new ArrayList<>();
    java.util.function.Consumer<SettingsPort.BusinessHours> showDays = h -> {
      rows.clear();
      dayRows.removeAll();
      h.byDay().forEach((day, own) -> addDayRow(rows, dayRows, day, own.opens().orElse(null), own.closes().orElse(null)));
    };
    showDays.accept(current);
    Button addDay = new Button("Other hours on a day", VaadinIcon.PLUS.create(), e -> {
      DayOfWeek free = java.util.Arrays.stream(DayOfWeek.values())
          .filter(d -> days.getValue().contains(d) && rows.stream().noneMatch(r -> d.equals(r.day.getValue())))
          .reduce((first, second) -> second).orElse(null); // the last free open day: most often Saturday
      addDayRow(rows, dayRows, free, null, null);
    });
    addDay.setId("add-day-hours");
    addDay.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
    addDay.setVisible(canChange);

    Button save = new Button("Save business hours", e -> {
      for (var field : List.<HasValidation>of(days, opens, closes)) {
        field.setInvalid(false);
      }
      rows.forEach(DayRow::valid);
      Optional<Map<DayOfWeek, SettingsPort.DayHours>> byDay = dayHours(rows);
      if (byDay.isEmpty()) {
        return;
      }
      try {
        SettingsPort.BusinessHours saved = settings.setBusinessHours(days.getValue(),
            Optional.ofNullable(opens.getValue()), Optional.ofNullable(closes.getValue()), byDay.get());
        describe.accept(saved);
        showDays.accept(saved);
        Page.done("Business hours saved: " + said(saved) + ".");
      } catch (Refused r) {
        // a refusal about one day's hours begins with that day's name and goes on that day's row
        Optional<DayRow> row = rows.stream()
            .filter(x -> x.day.getValue() != null && r.getMessage().startsWith(dayName(x.day.getValue()) + ":"))
            .findFirst();
        HasValidation field = row.<HasValidation>map(x -> switch (r.code()) {
          case "business_day_closed" -> x.day;
          case "invalid_opening_time" -> x.opens;
          default -> x.closes;
        }).orElse(switch (r.code()) {
          case "no_business_days", "invalid_business_day" -> days;
          case "invalid_opening_time" -> opens;
          case "invalid_closing_time", "closes_before_opens" -> closes;
          default -> null;
        });
        if (field == null) {
          Page.refused(r);
        } else {
          invalid(field, r.getMessage());
        }
      }
    });
    save.setId("save-business-hours");
    save.setVisible(canChange);
    HorizontalLayout times = new HorizontalLayout(opens, closes);
    times.setAlignItems(FlexComponent.Alignment.BASELINE);
    times.getStyle().set("flex-wrap", "wrap");
    HorizontalLayout actions = new HorizontalLayout(addDay, save);
    actions.setAlignItems(FlexComponent.Alignment.BASELINE);
    actions.getStyle().set("padding-bottom", "var(--lumo-space-m)");
    VerticalLayout box = new VerticalLayout(section("Business hours"), note, days, times, dayRows, actions);
    box.setPadding(false);
    box.setSpacing(false);
    return box;
  }

  private TimePicker timePicker(String label, String id) {
    TimePicker t = new TimePicker(label);
    t.setId(id);
    t.setLocale(Locale.UK); // the 24-hour clock, as the API and the wait step write times
    t.setStep(Duration.ofMinutes(15));
    t.setWidth("10rem");
    t.setReadOnly(!canChange);
    return t;
  }

  private static String dayName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.FULL, Locale.US);
  }

  /** One day with other hours: the day, its times, and a button that removes it. */
  private static final class DayRow {
    final Select<DayOfWeek> day = new Select<>();
    final TimePicker opens;
    final TimePicker closes;

    DayRow(TimePicker opens, TimePicker closes) {
      this.opens = opens;
      this.closes = closes;
    }

    void valid() {
      day.setInvalid(false);
      opens.setInvalid(false);
      closes.setInvalid(false);
    }
  }

  /** The rows' days and times; empty (a row marked) when a row has no day or repeats another's. */
  private static Optional<Map<DayOfWeek, SettingsPort.DayHours>> dayHours(List<DayRow> rows) {
    Map<DayOfWeek, SettingsPort.DayHours> byDay = new java.util.EnumMap<>(DayOfWeek.class);
    for (DayRow row : rows) {
      DayOfWeek day = row.day.getValue();
      if (day == null || byDay.containsKey(day)) {
        invalid(row.day, day == null ? "Choose a day." : dayName(day) + " has other hours twice; remove one.");
        return Optional.empty();
      }
      byDay.put(day, new SettingsPort.DayHours(Optional.ofNullable(row.opens.getValue()),
          Optional.ofNullable(row.closes.getValue())));
    }
    return Optional.of(byDay);
  }

  /** "Mon, Tue, Sat, 09:00 to 18:30; Sat 10:00 to 14:00" */
  private static String said(SettingsPort.BusinessHours h) {
    return h.days().stream().sorted().map(SettingsView::shortName).collect(Collectors.joining(", "))
        + ", " + h.opens() + " to " + h.closes()
        + h.byDay().entrySet().stream().map(d -> "; " + shortName(d.getKey()) + " "
            + d.getValue().opens().map(Object::toString).orElse("") + " to "
            + d.getValue().closes().map(Object::toString).orElse("")).collect(Collectors.joining());
  }

  private static String shortName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.US);
  }

  private static void invalid(HasValidation field, String message) {
    field.setErrorMessage(message);
    field.setInvalid(true);
  }

  private int dayRowIds;

  private void addDayRow(List<DayRow> rows, VerticalLayout dayRows, DayOfWeek day, java.time.LocalTime opensAt,
                         java.time.LocalTime closesAt) {
    int n = dayRowIds++;
    DayRow row = new DayRow(timePicker("Opens at", "day-opens-" + n), timePicker("Closes at", "day-closes-" + n));
    row.day.setLabel("Day");
    row.day.setId("day-" + n);
    row.day.setItems(DayOfWeek.values());
    row.day.setItemLabelGenerator(SettingsView::dayName);
    row.day.setWidth("10rem");
    row.day.setReadOnly(!canChange);
    row.day.setValue(day);
    row.opens.setValue(opensAt);
    row.closes.setValue(closesAt);
    HorizontalLayout line = new HorizontalLayout(row.day, row.opens, row.closes);
    line.setAlignItems(FlexComponent.Alignment.BASELINE);
    line.getStyle().set("flex-wrap", "wrap");
    if (canChange) {
      Button remove = new Button("Remove", e -> {
        rows.remove(row);
        dayRows.remove(line);
      });
      remove.setId("day-remove-" + n);
      remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
      line.add(remove);
    }
    rows.add(row);
    dayRows.add(line);
  }

  /** Switches for the features the platform lets the workspace set; read-only for members and where the platform decides. */
  private Component features() {
    VerticalLayout box = new VerticalLayout(section("Features"));
    box.setId("features");
    box.setPadding(false);
    box.setSpacing(false);
    List<SettingsPort.Feature> features = settings.features();
    if (features.isEmpty()) {
      box.add(new Paragraph("The platform has no features that workspaces switch themselves."));
      return box;
    }
    box.add(new Paragraph("The features the platform lets this workspace switch on or off."
        + (canChange ? " A change applies within seconds." : " Admins and owners switch them.")));
    for (SettingsPort.Feature f : features) {
      Checkbox toggle = new Checkbox(f.description().isBlank() ? f.key() : f.description());
      toggle.setId("feature-" + f.key());
      toggle.getElement().setAttribute("data-flag", f.key());
      Span reason = new Span();
      reason.setId("feature-reason-" + f.key());
      reason.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)")
          .set("margin-left", "calc(var(--lumo-space-l) + var(--lumo-space-xs))");
      toggle.getElement().setAttribute("aria-describedby", reason.getId().orElseThrow());
      show(f, toggle, reason);
      toggle.addValueChangeListener(e -> {
        if (!e.isFromClient()) {
          return;
        }
        try {
          SettingsPort.Feature now = settings.setFeature(f.key(), e.getValue());
          show(now, toggle, reason);
          Page.done("\"" + toggle.getLabel() + "\" is now " + (now.enabled() ? "on" : "off") + ".");
        } catch (Refused r) {
          Page.refused(r);
          toggle.setValue(e.getOldValue());
        }
      });
      VerticalLayout row = new VerticalLayout(toggle, reason);
      row.setPadding(false);
      row.setSpacing(false);
      row.getStyle().set("margin-bottom", "var(--lumo-space-s)");
      box.add(row);
    }
    return box;
  }

  private void show(SettingsPort.Feature f, Checkbox toggle, Span reason) {
    toggle.setValue(f.enabled());
    toggle.setReadOnly(!canChange || f.forced());
    reason.setText((f.enabled() ? "On. " : "Off. ") + (f.forced() ? "The platform decides this, so it cannot be changed here: " : "")
        + f.reason());
  }

  private com.vaadin.flow.component.Component roleCell(SettingsPort.Member m) {
    if (!canChange || m.id().equals(who.userId())) {
      return new com.vaadin.flow.component.html.Span(m.role());
    }
    Select<String> role = new Select<>();
    role.setItems(ROLES);
    role.setValue(m.role());
    role.setAriaLabel("Role of " + m.email());
    role.getElement().setAttribute("data-member", m.email());
    role.addValueChangeListener(e -> {
      if (!e.isFromClient()) {
        return;
      }
      try {
        settings.changeRole(m.id(), e.getValue());
        Page.done(m.email() + " is now " + e.getValue() + ".");
      } catch (Refused r) {
        Page.refused(r);
        role.setValue(e.getOldValue());
      }
    });
    return role;
  }

  private void refresh() {
    members.setItems(settings.members());
  }

  private void openAddDialog() {
    Dialog dialog = new Dialog();
    dialog.setId("add-member-dialog");
    dialog.setHeaderTitle("Add someone to the workspace");
    TextField email = new TextField("E-mail");
    email.setId("member-email");
    TextField name = new TextField("Name (optional)");
    name.setId("member-name");
    Select<String> role = new Select<>();
    role.setLabel("Role");
    role.setId("member-role");
    role.setItems(ROLES);
    role.setValue("member");
    PasswordField password = new PasswordField("First password");
    password.setId("member-password");
    password.setHelperText("At least 10 characters; pass it on in person. Or leave it empty: they get an e-mail with a link "
        + "to choose their own.");
    VerticalLayout body = new VerticalLayout(email, name, role, password);
    body.setPadding(false);
    body.setWidth("min(24rem, 80vw)");
    body.getChildren().forEach(c -> ((com.vaadin.flow.component.HasSize) c).setWidthFull());
    dialog.add(body);
    Button save = new Button("Add", e -> {
      try {
        SettingsPort.Member m = settings.add(email.getValue(), name.getValue(), role.getValue(), password.getValue());
        password.clear();
        dialog.close();
        Page.done(m.status().equals("invited") ? m.email() + " is invited by e-mail to join as " + m.role() + "."
            : m.email() + " can now sign in as " + m.role() + ".");
        refresh();
      } catch (Refused r) {
        if (r.code().contains("email")) {
          email.setErrorMessage(r.getMessage());
          email.setInvalid(true);
        } else if (r.code().contains("password")) {
          password.setErrorMessage(r.getMessage());
          password.setInvalid(true);
        } else {
          Page.refused(r);
        }
      }
    });
    save.setId("save-member");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
    email.focus();
  }

  private void confirmRemove(SettingsPort.Member m) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Remove " + m.email() + "?");
    dialog.add(new Paragraph("They can no longer sign in; their API tokens stop working. What they built stays."));
    Button remove = new Button("Remove", e -> {
      try {
        settings.remove(m.id());
        dialog.close();
        Page.done(m.email() + " is removed.");
        refresh();
      } catch (Refused r) {
        Page.refused(r);
      }
    });
    remove.setId("confirm-remove-member");
    remove.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), remove);
    dialog.open();
  }
}
