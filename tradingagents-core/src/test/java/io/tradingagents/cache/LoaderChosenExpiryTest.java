package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A loader that chooses its value's expiry, and put with an absolute expiry, through a shared tier. */
class LoaderChosenExpiryTest {
  private static final CacheKey QUOTE = CacheKey.of(DataKind.of("eod_quote"), "AAPL");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-06T22:00:00Z"));
  private final MemoryTier shared = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private AdaptiveCache instance() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(shared).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(cache);
    return cache;
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  private long storedExpiry(CacheKey key) {
    TierEntry entry = shared.get(key.asString());
    assertThat(entry).isNotNull();
    return entry.expiresAtMillis();
  }

  @Test
  void theLoadersExpiry_isStoredInEveryTier_andHonouredByAnotherInstance() {
    Instant mondayOpen = Instant.parse("2026-03-09T13:30:00Z");
    AtomicInteger calls = new AtomicInteger();

    String value = instance().getWithExpiry(QUOTE, String.class, k -> {
      calls.incrementAndGet();
      return Loaded.until("friday close 194.03", mondayOpen);
    });

    assertThat(value).isEqualTo("friday close 194.03");
    assertThat(storedExpiry(QUOTE)).isEqualTo(mondayOpen.toEpochMilli());
    clock.advance(Duration.ofDays(2)); // Sunday: still fresh for another instance
    assertThat(instance().get(QUOTE, String.class)).isEqualTo("friday close 194.03");
    clock.advance(Duration.between(clock.instant(), mondayOpen));
    assertThat(instance().get(QUOTE, String.class)).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aChosenTtl_isUsed_andAnExpiryAlreadyPassed_servesTheValueUncached() {
    AdaptiveCache cache = instance();
    cache.getWithExpiry(QUOTE, String.class, k -> Loaded.lasting("5 minutes", Duration.ofMinutes(5)));
    assertThat(storedExpiry(QUOTE)).isEqualTo(clock.millis() + Duration.ofMinutes(5).toMillis());

    CacheKey late = CacheKey.of(DataKind.of("eod_quote"), "MSFT");
    String value = cache.getWithExpiry(late, String.class, k -> Loaded.until("stale", clock.instant()));

    assertThat(value).isEqualTo("stale");
    assertThat(shared.get(late.asString())).isNull();
  }

  @Test
  void aNullLoaded_isAClearError_andANullValueIsNoData() {
    AdaptiveCache cache = instance();
    assertThatThrownBy(() -> cache.getWithExpiry(QUOTE, String.class, k -> null))
        .isInstanceOf(CacheLoadException.class).hasCauseInstanceOf(NullPointerException.class)
        .hasMessageContaining("Loaded.lasting(null, ttl)");

    assertThat(cache.getWithExpiry(CacheKey.of(DataKind.NEWS, "NONE"), String.class,
        k -> Loaded.lasting(null, Duration.ofHours(1)))).isNull();
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void putUntilAnInstant_storesThatExpiry_andAPastInstantIsRefused() {
    AdaptiveCache cache = instance();
    Instant nextOpen = clock.instant().plus(Duration.ofHours(63));

    cache.put(QUOTE, "until the open", nextOpen);

    assertThat(storedExpiry(QUOTE)).isEqualTo(nextOpen.toEpochMilli());
    assertThatThrownBy(() -> cache.put(QUOTE, "too late", clock.instant()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be in the future");
  }
}
