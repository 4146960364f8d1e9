package io.switchboard.ui.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit log page, for the workspace's owner. Refusals throw {@link io.switchboard.ui.workspace.Refused}. */
public interface AuditPort {

  /** Entries newest first, at most {@code limit}: of one action when given, from and before moments when given. */
  List<Entry> entries(Optional<String> action, Optional<Instant> from, Optional<Instant> before, int limit);

  /** The actions the log holds, for the filter. */
  List<String> actions();

  /** The whole log as CSV, as the API's export gives it. */
  String exportCsv();

  /** The workspace's time zone: the page shows times and reads its dates in it. */
  java.time.ZoneId zone();

  /** {@code details}: the entry's details as JSON text. */
  record Entry(long id, Instant at, String actor, String action, String targetType, String targetId, String details) {}
}
