package io.switchboard.ui.numbers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The workspace's phone numbers: attach a sandbox number, connect workflows to its messages and ended calls, release it. */
public interface NumbersPort {

  List<Number> list();

  Number attachSandbox(String number, String friendlyName);

  /** Connects (or, with empty, disconnects) the workflows that answer messages and ended calls on the number. */
  Number connect(UUID id, Optional<UUID> messagesWorkflow, Optional<UUID> callsWorkflow);

  void release(UUID id);

  record Number(UUID id, String e164, String friendlyName, boolean sandbox, Optional<UUID> messagesWorkflow,
                Optional<UUID> callsWorkflow) {}
}
