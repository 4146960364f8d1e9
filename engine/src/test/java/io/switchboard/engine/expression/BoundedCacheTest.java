package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCacheTest {

  @Test
  void shouldComputeEachKeyOnceWhileItIsCached() {
    AtomicInteger computed = new AtomicInteger();
    BoundedCache<String, Integer> cache = new BoundedCache<>(10);
    cache.get("a", k -> computed.incrementAndGet());
    cache.get("a", k -> computed.incrementAndGet());
    assertThat(computed).hasValue(1);
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedEntryWhenFull() {
    AtomicInteger computed = new AtomicInteger();
    BoundedCache<String, Integer> cache = new BoundedCache<>(2);
    cache.get("a", k -> computed.incrementAndGet());
    cache.get("b", k -> computed.incrementAndGet());
    cache.get("a", k -> computed.incrementAndGet());
    cache.get("c", k -> computed.incrementAndGet());
    assertThat(cache.size()).isEqualTo(2);
    cache.get("a", k -> computed.incrementAndGet());
    assertThat(computed).as("a was used recently, so b was evicted instead").hasValue(3);
    cache.get("b", k -> computed.incrementAndGet());
    assertThat(computed).hasValue(4);
  }

  @Test
  void shouldEvictTheEldestEntriesWhenOverWeight() {
    BoundedCache<String, String> cache = new BoundedCache<>(100, 10, (k, v) -> v.length());
    cache.get("a", k -> "aaaa");
    cache.get("b", k -> "bbbb");
    cache.get("c", k -> "cccc");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.weight()).isEqualTo(8);
    AtomicInteger computed = new AtomicInteger();
    cache.get("a", k -> {
      computed.incrementAndGet();
      return "aaaa";
    });
    assertThat(computed).as("a was the eldest, so it was evicted").hasValue(1);
  }
}
