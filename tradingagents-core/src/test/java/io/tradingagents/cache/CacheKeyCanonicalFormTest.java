package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the canonical form of keys of every shape exactly as released code rendered them (generated with
 * the SHA-256-over-length-prefixed-fields implementation of 2026-11). Every stored entry, in Redis,
 * MongoDB and the files, is found by this string: if a change of hashing, field order, date rendering or
 * normalization alters any line below, every entry stored by an earlier release is silently orphaned.
 * Do not update these strings to make a test pass; keep the old form readable instead.
 */
class CacheKeyCanonicalFormTest {
  private static final LocalDate JAN_2 = LocalDate.of(2024, 1, 2);
  private static final LocalDate MAR_29 = LocalDate.of(2024, 3, 29);

  static Stream<Arguments> keysOfEveryShape() {
    return Stream.of(
        shape("kind and symbol only", "ta:default:stock_data:us:AAPL:e3b0c44298fc1c149afbf4c8996fb924",
            () -> CacheKey.of(DataKind.STOCK_DATA, "AAPL")),
        shape("source only, lower-case symbol", "ta:default:news:us:AAPL:b301a6b5ae25e719bb3a298774b5fbb2",
            () -> CacheKey.builder(DataKind.NEWS, "aapl").source("yfinance").build()),
        shape("date range only", "ta:default:stock_data:us:MSFT:876ab9af01c90f76436246987aea1ecc",
            () -> CacheKey.builder(DataKind.STOCK_DATA, "MSFT").dateRange(JAN_2, MAR_29).build()),
        shape("common shape: kind, symbol, market, source, date range",
            "ta:default:stock_data:cn:600519:640193f21bae475746fba69fad521a49",
            () -> CacheKey.builder(DataKind.STOCK_DATA, "600519").market(Market.CHINA_A).source("tushare")
                .dateRange(JAN_2, MAR_29).build()),
        shape("one-day range, market detected", "ta:default:stock_data:cn:600519:59da4e337f14e10c7e5e540b5002911a",
            () -> CacheKey.builder(DataKind.STOCK_DATA, "600519").source("tushare").dateRange(JAN_2, JAN_2)
                .build()),
        shape("one parameter", "ta:default:fundamentals:us:MSFT:fc6419d6f1bf106457358d1a833600b9",
            () -> CacheKey.builder(DataKind.FUNDAMENTALS, "MSFT").param("interval", "1d").build()),
        shape("parameters given out of order", "ta:default:fundamentals:us:MSFT:a4498eac4117afaf5ee2f5fea0db7c48",
            () -> CacheKey.builder(DataKind.FUNDAMENTALS, "MSFT").param("b", "2").param("a", "1")
                .param("interval", "1d").build()),
        shape("a parameter value holding delimiters", "ta:default:news:us:AAPL:967449d2e2e277c3b9340595857ee31d",
            () -> CacheKey.builder(DataKind.NEWS, "AAPL").param("x", "1|to=2").build()),
        shape("the same text split over two parameters", "ta:default:news:us:AAPL:dd7cf503db634d654a65a963e5b0734d",
            () -> CacheKey.builder(DataKind.NEWS, "AAPL").param("x", "1").param("to", "2").build()),
        shape("a namespace", "ta:tenant-a:news:us:AAPL:d6d0839669c1fa6380ed8f8d4bdad2d0",
            () -> CacheKey.builder(DataKind.NEWS, "AAPL").namespace("tenant-a").source("finnhub").build()),
        shape("Hong Kong NNNN.HK", "ta:default:news:hk:0700.HK:e3b0c44298fc1c149afbf4c8996fb924",
            () -> CacheKey.of(DataKind.NEWS, "0700.HK")),
        shape("Hong Kong five digits", "ta:default:analysis:hk:00700:e3b0c44298fc1c149afbf4c8996fb924",
            () -> CacheKey.of(DataKind.ANALYSIS, "00700")),
        shape("A-share with exchange suffix", "ta:default:stock_data:cn:000001.SZ:e3b0c44298fc1c149afbf4c8996fb924",
            () -> CacheKey.of(DataKind.STOCK_DATA, "000001.SZ")),
        shape("non-ASCII symbol and source", "ta:default:news:cn:平安银行:4fb37751e1c6371a9b2ea287e3cd7a19",
            () -> CacheKey.builder(DataKind.NEWS, "平安银行").market(Market.CHINA_A).source("东方财富").build()),
        shape("custom kind, padded source, years 999 and 10000, empty and non-BMP parameter values",
            "ta:default:options_chain:us:TSLA:b42fc5dbb62f294920ad73723b3ecac7",
            () -> CacheKey.builder(DataKind.of("options_chain"), "tsla").market(Market.US).source(" polygon ")
                .dateRange(LocalDate.of(999, 12, 31), LocalDate.of(10000, 1, 1)).param("expiry", "")
                .param("note", "\uD83D\uDCC8 up").build()),
        shape("every field, stated market over detection, negative year",
            "ta:v2.prod_us:stock_data:hk:BRK.B:235e6d8ed0cbd8120fbb8060bbdd5992",
            () -> CacheKey.builder(DataKind.STOCK_DATA, "BRK.B").namespace("v2.prod_us").market(Market.HONG_KONG)
                .source("yfinance").dateRange(LocalDate.of(-1, 1, 1), LocalDate.of(1970, 1, 1))
                .param("adjusted", "true").build()),
        shape("non-ASCII after ASCII in a parameter, a 5,000-character value",
            "ta:default:news:us:AAPL:3560ba263eeb38ea90b0fb581fd50d2a",
            () -> CacheKey.builder(DataKind.NEWS, "AAPL").param("名称", "ab平安cd").param("long", "x".repeat(5000))
                .build()));
  }

  private static Arguments shape(String shape, String canonical, Supplier<CacheKey> key) {
    return Arguments.of(shape, canonical, key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysOfEveryShape")
  void canonicalForm_isExactlyWhatEarlierReleasesStored(String shape, String canonical, Supplier<CacheKey> key) {
    CacheKey built = key.get();

    assertThat(built.asString()).as(shape).isEqualTo(canonical);
    assertThat(built.hashCode()).isEqualTo(canonical.hashCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysOfEveryShape")
  void canonicalForm_parsesBackToAnEqualKey(String shape, String canonical, Supplier<CacheKey> key) {
    assertThat(CacheKey.parse(canonical)).as(shape).isEqualTo(key.get());
  }
}
