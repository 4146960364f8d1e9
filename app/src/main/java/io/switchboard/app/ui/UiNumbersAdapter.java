package io.switchboard.app.ui;

import io.switchboard.app.messaging.PhoneNumberController;
import io.switchboard.ui.numbers.NumbersPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The phone numbers page's side of the phone-number rules, which live in {@link PhoneNumberController}
 * (no service of their own yet): the page calls them exactly as the REST API does.
 */
@Service
public class UiNumbersAdapter implements NumbersPort {

  private final PhoneNumberController numbers;

  public UiNumbersAdapter(PhoneNumberController numbers) {
    this.numbers = numbers;
  }

  @Override
  public List<Number> list() {
    return Refusals.call(() -> numbers.list().stream().map(UiNumbersAdapter::number).toList());
  }

  @Override
  public Number attachSandbox(String number, String friendlyName) {
    String name = friendlyName == null || friendlyName.isBlank() ? null : friendlyName;
    return Refusals.call(() -> number(numbers.attach(
        new PhoneNumberController.AttachNumber(number, name, null, null, null, true)).getBody()));
  }

  @Override
  public Number connect(UUID id, Optional<UUID> messagesWorkflow, Optional<UUID> callsWorkflow) {
    return Refusals.call(() -> number(numbers.change(id, new PhoneNumberController.ChangeNumber(null, null,
        messagesWorkflow.orElse(null), callsWorkflow.orElse(null), false, messagesWorkflow.isEmpty(), callsWorkflow.isEmpty()))));
  }

  @Override
  public void release(UUID id) {
    Refusals.run(() -> numbers.release(id));
  }

  private static Number number(PhoneNumberController.NumberView n) {
    return new Number(n.id(), n.number(), n.friendlyName(), n.sandbox(), n.workflowId(), n.voiceWorkflowId());
  }
}
