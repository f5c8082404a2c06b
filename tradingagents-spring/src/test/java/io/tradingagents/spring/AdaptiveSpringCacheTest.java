package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/** The Spring cache views over an in-process-only AdaptiveCache. */
class AdaptiveSpringCacheTest {
  record Quote(String symbol, double price) {}

  private final AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).build();
  private final AdaptiveCacheManager manager = new AdaptiveCacheManager(cache, DataKind.STOCK_DATA,
      Map.of("news", DataKind.NEWS));

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void untypedView_refusesReads_thatNeedAType() {
    AdaptiveSpringCache quotes = manager.getCache("quotes");

    assertThatThrownBy(() -> quotes.get("AAPL")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cache 'quotes' cannot get(key) without a value type");
    assertThatThrownBy(() -> quotes.get("AAPL", () -> new Quote("AAPL", 1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void typedView_getWithLoader_loadsOnce_andSymbolKeysUseTheCachesNamespaceAndKind() {
    AdaptiveSpringCache news = manager.getCache("news").typed(Quote.class);
    AtomicInteger loads = new AtomicInteger();

    Quote first = news.get("AAPL", () -> new Quote("AAPL", loads.incrementAndGet()));
    Quote second = news.get("AAPL", () -> new Quote("AAPL", loads.incrementAndGet()));

    assertThat(second).isSameAs(first);
    assertThat(loads).hasValue(1);
    assertThat(cache.get(CacheKey.builder(DataKind.NEWS, "AAPL").namespace("news").build(), Quote.class))
        .isSameAs(first);
    assertThat(news.get("AAPL")).extracting(Cache.ValueWrapper::get).isSameAs(first);
  }

  @Test
  void loaderFailure_becomesValueRetrievalException_withTheLoadersCause() {
    AdaptiveSpringCache quotes = manager.getCache("quotes").typed(Quote.class);
    IOException upstream = new IOException("upstream down");

    assertThatThrownBy(() -> quotes.get("MSFT", () -> {
      throw upstream;
    })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(upstream);
  }

  @Test
  void valueOfAnotherType_isAMiss_notAClassCastException() {
    manager.getCache("quotes").put("IBM", "a string");

    assertThat(manager.getCache("quotes").typed(Quote.class).get("IBM")).isNull();
    assertThat(manager.getCache("quotes").get("IBM", Quote.class)).isNull();
    assertThat(cache.stats().typeMismatches()).isEqualTo(2);
  }

  @Test
  void clear_removesOnlyThisCachesNamespace() {
    manager.getCache("quotes").put("AAPL", new Quote("AAPL", 1));
    manager.getCache("news").put("AAPL", new Quote("AAPL", 2));

    manager.getCache("quotes").clear();

    assertThat(manager.getCache("quotes").get("AAPL", Quote.class)).isNull();
    assertThat(manager.getCache("news").get("AAPL", Quote.class)).isEqualTo(new Quote("AAPL", 2));
  }

  @Test
  void putOfNull_removesTheValueThatWasThere() {
    AdaptiveSpringCache quotes = manager.getCache("quotes");
    quotes.put("AAPL", new Quote("AAPL", 1));

    quotes.put("AAPL", null);

    assertThat(quotes.get("AAPL", Quote.class)).isNull();
  }

  @Test
  void evictIfPresent_saysWhetherTheKeyHeldAValue_andRemovesIt() {
    AdaptiveSpringCache untyped = manager.getCache("quotes");
    AdaptiveSpringCache typed = untyped.typed(Quote.class);
    untyped.put("AAPL", new Quote("AAPL", 1));
    typed.put("MSFT", new Quote("MSFT", 1));

    assertThat(untyped.evictIfPresent("AAPL")).isTrue();
    assertThat(typed.evictIfPresent("MSFT")).isTrue();

    assertThat(untyped.get("AAPL", Quote.class)).isNull();
    assertThat(typed.get("MSFT")).isNull();
    assertThat(untyped.evictIfPresent("AAPL")).isFalse();
    assertThat(typed.evictIfPresent("IBM")).isFalse();
  }

  @Test
  void invalidate_clearsTheNamespace_andCannotTellWhetherItHeldEntries() {
    AdaptiveSpringCache quotes = manager.getCache("quotes");
    quotes.put("AAPL", new Quote("AAPL", 1));

    assertThat(quotes.invalidate()).isFalse();

    assertThat(quotes.get("AAPL", Quote.class)).isNull();
  }

  @Test
  void getWithLoader_nullResult_isRememberedAsNoData_butReadsAsAMissWithoutALoader() {
    AdaptiveSpringCache quotes = manager.getCache("quotes").typed(Quote.class);
    AtomicInteger loads = new AtomicInteger();

    Quote first = quotes.get("NONE", () -> {
      loads.incrementAndGet();
      return null;
    });
    Quote second = quotes.get("NONE", () -> new Quote("NONE", loads.incrementAndGet()));

    assertThat(first).isNull();
    assertThat(second).isNull();

    assertThat(loads).hasValue(1);
    assertThat(quotes.get("NONE")).as("no ValueWrapper(null): core does not tell no-data from a miss").isNull();
    assertThat(cache.stats().negativeHits()).isEqualTo(2);
  }

  @Test
  void retrieve_givesAFutureOfTheValue_orOfNullForAMiss() throws Exception {
    AdaptiveSpringCache quotes = manager.getCache("quotes").typed(Quote.class);
    quotes.put("AAPL", new Quote("AAPL", 1));

    assertThat(quotes.retrieve("AAPL").get(10, TimeUnit.SECONDS)).isEqualTo(new Quote("AAPL", 1));
    assertThat(quotes.retrieve("MSFT").get(10, TimeUnit.SECONDS)).isNull();
    assertThatThrownBy(() -> manager.getCache("quotes").retrieve("AAPL")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot retrieve(key) without a value type");
  }

  @Test
  void retrieveWithLoader_loadsOnce_andFailsWithTheLoadersOwnException() throws Exception {
    AdaptiveSpringCache quotes = manager.getCache("quotes").typed(Quote.class);
    AtomicInteger loads = new AtomicInteger();

    Quote first = quotes.retrieve("AAPL", () -> CompletableFuture.completedFuture(
        new Quote("AAPL", loads.incrementAndGet()))).get(10, TimeUnit.SECONDS);
    Quote second = quotes.retrieve("AAPL", () -> CompletableFuture.completedFuture(
        new Quote("AAPL", loads.incrementAndGet()))).get(10, TimeUnit.SECONDS);

    assertThat(second).isSameAs(first);
    assertThat(loads).hasValue(1);
    IOException upstream = new IOException("upstream down");
    CompletableFuture<Quote> failed = quotes.retrieve("MSFT", () -> CompletableFuture.failedFuture(upstream));
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isSameAs(upstream);
  }

  @Test
  void putIfAbsent_keepsTheValueThatIsThere() {
    AdaptiveSpringCache quotes = manager.getCache("quotes");

    assertThat(quotes.putIfAbsent("AAPL", new Quote("AAPL", 1))).isNull();
    assertThat(quotes.putIfAbsent("AAPL", new Quote("AAPL", 2)).get()).isEqualTo(new Quote("AAPL", 1));
  }

  @Test
  void keyThatCannotBecomeACacheKey_isRefusedNamingTheCache() {
    assertThatThrownBy(() -> manager.getCache("quotes").evict(List.of("AAPL")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cache 'quotes' got a key of type java.util.");
  }

  @Test
  void cacheNameThatIsNoNamespace_isRefused() {
    assertThatThrownBy(() -> manager.getCache("market data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cache name 'market data' cannot be a namespace of the AdaptiveCache");
  }

  @SuppressWarnings("unused")
  static class Service {
    public Optional<Quote> optional() { return Optional.empty(); }
    public double primitive() { return 0; }
    public void evict() {}
    public CompletableFuture<Quote> future() { return new CompletableFuture<>(); }
    public CompletionStage<List<Quote>> stage() { return new CompletableFuture<>(); }
    public Future<Quote> plainFuture() { return new CompletableFuture<>(); }
  }

  @Test
  void valueType_isTheReturnType_unwrappedAndBoxed() throws Exception {
    assertThat(TypedCacheResolver.valueType(Service.class.getMethod("optional"))).isEqualTo(Quote.class);
    assertThat(TypedCacheResolver.valueType(Service.class.getMethod("primitive"))).isEqualTo(Double.class);
    Method evict = Service.class.getMethod("evict");
    assertThat(TypedCacheResolver.valueType(evict)).isEqualTo(Object.class);
  }

  @Test
  void valueType_ofAnAsynchronousMethod_isWhatItsFutureCompletesWith() throws Exception {
    assertThat(TypedCacheResolver.valueType(Service.class.getMethod("future"))).isEqualTo(Quote.class);
    assertThat(TypedCacheResolver.valueType(Service.class.getMethod("stage")).getTypeName())
        .isEqualTo("java.util.List<" + Quote.class.getName() + ">");
    assertThat(TypedCacheResolver.valueType(Service.class.getMethod("plainFuture")).getTypeName())
        .startsWith("java.util.concurrent.Future<");
  }
}
