package io.switchboard.ui.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The workspace's contacts: search them, and one contact's timeline (messages, calls, notes …), newest first. */
public interface ContactsPort {

  List<Contact> search(String query);

  Optional<Contact> contact(UUID id);

  List<Activity> timeline(UUID contactId);

  record Contact(UUID id, String name, String phone, String email, String company, String stage, Instant updatedAt) {}

  record Activity(UUID id, Instant at, String kind, String summary) {}
}
