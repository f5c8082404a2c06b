package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlPolicyTest {

  @Test
  void defaults_matchTheReferenceTable() {
    TtlPolicy p = TtlPolicy.defaults();

    assertThat(p.ttl(DataKind.STOCK_DATA, Market.US)).isEqualTo(Duration.ofHours(2));
    assertThat(p.ttl(DataKind.STOCK_DATA, Market.CHINA_A)).isEqualTo(Duration.ofHours(1));
    assertThat(p.ttl(DataKind.NEWS, Market.US)).isEqualTo(Duration.ofHours(6));
    assertThat(p.ttl(DataKind.NEWS, Market.CHINA_A)).isEqualTo(Duration.ofHours(4));
    assertThat(p.ttl(DataKind.FUNDAMENTALS, Market.US)).isEqualTo(Duration.ofHours(24));
    assertThat(p.ttl(DataKind.FUNDAMENTALS, Market.CHINA_A)).isEqualTo(Duration.ofHours(12));
    assertThat(p.ttl(DataKind.of("options"), Market.US)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void hongKong_isAMarketOfItsOwn_notUs() {
    CacheKey tencent = CacheKey.of(DataKind.STOCK_DATA, "0700.HK");

    assertThat(TtlPolicy.defaults().ttlForWrite(tencent)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void overrides_perKindAndMarket() {
    TtlPolicy p = TtlPolicy.builder().ttl(DataKind.NEWS, Duration.ofMinutes(10))
        .ttl(DataKind.NEWS, Market.HONG_KONG, Duration.ofMinutes(5)).build();

    assertThat(p.ttl(DataKind.NEWS, Market.US)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.ttl(DataKind.NEWS, Market.HONG_KONG)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void jitter_shortensButNeverLengthens() {
    TtlPolicy p = TtlPolicy.builder().jitter(0.2).build();
    CacheKey key = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

    for (int i = 0; i < 1000; i++) {
      assertThat(p.ttlForWrite(key)).isBetween(Duration.ofMinutes(96), Duration.ofHours(2));
    }
  }

  @Test
  void invalidValues_areRejectedWithTheValue() {
    assertThatThrownBy(() -> TtlPolicy.builder().ttl(DataKind.NEWS, Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-5S");
    assertThatThrownBy(() -> TtlPolicy.builder().jitter(0.9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.9");
    assertThatThrownBy(() -> TtlPolicy.builder().negativeTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negativeTtl");
  }

  @Test
  void expiryPolicy_decidesTheTtlOfItsKindOnly() {
    java.time.Instant now = java.time.Instant.parse("2026-03-06T22:00:00Z");
    TtlPolicy p = TtlPolicy.builder()
        .expiry(DataKind.STOCK_DATA, (key, at) -> at.plus(Duration.ofHours(15))).build();

    assertThat(p.ttlForWrite(CacheKey.of(DataKind.STOCK_DATA, "AAPL"), now)).isEqualTo(Duration.ofHours(15));
    assertThat(p.ttlForWrite(CacheKey.of(DataKind.NEWS, "AAPL"), now)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void expiryPolicyAnsweringNullOrThePast_fallsBackToTheFlatTable() {
    java.time.Instant now = java.time.Instant.parse("2026-03-06T22:00:00Z");
    CacheKey aapl = CacheKey.of(DataKind.STOCK_DATA, "AAPL");

    assertThat(TtlPolicy.builder().expiry(DataKind.STOCK_DATA, (key, at) -> null).build()
        .ttlForWrite(aapl, now)).isEqualTo(Duration.ofHours(2));
    assertThat(TtlPolicy.builder().expiry(DataKind.STOCK_DATA, (key, at) -> at).build()
        .ttlForWrite(aapl, now)).isEqualTo(Duration.ofHours(2));
    assertThat(TtlPolicy.builder().expiry(DataKind.STOCK_DATA, (key, at) -> null).flat(DataKind.STOCK_DATA)
        .build().expiry(DataKind.STOCK_DATA)).isNull();
  }
}
