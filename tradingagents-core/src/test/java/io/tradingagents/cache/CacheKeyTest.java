package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeyTest {
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN_31 = LocalDate.of(2024, 1, 31);
  private static final LocalDate FEB_29 = LocalDate.of(2024, 2, 29);

  @Test
  void canonicalForm_isReadableAndStable() {
    CacheKey key = CacheKey.builder(DataKind.STOCK_DATA, "aapl").source("yfinance")
        .dateRange(JAN_1, JAN_31).build();

    assertThat(key.asString()).matches("ta:default:stock_data:us:AAPL:[0-9a-f]{32}");
    // stable across releases: the same request must always map to the same entry
    assertThat(key.asString()).isEqualTo(CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("yfinance")
        .dateRange(JAN_1, JAN_31).build().asString());
    assertThat(key.toString()).isEqualTo(key.asString());
  }

  @Test
  void differentDateRanges_neverShareAnEntry() {
    CacheKey january = CacheKey.builder(DataKind.STOCK_DATA, "AAPL").dateRange(JAN_1, JAN_31).build();
    CacheKey toFeb = CacheKey.builder(DataKind.STOCK_DATA, "AAPL").dateRange(JAN_1, FEB_29).build();
    CacheKey none = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

    assertThat(january).isNotEqualTo(toFeb).isNotEqualTo(none);
    assertThat(january.asString()).isNotEqualTo(toFeb.asString());
  }

  @Test
  void differentSources_neverShareAnEntry() {
    CacheKey yahoo = CacheKey.builder(DataKind.NEWS, "600519").source("yfinance").build();
    CacheKey tushare = CacheKey.builder(DataKind.NEWS, "600519").source("tushare").build();

    assertThat(yahoo).isNotEqualTo(tushare);
  }

  @Test
  void fieldValuesCannotBeShuffledIntoACollision() {
    CacheKey a = CacheKey.builder(DataKind.NEWS, "AAPL").param("x", "1|to=2").build();
    CacheKey b = CacheKey.builder(DataKind.NEWS, "AAPL").param("x", "1").param("to", "2").build();

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void parameterOrder_doesNotMatter() {
    CacheKey ab = CacheKey.builder(DataKind.FUNDAMENTALS, "MSFT").param("a", "1").param("b", "2").build();
    CacheKey ba = CacheKey.builder(DataKind.FUNDAMENTALS, "MSFT").param("b", "2").param("a", "1").build();

    assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
  }

  @Test
  void market_isDetectedOrStated() {
    assertThat(CacheKey.of(DataKind.NEWS, "0700.HK").market()).isEqualTo(Market.HONG_KONG);
    assertThat(CacheKey.of(DataKind.NEWS, "600519").asString()).contains(":cn:600519:");
    CacheKey stated = CacheKey.builder(DataKind.NEWS, "平安银行").market(Market.CHINA_A).build();
    assertThat(stated.asString()).startsWith("ta:default:news:cn:平安银行:");
  }

  @Test
  void namespace_isPartOfTheKey() {
    CacheKey a = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("tenant-a").build();

    assertThat(a.asString()).startsWith(CacheKey.namespacePrefix("tenant-a"));
    assertThat(a).isNotEqualTo(CacheKey.of(DataKind.NEWS, "AAPL"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "AA PL", "A:B", "A*", "A?", "A[1]", "a\nb"})
  void malformedSymbol_isRejectedWithReason(String symbol) {
    assertThatThrownBy(() -> CacheKey.of(DataKind.NEWS, symbol))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
  }

  @Test
  void nullArguments_areRejectedByName() {
    assertThatThrownBy(() -> CacheKey.of(DataKind.NEWS, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("symbol");
    assertThatThrownBy(() -> CacheKey.of(null, "AAPL")).isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
  }

  @Test
  void reversedDateRange_isRejected() {
    assertThatThrownBy(() -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").dateRange(JAN_31, JAN_1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before its start");
  }

  @Test
  void malformedNamespace_isRejected() {
    assertThatThrownBy(() -> CacheKey.builder(DataKind.NEWS, "AAPL").namespace("a:b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
  }

  @Test
  void parse_readsACanonicalKeyBack() {
    CacheKey key = CacheKey.builder(DataKind.NEWS, "0700.HK").namespace("t1").source("x")
        .dateRange(JAN_1, JAN_31).build();

    CacheKey parsed = CacheKey.parse(key.asString());

    assertThat(parsed).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(parsed.namespace()).isEqualTo("t1");
    assertThat(parsed.market()).isEqualTo(Market.HONG_KONG);
    assertThat(parsed.symbol()).isEqualTo("0700.HK");
    assertThat(parsed.source()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "AAPL", "ta:default:news:us:AAPL", "ta:default:news:us:AAPL:xyz",
      "ta:default:news:jp:AAPL:0123456789abcdef0123456789abcdef", "ta:a:b:news:us:AAPL:0123456789abcdef0123456789abcdef"})
  void parse_rejectsWhatIsNotACanonicalKey(String text) {
    assertThatThrownBy(() -> CacheKey.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataKind_customKindsAreNormalizedAndValidated() {
    assertThat(DataKind.of("Options_Chain").name()).isEqualTo("options_chain");
    assertThat(DataKind.of("news")).isSameAs(DataKind.NEWS);
    assertThatThrownBy(() -> DataKind.of("9lives")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'9lives'");
  }

  @Test
  void reusedBuilder_buildsTheSameKeysAsFreshBuilders() {
    CacheKey.Builder daily = CacheKey.builder(DataKind.STOCK_DATA, "600519").source("tushare");

    CacheKey january = daily.dateRange(JAN_1, JAN_31).build();
    CacheKey toFeb = daily.dateRange(JAN_1, FEB_29).build();

    assertThat(january).isEqualTo(CacheKey.builder(DataKind.STOCK_DATA, "600519").source("tushare")
        .dateRange(JAN_1, JAN_31).build());
    assertThat(toFeb).isEqualTo(CacheKey.builder(DataKind.STOCK_DATA, "600519").source("tushare")
        .dateRange(JAN_1, FEB_29).build());
    assertThat(january.market()).isEqualTo(Market.CHINA_A);
  }

  @Test
  void reusedBuilder_followsANamespaceOrMarketChangedAfterABuild() {
    CacheKey.Builder builder = CacheKey.builder(DataKind.NEWS, "0700.HK");
    CacheKey detected = builder.build();

    CacheKey otherNamespace = builder.namespace("tenant-b").build();
    CacheKey statedMarket = builder.market(Market.US).build();

    assertThat(detected.asString()).startsWith("ta:default:news:hk:0700.HK:");
    assertThat(otherNamespace.asString()).startsWith("ta:tenant-b:news:hk:0700.HK:");
    assertThat(statedMarket.asString()).startsWith("ta:tenant-b:news:us:0700.HK:");
    assertThat(statedMarket.market()).isEqualTo(Market.US);
  }

  @Test
  void keysBuiltOnManyThreads_equalThoseBuiltOnOne() throws Exception {
    java.util.List<CacheKey> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add(CacheKey.builder(DataKind.STOCK_DATA, "S" + i).source("src" + (i % 7))
          .dateRange(JAN_1, JAN_1.plusDays(i)).param("n", "v" + i).build());
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<CacheKey>> built = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        built.add(pool.submit(() -> CacheKey.builder(DataKind.STOCK_DATA, "S" + n).source("src" + (n % 7))
            .dateRange(JAN_1, JAN_1.plusDays(n)).param("n", "v" + n).build()));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(built.get(i).get().asString()).isEqualTo(expected.get(i).asString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysBuiltOneAfterAnother_equalThoseBuiltAloneOnAFreshThread() throws Exception {
    java.util.List<java.util.function.Supplier<CacheKey>> requests = java.util.List.of(
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").dateRange(JAN_1, JAN_31).build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "MSFT").source("s").dateRange(JAN_1, JAN_31).build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").dateRange(JAN_1, FEB_29).build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("t").dateRange(JAN_1, JAN_31).build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").dateRange(JAN_1, JAN_31).build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").dateRange(JAN_1, JAN_31).param("a", "1")
            .build(),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").dateRange(JAN_1, JAN_31).build(),
        () -> CacheKey.of(DataKind.STOCK_DATA, "AAPL"),
        () -> CacheKey.builder(DataKind.STOCK_DATA, "AAPL").source("s").dateRange(JAN_1, JAN_31).build());
    java.util.List<String> inSequence = new java.util.ArrayList<>();
    requests.forEach(r -> inSequence.add(r.get().asString()));

    for (int i = 0; i < requests.size(); i++) {
      java.util.function.Supplier<CacheKey> request = requests.get(i);
      java.util.concurrent.FutureTask<String> alone = new java.util.concurrent.FutureTask<>(
          () -> request.get().asString());
      Thread fresh = new Thread(alone);
      fresh.start();
      assertThat(inSequence.get(i)).as("request %s", i).isEqualTo(alone.get());
    }
    assertThat(new java.util.HashSet<>(inSequence)).as("distinct requests, distinct keys").hasSize(8);
  }
}
