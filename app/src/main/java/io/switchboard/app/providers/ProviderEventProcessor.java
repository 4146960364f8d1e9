package io.switchboard.app.providers;

/** Does what a kind of provider event asks (start a workflow, update a message …). */
public interface ProviderEventProcessor {

  /** Whether this processor handles events of {@code provider} and {@code type}. */
  boolean handles(String provider, String type);

  /**
   * Processes one stored event and says in plain words what was done. Throwing leaves the event
   * to be processed again later; {@link Ignored} marks it as deliberately not acted on.
   */
  String process(ProviderEventStore.StoredEvent event) throws Exception;

  /** The event needs nothing done (a status we do not track, a number with no workflow …). */
  final class Ignored extends Exception {
    public Ignored(String reason) {
      super(reason);
    }
  }
}
