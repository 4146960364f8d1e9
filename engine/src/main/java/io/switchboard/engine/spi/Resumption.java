package io.switchboard.engine.spi;

import tools.jackson.databind.JsonNode;

/** Why a waiting node is being called again. */
public sealed interface Resumption {

  /** Its {@link WaitSpec.Until} time came (or someone chose "resume now"). */
  record TimeReached() implements Resumption {}

  /** The awaited event arrived, carrying this payload. */
  record EventArrived(String eventKey, JsonNode payload) implements Resumption {}

  /** The awaited event did not arrive before the timeout. */
  record TimedOut() implements Resumption {}
}
