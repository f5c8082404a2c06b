package io.tradingagents.cache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TypeRef;
import io.tradingagents.cache.spi.CacheTier;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generic value types through one real shared tier: what one instance stores with a {@link TypeRef},
 * another decodes into the full type; another type is a counted mismatch that leaves the entry. A
 * backend extends this once with {@link #newTier()}.
 */
public abstract class GenericTypesContract {
  /** A quote. */
  public record Quote(String symbol, double close) {}

  /** A daily bar. */
  public record Bar(LocalDate day, double close) {}

  /** A headline. */
  public record News(String headline) {}

  /** A record with nested generics. */
  public record Watchlist(String name, Map<String, List<Quote>> bySector) {}

  private static final TypeRef<List<Quote>> QUOTES = new TypeRef<>() {};
  private static final TypeRef<List<News>> NEWS = new TypeRef<>() {};
  private static final TypeRef<Map<String, List<Bar>>> BARS = new TypeRef<>() {};
  private static final TypeRef<Watchlist> WATCHLIST = new TypeRef<>() {};

  /** @return a new connection to the same store, for one cache instance (the cache closes it) */
  protected abstract CacheTier newTier();

  private AdaptiveCache instance() {
    return AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(newTier()).build();
  }

  @Test
  void listsMapsAndNestedGenerics_decodeIntoTheirFullTypesOnAnotherInstance() {
    CacheKey quotesKey = CacheKey.of(DataKind.STOCK_DATA, "GEN1");
    CacheKey barsKey = CacheKey.of(DataKind.STOCK_DATA, "GEN2");
    CacheKey watchlistKey = CacheKey.of(DataKind.FUNDAMENTALS, "GEN3");
    List<Quote> quotes = List.of(new Quote("GEN1", 1.5), new Quote("GEN1", 2.5));
    Map<String, List<Bar>> bars = Map.of("GEN2", List.of(new Bar(LocalDate.of(2024, 6, 3), 194.03)));
    Watchlist watchlist = new Watchlist("tech", Map.of("it", quotes));
    try (AdaptiveCache writer = instance()) {
      writer.put(quotesKey, quotes, QUOTES);
      writer.put(barsKey, bars, BARS);
      writer.get(watchlistKey, WATCHLIST, k -> watchlist);
    }

    try (AdaptiveCache reader = instance()) {
      List<Quote> read = reader.get(quotesKey, QUOTES);
      assertThat(read).containsExactlyElementsOf(quotes);
      assertThat(read.get(0)).isInstanceOf(Quote.class);
      assertThat(reader.get(barsKey, BARS)).isEqualTo(bars);
      assertThat(reader.get(watchlistKey, WATCHLIST)).isEqualTo(watchlist);
      assertThat(reader.stats().hits()).isEqualTo(3);
    }
  }

  @Test
  void anotherGenericType_isACountedMiss_andLeavesTheEntry() {
    CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "GEN4");
    List<Quote> quotes = List.of(new Quote("GEN4", 3.5));
    try (AdaptiveCache writer = instance()) {
      writer.put(key, quotes, QUOTES);
    }

    try (AdaptiveCache wrong = instance()) {
      assertThat(wrong.get(key, NEWS)).isNull();
      assertThat(wrong.stats().typeMismatches()).isEqualTo(1);
      assertThat(wrong.stats().decodeFailures()).isZero();
    }
    try (AdaptiveCache right = instance()) {
      assertThat(right.get(key, QUOTES)).isEqualTo(quotes);
    }
  }
}
