package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.cache.CacheRead.StaleReason;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.monitoring.CacheMetrics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code read}: the value with its age, expiry, tier and staleness; the per-call limit; the age meter. */
class FreshReadTest {
  private static final CacheKey NEWS = CacheKey.of(DataKind.NEWS, "AAPL");
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration STALE_WINDOW = Duration.ofHours(1);
  private static final TtlPolicy POLICY = TtlPolicy.builder().ttl(DataKind.NEWS, TTL)
      .staleWindow(DataKind.NEWS, STALE_WINDOW).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T15:00:00Z"));
  private final MemoryTier shared = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final FlakyTier flaky = new FlakyTier(shared);
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private AdaptiveCache instance() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .ttlPolicy(POLICY).tier(flaky).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(cache);
    return cache;
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  private static CacheLoader<String> failing() {
    return k -> {
      throw new IOException("upstream answered 503");
    };
  }

  @Test
  void aMemoryHit_saysItsAgeExpiryAndTier() {
    AdaptiveCache cache = instance();
    Instant written = clock.instant();
    cache.put(NEWS, "headline");
    clock.advance(Duration.ofMinutes(3));

    CacheRead<String> read = cache.read(NEWS, String.class);

    assertThat(read.value()).isEqualTo("headline");
    assertThat(read.found()).isTrue();
    assertThat(read.tier()).isEqualTo(CacheRead.MEMORY);
    assertThat(read.writtenAt()).isEqualTo(written);
    assertThat(read.age()).isEqualTo(Duration.ofMinutes(3));
    assertThat(read.expiresAt()).isEqualTo(written.plus(TTL));
    assertThat(read.stale()).isFalse();
    assertThat(read.staleness()).isZero();
    assertThat(read.toString()).doesNotContain("headline");
  }

  @Test
  void aSharedHit_namesTheTier_andKeepsTheTimesOfTheFirstWrite() {
    Instant written = clock.instant();
    instance().put(NEWS, "headline");
    clock.advance(Duration.ofMinutes(4));
    AdaptiveCache other = instance();

    CacheRead<String> read = other.read(NEWS, String.class);
    CacheRead<String> again = other.read(NEWS, String.class);

    assertThat(read.value()).isEqualTo("headline");
    assertThat(read.tier()).isEqualTo("redis");
    assertThat(read.age()).isEqualTo(Duration.ofMinutes(4));
    assertThat(read.expiresAt()).isEqualTo(written.plus(TTL));
    assertThat(again.tier()).isEqualTo(CacheRead.MEMORY);
    assertThat(again.writtenAt()).isEqualTo(written); // the copy in memory keeps the first write's time
  }

  @Test
  void aLoad_isTheLoaderTier_agedZero_andAMissIsNotFound() {
    AdaptiveCache cache = instance();
    assertThat(cache.read(NEWS, String.class).found()).isFalse();
    assertThat(cache.read(NEWS, String.class).tier()).isEqualTo(CacheRead.NONE);

    CacheRead<String> read = cache.read(NEWS, String.class, k -> "loaded");

    assertThat(read.value()).isEqualTo("loaded");
    assertThat(read.tier()).isEqualTo(CacheRead.LOADER);
    assertThat(read.age()).isZero();
    assertThat(read.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(cache.read(NEWS, String.class, failing()).tier()).isEqualTo(CacheRead.MEMORY);
  }

  @Test
  void aFailedLoad_servesTheLastValueStale_withinTheCallsLimit() {
    AdaptiveCache cache = instance();
    cache.put(NEWS, "old");
    Instant expired = clock.instant().plus(TTL);
    clock.advance(TTL.plus(Duration.ofMinutes(5)));

    CacheRead<String> read = cache.read(NEWS, String.class, failing(), ReadOptions.maxStaleness(Duration.ofMinutes(6)));

    assertThat(read.value()).isEqualTo("old");
    assertThat(read.staleReason()).isEqualTo(StaleReason.LOADER_FAILED);
    assertThat(read.expiresAt()).isEqualTo(expired);
    assertThat(read.staleness()).isEqualTo(Duration.ofMinutes(5));
    assertThat(read.age()).isEqualTo(TTL.plus(Duration.ofMinutes(5)));
    assertThat(cache.stats().staleServed()).isEqualTo(1);

    assertThatThrownBy(() -> cache.read(NEWS, String.class, failing(),
        ReadOptions.maxStaleness(Duration.ofMinutes(4))))
        .isInstanceOf(CacheLoadException.class).hasRootCauseMessage("upstream answered 503");
    assertThat(cache.stats().staleServed()).isEqualTo(1);
    assertThat(cache.stats().loadFailures()).isEqualTo(2);
  }

  @Test
  void withEverySharedTierDown_aReadWithoutLoader_servesTheLastValueStale() {
    AdaptiveCache cache = instance();
    cache.put(NEWS, "old");
    clock.advance(TTL.plus(Duration.ofMinutes(2)));
    assertThat(cache.read(NEWS, String.class).found()).isFalse(); // tier up: a plain miss

    flaky.down = true;
    for (int i = 0; i < 50 && cache.performanceMode() != PerformanceMode.MEMORY_ONLY; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "X" + i), String.class);
    }
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.MEMORY_ONLY);

    CacheRead<String> read = cache.read(NEWS, String.class);
    assertThat(read.value()).isEqualTo("old");
    assertThat(read.staleReason()).isEqualTo(StaleReason.TIER_DOWN);
    assertThat(read.staleness()).isEqualTo(Duration.ofMinutes(2));
    assertThat(cache.read(NEWS, String.class, ReadOptions.maxStaleness(Duration.ZERO)).found()).isFalse();
    assertThat(cache.get(NEWS, String.class)).isNull(); // the plain get never serves an expired value
  }

  @Test
  void theServedAge_isMeteredPerKind_andStaleReadsByReason() {
    AdaptiveCache cache = instance();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new CacheMetrics(cache, "market").bindTo(registry);
    CacheKey quote = CacheKey.of(DataKind.STOCK_DATA, "MSFT");
    cache.put(NEWS, "headline");
    cache.put(quote, "quote");
    clock.advance(Duration.ofMinutes(2));

    cache.read(NEWS, String.class);
    cache.read(NEWS, String.class);
    cache.read(quote, String.class);
    cache.get(NEWS, String.class); // the plain get is not metered
    cache.read(CacheKey.of(DataKind.NEWS, "NONE"), String.class); // a miss serves no age
    clock.advance(TTL);
    cache.read(NEWS, String.class, failing());

    var newsAge = registry.get("tradingagents.cache.read.age").tags("cache", "market", "kind", "news").timer();
    assertThat(newsAge.count()).isEqualTo(3);
    assertThat(newsAge.totalTime(TimeUnit.MINUTES)).isEqualTo(2 + 2 + 12);
    assertThat(registry.get("tradingagents.cache.read.age").tags("kind", "stock_data").timer().count()).isEqualTo(1);
    assertThat(registry.get("tradingagents.cache.read.stale").tags("kind", "news", "reason", "loader_failed")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("tradingagents.cache.read.stale").tags("kind", "news", "reason", "tier_down")
        .counter().count()).isZero();
  }

  @Test
  void options_refuseANegativeLimit_andNullsAreRefused() {
    assertThatThrownBy(() -> ReadOptions.maxStaleness(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStaleness must be >= 0 but was PT-1S");
    AdaptiveCache cache = instance();
    assertThatThrownBy(() -> cache.read(NEWS, String.class, (ReadOptions) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
    AtomicInteger calls = new AtomicInteger();
    assertThat(cache.read(NEWS, new TypeRef<List<String>>() {}, k -> {
      calls.incrementAndGet();
      return List.of("a");
    }, ReadOptions.defaults()).value()).containsExactly("a");
    assertThat(calls).hasValue(1);
  }
}
