package io.switchboard.nodes.calendar;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/** The workspace's calendar settings, as nodes read them; implemented by the application. */
public interface CalendarSettings {

  /** The workspace's Cal.com booking link (a tenant setting), if it set one. */
  Optional<String> bookingLink(TenantId tenant);
}
