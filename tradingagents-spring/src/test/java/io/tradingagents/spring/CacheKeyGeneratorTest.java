package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyGeneratorTest {
  private final CacheKeyGenerator generator = new CacheKeyGenerator();
  private static final LocalDate FROM = LocalDate.of(2026, 3, 2);
  private static final LocalDate TO = LocalDate.of(2026, 3, 6);

  @SuppressWarnings("unused")
  static class Api {
    public Object history(String source, LocalDate to, LocalDate from, String symbol) { return ""; }
    public Object bars(String ticker, String interval, int limit, LocalDate day) { return ""; }
    public Object quote(String code, Market market) { return ""; }
    @CacheKind("news")
    public Object news(String symbol) { return ""; }
    public Object request(String symbol, List<String> fields) { return ""; }
    public Object noSymbol(int depth) { return ""; }
    public Object key(CacheKey key) { return ""; }
  }

  private static Method method(String name) {
    for (Method m : Api.class.getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private CacheKey key(String method, Object... args) {
    return ((MethodCacheKey) generator.generate(new Api(), method(method), args)).toCacheKey("ns", DataKind.STOCK_DATA);
  }

  @Test
  void symbolDatesAndSource_byParameterName_becomeTheKeysParts() {
    CacheKey key = key("history", "tushare", TO, FROM, "600519");

    assertThat(key).isEqualTo(CacheKey.builder(DataKind.STOCK_DATA, "600519").namespace("ns").source("tushare")
        .dateRange(FROM, TO).build());
    assertThat(key.market()).isEqualTo(Market.CHINA_A);
  }

  @Test
  void otherSimpleArguments_becomeParameters_andOneDateIsAOneDayRange() {
    CacheKey key = key("bars", "0700.HK", "1d", 50, FROM);

    assertThat(key).isEqualTo(CacheKey.builder(DataKind.STOCK_DATA, "0700.HK").namespace("ns")
        .dateRange(FROM, FROM).param("interval", "1d").param("limit", "50").build());
    assertThat(key.market()).isEqualTo(Market.HONG_KONG);
    assertThat(key("bars", "0700.HK", "1d", 51, FROM)).isNotEqualTo(key);
  }

  @Test
  void nullArgument_isKeptApartFromEveryValue() {
    assertThat(key("bars", "AAPL", null, 1, FROM)).isNotEqualTo(key("bars", "AAPL", "null", 1, FROM))
        .isNotEqualTo(key("bars", "AAPL", "", 1, FROM));
  }

  @Test
  void firstStringParameter_isTheSymbol_andAMarketArgumentStatesTheMarket() {
    CacheKey key = key("quote", "123456", Market.US);

    assertThat(key.symbol()).isEqualTo("123456");
    assertThat(key.market()).isEqualTo(Market.US);
  }

  @Test
  void cacheKind_onTheMethod_winsOverTheCachesKind() {
    assertThat(key("news", "AAPL").kind()).isEqualTo(DataKind.NEWS);
  }

  @Test
  void aCacheKeyArgument_isTheKey() {
    CacheKey given = CacheKey.of(DataKind.NEWS, "AAPL");

    assertThat(generator.generate(new Api(), method("key"), given)).isSameAs(given);
  }

  @Test
  void argumentOfAnotherType_failsNamingTheMethodAndParameter() {
    assertThatThrownBy(() -> generator.generate(new Api(), method("request"), "AAPL", List.of("close")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot make a cache key for Api.request(String, List): parameter 'fields' of type List");
  }

  @Test
  void methodWithoutSymbol_failsNamingTheMethod() {
    assertThatThrownBy(() -> generator.generate(new Api(), method("noSymbol"), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Api.noSymbol(int): it has no String parameter to use as the symbol");
  }

  @Test
  void nullOrMalformedSymbol_failsNamingTheMethod() {
    assertThatThrownBy(() -> generator.generate(new Api(), method("news"), (Object) null))
        .hasMessageContaining("Api.news(String): its symbol argument 'symbol' is null");
    assertThatThrownBy(() -> generator.generate(new Api(), method("news"), "A:B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot make a cache key for Api.news(String): symbol must not contain");
  }
}
