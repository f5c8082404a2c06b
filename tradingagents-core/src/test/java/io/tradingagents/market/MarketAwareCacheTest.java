package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Market-aware expiry through {@link AdaptiveCache}, configured the default way (settings), with an
 * injected clock: the expiry instant is computed once, at the write, and travels with the entry.
 */
class MarketAwareCacheTest {
  /** Friday 2026-03-06, 17:00 New York (EST): after the close. */
  private static final Instant FRIDAY_AFTER_CLOSE = Instant.parse("2026-03-06T22:00:00Z");
  /** Monday 2026-03-09 09:30 New York (EDT, DST started on Sunday). */
  private static final Instant MONDAY_OPEN = Instant.parse("2026-03-09T13:30:00Z");
  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

  private final MutableClock clock = new MutableClock(FRIDAY_AFTER_CLOSE);

  private AdaptiveCacheBuilder builder(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("TA_CACHE_MARKET_OPEN_JITTER", "0"));
    env.putAll(extra);
    return AdaptiveCache.builder().environment(env).discoverTiers(false).clock(clock);
  }

  private void advanceTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  @Test
  void stockDataWrittenFridayAfterTheClose_isFreshOnSaturday_andExpiresAtMondaysOpenPlusMargin() {
    try (AdaptiveCache cache = builder(Map.of()).build()) {
      cache.put(AAPL, "friday close");

      advanceTo(Instant.parse("2026-03-07T15:00:00Z"));
      assertThat(cache.get(AAPL, String.class)).isEqualTo("friday close");
      advanceTo(MONDAY_OPEN.plus(Duration.ofSeconds(59)));
      assertThat(cache.get(AAPL, String.class)).isEqualTo("friday close");
      advanceTo(MONDAY_OPEN.plus(Duration.ofMinutes(1)));
      assertThat(cache.get(AAPL, String.class)).isNull();
    }
  }

  @Test
  void expiryInstant_travelsThroughASharedTier_soASecondInstanceAgrees() {
    MemoryTier shared = new MemoryTier("shared", TierKind.OTHER, 1 << 20, clock);
    Instant expected = MONDAY_OPEN.plus(Duration.ofMinutes(1));
    try (AdaptiveCache writer = builder(Map.of()).tier(shared).build()) {
      writer.put(AAPL, "friday close");
    }
    TierEntry stored = Objects.requireNonNull(shared.get(AAPL.asString()));
    assertThat(Instant.ofEpochMilli(stored.expiresAtMillis())).isEqualTo(expected);

    advanceTo(Instant.parse("2026-03-07T15:00:00Z"));
    try (AdaptiveCache reader = builder(Map.of()).tier(shared).build()) {
      assertThat(reader.get(AAPL, String.class)).isEqualTo("friday close");
      advanceTo(expected.minusMillis(1));
      assertThat(reader.get(AAPL, String.class)).as("in-process copy from the shared tier").isEqualTo("friday close");
      advanceTo(expected);
      assertThat(reader.get(AAPL, String.class)).isNull();
    }
  }

  @Test
  void completedDaysBarsLoadedOnce_areServedForThirtyDays() {
    CacheKey bars = CacheKey.builder(DataKind.STOCK_DATA, "AAPL")
        .dateRange(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 3, 5)).build();
    AtomicInteger loads = new AtomicInteger();
    try (AdaptiveCache cache = builder(Map.of()).build()) {
      cache.get(bars, String.class, k -> "bars#" + loads.incrementAndGet());
      clock.advance(Duration.ofDays(30).minusSeconds(1));
      assertThat(cache.get(bars, String.class, k -> "bars#" + loads.incrementAndGet())).isEqualTo("bars#1");
      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.get(bars, String.class, k -> "bars#" + loads.incrementAndGet())).isEqualTo("bars#2");
    }
    assertThat(loads).hasValue(2);
  }

  @Test
  void news_staysOnTheFlatTable() {
    CacheKey news = CacheKey.of(DataKind.NEWS, "AAPL");
    try (AdaptiveCache cache = builder(Map.of()).build()) {
      cache.put(news, "headlines");
      clock.advance(Duration.ofHours(6).minusSeconds(1));
      assertThat(cache.get(news, String.class)).isEqualTo("headlines");
      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.get(news, String.class)).isNull();
    }
  }

  @Test
  void settings_chooseTheKindsAndTheIntradayTtl() {
    CacheKey news = CacheKey.of(DataKind.NEWS, "AAPL");
    advanceTo(Instant.parse("2026-03-09T15:00:00Z")); // Monday, in session
    try (AdaptiveCache cache = builder(Map.of("TA_CACHE_MARKET_EXPIRY", "stock_data,news",
        "TA_CACHE_MARKET_INTRADAY_TTL", "90s")).build()) {
      cache.put(news, "headlines");
      cache.put(AAPL, "quote");
      clock.advance(Duration.ofSeconds(89));
      assertThat(cache.get(news, String.class)).isEqualTo("headlines");
      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.get(news, String.class)).isNull();
      assertThat(cache.get(AAPL, String.class)).isNull();
    }
  }

  @Test
  void none_putsStockDataBackOnTheFlatTable() {
    try (AdaptiveCache cache = builder(Map.of("TA_CACHE_MARKET_EXPIRY", "none")).build()) {
      cache.put(AAPL, "quote");
      clock.advance(Duration.ofHours(2).minusSeconds(1));
      assertThat(cache.get(AAPL, String.class)).isEqualTo("quote");
      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.get(AAPL, String.class)).isNull();
    }
  }

  @Test
  void malformedSettings_nameTheSettingAndWhatIsAccepted() {
    assertThatThrownBy(() -> builder(Map.of("TA_CACHE_MARKET_EXPIRY", "stock data!")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_MARKET_EXPIRY")
        .hasMessageContaining("'stock data!'").hasMessageContaining("none");
    assertThatThrownBy(() -> builder(Map.of("TA_CACHE_MARKET_INTRADAY_TTL", "0s")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_MARKET_INTRADAY_TTL")
        .hasMessageContaining("between 1s and 1d");
    assertThatThrownBy(() -> builder(Map.of("TA_CACHE_MARKET_CALENDAR_FILES", "/nonexistent/x.calendar"))
        .build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_MARKET_CALENDAR_FILES")
        .hasMessageContaining("/nonexistent/x.calendar");
  }
}
