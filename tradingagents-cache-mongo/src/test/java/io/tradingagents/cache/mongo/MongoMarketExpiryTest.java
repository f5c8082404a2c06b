package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Market-aware expiry (on for stock data by default) through the MongoDB tier, real driver against the
 * in-process server: the expiry instant written as {@code expires_at} is read back unchanged by another
 * instance, which serves the entry on Saturday and drops it at Monday's open plus margin.
 */
class MongoMarketExpiryTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();

  /** Friday 2026-03-06, 17:00 New York: after the close. */
  private static final Instant FRIDAY_AFTER_CLOSE = Instant.parse("2026-03-06T22:00:00Z");
  /** Monday 2026-03-09 09:30 New York (EDT) plus the default 1-minute margin. */
  private static final Instant MONDAY_OPEN_PLUS_MARGIN = Instant.parse("2026-03-09T13:31:00Z");
  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

  private final MutableClock clock = new MutableClock(FRIDAY_AFTER_CLOSE);
  private MongoClient client;
  private MongoDatabase database;

  @BeforeEach
  void open() {
    client = MONGO.client();
    database = client.getDatabase(InProcessMongo.freshDatabase());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private MongoTier tier() {
    return MongoTier.using(database, "cache_entries", clock);
  }

  private AdaptiveCache cacheOver(MongoTier tier) {
    return AdaptiveCache.builder().environment(Map.of("TA_CACHE_MARKET_OPEN_JITTER", "0"))
        .discoverTiers(false).tier(tier).clock(clock).build();
  }

  private void advanceTo(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  @Test
  void fridayAfterClose_readBackFromMongo_keepsItsExpiry_andExpiresAtMondaysOpenPlusMargin() {
    try (AdaptiveCache writer = cacheOver(tier())) {
      writer.put(AAPL, "friday close");
    }
    try (MongoTier tier = tier()) {
      TierEntry stored = Objects.requireNonNull(tier.get(AAPL.asString()));
      assertThat(Instant.ofEpochMilli(stored.expiresAtMillis())).isEqualTo(MONDAY_OPEN_PLUS_MARGIN);
    }

    advanceTo(Instant.parse("2026-03-07T15:00:00Z"));
    try (AdaptiveCache reader = cacheOver(tier())) {
      assertThat(reader.get(AAPL, String.class)).as("Saturday, from MongoDB").isEqualTo("friday close");
      advanceTo(MONDAY_OPEN_PLUS_MARGIN.minusMillis(1));
      assertThat(reader.get(AAPL, String.class)).isEqualTo("friday close");
      advanceTo(MONDAY_OPEN_PLUS_MARGIN);
      assertThat(reader.get(AAPL, String.class)).isNull();
    }
  }
}
