package io.switchboard.engine.expression;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;

/**
 * A least-recently-used map bounded both in entries and in total weight (an estimate of the
 * memory an entry keeps), safe to share between threads.
 */
final class BoundedCache<K, V> {

  private final int maxEntries;
  private final long maxWeight;
  private final ToLongBiFunction<K, V> weigher;
  private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long weight;

  BoundedCache(int maxEntries, long maxWeight, ToLongBiFunction<K, V> weigher) {
    if (maxEntries <= 0 || maxWeight <= 0) {
      throw new IllegalArgumentException("cache bounds must be positive, were " + maxEntries + " and " + maxWeight);
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  /** A cache bounded in entries only. */
  BoundedCache(int maxEntries) {
    this(maxEntries, Long.MAX_VALUE, (k, v) -> 0);
  }

  /** The cached value, or a new one from {@code compute}, which runs outside the lock. */
  V get(K key, Function<K, V> compute) {
    synchronized (entries) {
      V cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    // Two threads may compute the same entry; both results are equal, so the race is harmless.
    V value = compute.apply(key);
    long valueWeight = weigher.applyAsLong(key, value);
    synchronized (entries) {
      V replaced = entries.put(key, value);
      weight += valueWeight - (replaced == null ? 0 : weigher.applyAsLong(key, replaced));
      Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
      while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
        Map.Entry<K, V> evicted = eldest.next();
        weight -= weigher.applyAsLong(evicted.getKey(), evicted.getValue());
        eldest.remove();
      }
    }
    return value;
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  long weight() {
    synchronized (entries) {
      return weight;
    }
  }
}
