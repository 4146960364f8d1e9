package io.switchboard.engine.tenancy;

import java.util.Objects;
import java.util.UUID;

/** The identity of a tenant (one client business). Every tenant-owned row carries it. */
public record TenantId(UUID value) implements java.io.Serializable {

  public TenantId {
    Objects.requireNonNull(value, "tenant id");
  }

  public static TenantId of(String value) {
    return new TenantId(UUID.fromString(value));
  }

  public static TenantId random() {
    return new TenantId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
