package io.switchboard.app.ui;

import io.switchboard.app.contacts.ContactController;
import io.switchboard.app.web.ApiException;
import io.switchboard.ui.contacts.ContactsPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The contacts page's side of the contact book, whose queries live in {@link ContactController}: the same search and timeline. */
@Service
public class UiContactsAdapter implements ContactsPort {

  private final ContactController contacts;

  public UiContactsAdapter(ContactController contacts) {
    this.contacts = contacts;
  }

  @Override
  public List<Contact> search(String query) {
    return Refusals.call(() -> contacts.list(query, 200).stream().map(UiContactsAdapter::contact).toList());
  }

  @Override
  public Optional<Contact> contact(UUID id) {
    try {
      return Optional.of(contact(contacts.get(id)));
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<Activity> timeline(UUID contactId) {
    return Refusals.call(() -> contacts.activities(contactId).stream()
        .map(a -> new Activity(a.id(), a.at(), a.kind(), a.summary())).toList());
  }

  private static Contact contact(ContactController.ContactView c) {
    String name = ((c.firstName() == null ? "" : c.firstName()) + " " + (c.lastName() == null ? "" : c.lastName())).strip();
    return new Contact(c.id(), name, c.phone(), c.email(), c.company(), c.stage(), c.updatedAt());
  }
}
