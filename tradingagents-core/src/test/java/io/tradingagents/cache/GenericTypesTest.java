package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Generic value types through the in-process tier and a shared tier (a second instance decodes them). */
class GenericTypesTest {
  record Quote(String symbol, double close) {}

  record Bar(LocalDate day, double close) {}

  record News(String headline) {}

  record Watchlist(String name, Map<String, List<Quote>> bySector) {}

  static final TypeRef<List<Quote>> QUOTES = new TypeRef<>() {};
  static final TypeRef<List<News>> NEWS = new TypeRef<>() {};
  static final TypeRef<Map<String, List<Bar>>> BARS_BY_SYMBOL = new TypeRef<>() {};
  static final TypeRef<Watchlist> WATCHLIST = new TypeRef<>() {};

  private static final CacheKey KEY = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
  private static final List<Quote> AAPL = List.of(new Quote("AAPL", 194.03), new Quote("AAPL", 195.1));

  private final MutableClock clock = new MutableClock();
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

  @Test
  void aListOfRecords_putWithItsType_decodesIntoRecordsOnAnotherInstance() {
    instance().put(KEY, AAPL, QUOTES);

    List<Quote> read = instance().get(KEY, QUOTES);

    assertThat(read).containsExactlyElementsOf(AAPL);
    assertThat(read.get(0)).isInstanceOf(Quote.class);
  }

  @Test
  void aValuePutWithoutItsType_isReadWithOne() {
    instance().put(KEY, AAPL);

    assertThat(instance().get(KEY, QUOTES)).containsExactlyElementsOf(AAPL);
  }

  @Test
  void mapsOfListsAndRecordsWithNestedGenerics_roundTrip() {
    Map<String, List<Bar>> bars = Map.of("AAPL", List.of(new Bar(LocalDate.of(2024, 6, 3), 194.03)));
    Watchlist watchlist = new Watchlist("tech", Map.of("it", AAPL));
    CacheKey other = CacheKey.of(DataKind.STOCK_DATA, "MSFT");
    AdaptiveCache writer = instance();
    writer.put(KEY, bars, BARS_BY_SYMBOL);
    writer.put(other, watchlist, WATCHLIST);

    AdaptiveCache reader = instance();
    assertThat(reader.get(KEY, BARS_BY_SYMBOL)).isEqualTo(bars);
    assertThat(reader.get(other, WATCHLIST)).isEqualTo(watchlist);
    assertThat(reader.getAll(List.of(KEY), BARS_BY_SYMBOL)).containsEntry(KEY, bars);
  }

  @Test
  void aLoaderWithAType_storesItsValueAsThatType() {
    AdaptiveCache loader = instance();
    assertThat(loader.get(KEY, QUOTES, k -> AAPL)).isEqualTo(AAPL);
    assertThat(loader.get(KEY, QUOTES, k -> List.of())).isSameAs(AAPL); // the in-process hit

    assertThat(instance().get(KEY, QUOTES)).isEqualTo(AAPL);
  }

  @Test
  void anotherGenericType_isACountedMiss_neverAClassCastException_andTheEntryStays() {
    AdaptiveCache writer = instance();
    writer.put(KEY, AAPL); // stored without a token: checked by element class in memory

    assertThat(writer.get(KEY, NEWS)).isNull();
    assertThat(writer.stats().typeMismatches()).isEqualTo(1);

    AdaptiveCache reader = instance();
    assertThat(reader.get(KEY, NEWS)).isNull(); // decoding Quote JSON into News fails: not its entry
    assertThat(reader.stats().typeMismatches()).isEqualTo(1);
    assertThat(reader.stats().decodeFailures()).isZero();
    assertThat(instance().get(KEY, QUOTES)).isEqualTo(AAPL);

    instance().put(KEY, AAPL, QUOTES); // stored with its token: another token is refused by name
    AdaptiveCache third = instance();
    assertThat(third.get(KEY, NEWS)).isNull();
    assertThat(third.stats().typeMismatches()).isEqualTo(1);
    assertThat(third.get(KEY, QUOTES)).isEqualTo(AAPL);
  }

  @Test
  void aTypeRefWithoutAConcreteType_isRefusedWithHowToWriteIt() {
    assertThatThrownBy(GenericTypesTest::tokenOfATypeVariable)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("type variable T")
        .hasMessageContaining("new TypeRef<List<Quote>>() {}");
    assertThat(TypeRef.of(Quote.class).type()).isEqualTo(Quote.class);
    assertThat(QUOTES.rawType()).isEqualTo(List.class);
    assertThat(QUOTES).isEqualTo(new TypeRef<List<Quote>>() {}).hasToString(
        "TypeRef<java.util.List<" + Quote.class.getName() + ">>");
  }

  private static <T> TypeRef<List<T>> tokenOfATypeVariable() {
    return new TypeRef<>() {};
  }
}
