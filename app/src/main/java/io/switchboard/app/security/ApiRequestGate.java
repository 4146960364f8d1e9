package io.switchboard.app.security;

import io.switchboard.engine.tenancy.TenantId;

import java.time.Duration;
import java.util.Optional;

/** Decides whether a signed-in workspace's API request may go ahead now (its plan's rate limit). */
public interface ApiRequestGate {

  /** Empty when the request may go ahead; otherwise how long to wait before the next one. */
  Optional<Duration> tryAcquire(TenantId tenant);
}
