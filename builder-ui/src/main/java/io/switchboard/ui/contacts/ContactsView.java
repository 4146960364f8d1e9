package io.switchboard.ui.contacts;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.switchboard.ui.page.Page;
import jakarta.annotation.security.PermitAll;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The workspace's contacts: search by name, phone, e-mail or company; choose one to see its timeline. */
@Route("contacts")
@PageTitle("Contacts · Switchboard")
@PermitAll
public class ContactsView extends VerticalLayout implements HasUrlParameter<String> {


  private final ContactsPort contacts;
  private final Grid<ContactsPort.Contact> grid = new Grid<>();
  private final TextField search = new TextField();
  private final VerticalLayout detail = new VerticalLayout();

  public ContactsView(ContactsPort contacts) {
    this.contacts = contacts;
    setSizeFull();
    search.setLabel("Search contacts");
    search.setId("contact-search");
    search.setPlaceholder("Name, phone, e-mail or company");
    search.setPrefixComponent(VaadinIcon.SEARCH.create());
    search.setClearButtonVisible(true);
    search.setValueChangeMode(ValueChangeMode.LAZY);
    search.addValueChangeListener(e -> refresh());
    search.setWidth("min(24rem, 100%)");

    grid.setId("contacts-grid");
    grid.setAriaLabel("Contacts");
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(c -> c.name().isBlank() ? "(no name)" : c.name()).setHeader("Name").setFlexGrow(2);
    grid.addColumn(ContactsPort.Contact::phone).setHeader("Phone").setFlexGrow(1);
    grid.addColumn(ContactsPort.Contact::email).setHeader("E-mail").setFlexGrow(2);
    grid.addColumn(c -> c.stage() == null ? "" : c.stage()).setHeader("Stage").setFlexGrow(0).setWidth("8em");
    grid.asSingleSelect().addValueChangeListener(e -> show(Optional.ofNullable(e.getValue())));
    grid.setMinHeight("14rem");
    grid.getStyle().set("flex", "2 1 24rem");

    detail.setId("contact-detail");
    detail.setPadding(true);
    detail.getStyle().set("flex", "1 1 18rem").set("border", "1px solid var(--lumo-contrast-10pct)")
        .set("border-radius", "var(--lumo-border-radius-l)").set("overflow-y", "auto");
    detail.add(new Paragraph("Choose a contact to see their messages, calls and notes."));

    FlexLayout body = new FlexLayout(grid, detail);
    body.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    body.getStyle().set("gap", "var(--lumo-space-m)");
    body.setWidthFull();
    body.getStyle().set("flex", "1").set("min-height", "0");
    add(Page.header("Contacts", "contacts-heading"), search, body);
    refresh();
  }

  /** {@code /contacts/<id>} opens that contact. */
  @Override
  public void setParameter(BeforeEvent event, @OptionalParameter String id) {
    if (id == null) {
      return;
    }
    try {
      contacts.contact(UUID.fromString(id)).ifPresent(c -> show(Optional.of(c)));
    } catch (IllegalArgumentException ignored) {
      // not an id: the list alone
    }
  }

  private void refresh() {
    List<ContactsPort.Contact> list = contacts.search(search.getValue());
    grid.setItems(list);
  }

  private void show(Optional<ContactsPort.Contact> chosen) {
    detail.removeAll();
    if (chosen.isEmpty()) {
      detail.add(new Paragraph("Choose a contact to see their messages, calls and notes."));
      return;
    }
    ContactsPort.Contact c = chosen.get();
    H2 name = new H2(c.name().isBlank() ? c.phone() : c.name());
    name.setId("contact-name");
    name.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
    Span facts = new Span(String.join(" · ", java.util.stream.Stream.of(c.phone(), c.email(), c.company())
        .filter(s -> s != null && !s.isBlank()).toList()));
    facts.getStyle().set("color", "var(--lumo-secondary-text-color)");
    detail.add(name, facts);
    List<ContactsPort.Activity> timeline = contacts.timeline(c.id());
    if (timeline.isEmpty()) {
      detail.add(new Paragraph("Nothing has happened with this contact yet."));
      return;
    }
    UnorderedList list = new UnorderedList();
    list.setId("contact-timeline");
    list.getElement().setAttribute("aria-label", "Timeline");
    list.getStyle().set("padding-left", "1.2em").set("margin", "0");
    for (ContactsPort.Activity a : timeline) {
      Span when = new Span(Page.WHEN.format(a.at()) + " · " + a.kind().replace('_', ' '));
      when.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
      Div text = new Div(a.summary());
      ListItem item = new ListItem(when, text);
      item.getElement().setAttribute("data-kind", a.kind());
      item.getStyle().set("margin-bottom", "var(--lumo-space-s)");
      list.add(item);
    }
    detail.add(list);
  }
}
