package io.tradingagents.cache.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Market-aware expiry (on for stock data by default) through the file tier: the expiry instant chosen at
 * the write is stored in the entry file and honoured by another cache instance reading the same directory.
 */
class FileTierMarketExpiryTest {
  /** Friday 2026-03-06, 17:00 New York: after the close. */
  private static final Instant FRIDAY_AFTER_CLOSE = Instant.parse("2026-03-06T22:00:00Z");
  /** Monday 2026-03-09 09:30 New York (EDT) plus the default 1-minute margin. */
  private static final Instant MONDAY_OPEN_PLUS_MARGIN = Instant.parse("2026-03-09T13:31:00Z");
  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

  @TempDir
  Path directory;

  private final MutableClock clock = new MutableClock(FRIDAY_AFTER_CLOSE);

  private FileTier fileTier() {
    return new FileTier(FileTier.Options.of(directory).withClock(clock).withSweepInterval(Duration.ofDays(1)));
  }

  private AdaptiveCache cacheOver(FileTier tier) {
    return AdaptiveCache.builder().environment(Map.of("TA_CACHE_MARKET_OPEN_JITTER", "0"))
        .discoverTiers(false).tier(tier).clock(clock).build();
  }

  private void advanceTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  @Test
  void fridayAfterClose_isFreshOnSaturdayFromFiles_andExpiresAtMondaysOpenPlusMargin() {
    try (FileTier tier = fileTier(); AdaptiveCache writer = cacheOver(tier)) {
      writer.put(AAPL, "friday close");
      TierEntry stored = Objects.requireNonNull(tier.get(AAPL.asString()));
      assertThat(Instant.ofEpochMilli(stored.expiresAtMillis())).isEqualTo(MONDAY_OPEN_PLUS_MARGIN);
    }

    advanceTo(Instant.parse("2026-03-07T15:00:00Z"));
    try (FileTier tier = fileTier(); AdaptiveCache reader = cacheOver(tier)) {
      assertThat(reader.get(AAPL, String.class)).as("Saturday, read from the files").isEqualTo("friday close");
    }

    advanceTo(MONDAY_OPEN_PLUS_MARGIN.minusMillis(1));
    try (FileTier tier = fileTier(); AdaptiveCache reader = cacheOver(tier)) {
      assertThat(reader.get(AAPL, String.class)).isEqualTo("friday close");
    }

    advanceTo(MONDAY_OPEN_PLUS_MARGIN);
    try (FileTier tier = fileTier(); AdaptiveCache reader = cacheOver(tier)) {
      assertThat(reader.get(AAPL, String.class)).isNull();
      assertThat(tier.get(AAPL.asString())).isNull();
    }
  }
}
