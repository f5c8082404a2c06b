package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.spring.QuoteService.Headline;
import io.tradingagents.spring.QuoteService.HistoryRequest;
import io.tradingagents.spring.QuoteService.PriceHistory;
import io.tradingagents.spring.QuoteService.Quote;
import io.tradingagents.spring.boot.AdaptiveCacheInfoContributor;
import io.tradingagents.cache.redis.RedisProcess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two Spring Boot application contexts of {@link TestApplication}, this test's and a second one, on one
 * real {@code redis-server}, configured only through {@code tradingagents.cache.*} properties: blocking
 * {@code @Cacheable} methods ({@link QuoteService}) and ones returning {@code CompletableFuture}
 * ({@link AsyncQuoteService}, through {@code Cache.retrieve}).
 */
@SpringBootTest(classes = TestApplication.class)
@DirtiesContext
class SpringCacheRedisTest {
  private static final RedisProcess redis = RedisProcess.launch();
  private static ConfigurableApplicationContext second;

  @Autowired QuoteService service;
  @Autowired AsyncQuoteService asyncService;
  @Autowired AdaptiveCache cache;
  @Autowired MeterRegistry registry;
  @Autowired AdaptiveCacheInfoContributor info;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("tradingagents.cache.redis.host", () -> "127.0.0.1");
    registry.add("tradingagents.cache.redis.port", redis::port);
  }

  @BeforeAll
  static void startSecondInstance() {
    second = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
        .properties("tradingagents.cache.redis.host=127.0.0.1", "tradingagents.cache.redis.port=" + redis.port())
        .run();
  }

  @AfterAll
  static void stop() {
    second.close();
    redis.close();
  }

  private static QuoteService other() {
    return second.getBean(QuoteService.class);
  }

  private static AsyncQuoteService otherAsync() {
    return second.getBean(AsyncQuoteService.class);
  }

  @Test
  void cacheableSync_concurrentCallersOfTwoInstances_runTheMethodBodyOnce() throws Exception {
    int callers = 8;
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
      Thread thread = new Thread(r, "caller-" + threads.size());
      threads.add(thread);
      return thread;
    });
    CountDownLatch gate = new CountDownLatch(1);
    service.gate(gate);
    other().gate(gate);
    int before = service.calls() + other().calls();
    try {
      List<Future<Quote>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        QuoteService target = i % 2 == 0 ? service : other();
        results.add(pool.submit(() -> target.quote("AAPL")));
      }
      // One body runs and waits at the gate; every other caller waits for its result, in this JVM's
      // single-flight or on the Redis load lock.
      await().atMost(Duration.ofSeconds(20)).until(() -> threads.size() == callers && threads.stream()
          .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
      assertThat(service.calls() + other().calls() - before).isEqualTo(1);
      gate.countDown();
      List<Quote> quotes = new ArrayList<>();
      for (Future<Quote> result : results) {
        quotes.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(quotes).hasSize(callers).allMatch(q -> q.equals(quotes.get(0)));
      assertThat(service.calls() + other().calls() - before).isEqualTo(1);
    } finally {
      gate.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void cacheEvict_onOneInstance_isSeenByTheOther() throws Exception {
    Quote first = service.quote("MSFT");
    assertThat(other().quote("MSFT")).as("read from Redis by the second instance").isEqualTo(first);

    service.evict("MSFT");

    await().atMost(Duration.ofSeconds(10)).until(() -> !other().quote("MSFT").equals(first));
    assertThat(service.quote("MSFT")).isNotEqualTo(first);
  }

  @Test
  void cacheEvictAllEntries_clearsTheCachesNamespaceOnEveryInstance_andNothingElse() throws Exception {
    Quote a = service.quote("IBM");
    Quote b = service.quote("ORCL");
    assertThat(other().quote("IBM")).isEqualTo(a);
    assertThat(other().quote("ORCL")).isEqualTo(b);
    LocalDate day = LocalDate.of(2026, 11, 2);
    PriceHistory history = service.history("IBM", day, day, "yfinance");

    service.evictAll();

    await().atMost(Duration.ofSeconds(10))
        .until(() -> !other().quote("IBM").equals(a) && !other().quote("ORCL").equals(b));
    assertThat(other().history("IBM", day, day, "yfinance")).as("another cache's namespace").isEqualTo(history);
  }

  @Test
  void cachePut_replacesTheValueTheOtherInstanceReads() throws Exception {
    Quote loaded = service.quote("TSLA");
    assertThat(other().quote("TSLA")).isEqualTo(loaded);
    Quote manual = new Quote("TSLA", "manual");

    service.update(manual);

    await().atMost(Duration.ofSeconds(10)).until(() -> other().quote("TSLA").equals(manual));
    assertThat(service.quote("TSLA")).isEqualTo(manual);
  }

  @Test
  void cacheable_withoutSync_readsThroughTheTypedView() {
    int before = service.calls();
    Quote first = service.quoteUnsynchronized("AMD");
    assertThat(service.quoteUnsynchronized("AMD")).isEqualTo(first);
    assertThat(other().quoteUnsynchronized("AMD")).as("decoded from Redis into Quote").isEqualTo(first);
    assertThat(service.calls() - before).isEqualTo(1);
  }

  @Test
  void keyGenerator_turnsSymbolDatesAndSourceIntoTheCacheKey_withTheMarketDetected() {
    LocalDate from = LocalDate.of(2026, 10, 1);
    LocalDate to = LocalDate.of(2026, 10, 31);
    PriceHistory history = service.history("600519", from, to, "tushare");

    CacheKey expected = CacheKey.builder(DataKind.STOCK_DATA, "600519").namespace("histories")
        .source("tushare").dateRange(from, to).build();
    assertThat(expected.market()).isEqualTo(Market.CHINA_A);
    assertThat(cache.get(expected, PriceHistory.class)).isEqualTo(history);
    assertThat(other().history("600519", from, to, "tushare")).isEqualTo(history);
    assertThat(other().history("600519", from, to.minusDays(1), "tushare")).as("another date range")
        .isNotEqualTo(history);
  }

  @Test
  void cacheKind_statesTheDataKindOfTheKey() {
    Headline headline = service.headline("NVDA");

    assertThat(cache.get(CacheKey.builder(DataKind.NEWS, "NVDA").namespace("news").build(), Headline.class))
        .isEqualTo(headline);
  }

  @Test
  void argumentsThatCannotBecomeAKey_failNamingTheMethod_withoutCallingIt() {
    int before = service.calls();
    HistoryRequest request = new HistoryRequest("AAPL", LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 5));

    assertThatThrownBy(() -> service.byRequest(request)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QuoteService.byRequest(HistoryRequest)")
        .hasMessageContaining("parameter 'request' of type HistoryRequest");
    assertThat(service.calls()).isEqualTo(before);
  }

  @Test
  void genericReturnType_isDecodedIntoItsFullTypeByTheOtherInstance() {
    List<QuoteService.Quote> first = service.quotes("GNRC");

    List<QuoteService.Quote> second = other().quotes("GNRC");

    assertThat(second).isEqualTo(first);
    assertThat(second.get(0)).isInstanceOf(QuoteService.Quote.class); // not a map
  }

  @Test
  void meters_areBoundToTheApplicationsMeterRegistry() throws Exception {
    service.quote("AMZN");
    // The end-to-end lookup count (per-tier counts have names of their own).
    FunctionCounter hits = registry.find("cache.gets").tags("cache", "tradingagents", "result", "hit")
        .functionCounters().stream().filter(c -> c.getId().getTag("tier") == null).findFirst().orElseThrow();
    double before = hits.count();

    service.quote("AMZN");

    assertThat(hits.count() - before).isEqualTo(1.0);
    assertThat(registry.find("tradingagents.cache.tier.available").tags("cache", "tradingagents", "tier", "redis")
        .gauge().value()).isEqualTo(1.0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void infoContributor_reportsTheModeAndTiers() {
    Info.Builder builder = new Info.Builder();
    info.contribute(builder);

    Map<String, Object> details = (Map<String, Object>) builder.build().getDetails().get("tradingagents");
    assertThat(details).containsEntry("mode", "fast").containsEntry("primaryBackend", "redis")
        .containsEntry("tiers", List.of("memory", "redis"));
  }

  // ---------------------------------------------- CompletableFuture methods (Cache.retrieve)

  @Test
  void cacheableSync_concurrentCallers_shareOneCallOfTheMethod_andNoCallerWaits() throws Exception {
    int callers = 100;
    CompletableFuture<Quote> upstream = new CompletableFuture<>();
    asyncService.answer("AAPL", upstream);
    int before = asyncService.calls();

    // Every call returns at once on this one thread while the method's future is pending: no caller waits.
    List<CompletableFuture<Quote>> results = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      List<CompletableFuture<Quote>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(asyncService.quote("AAPL"));
      }
      return futures;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> asyncService.calls() - before == 1);
    assertThat(results).noneMatch(CompletableFuture::isDone);

    results.get(0).cancel(false); // one caller gives up: the shared load goes on for the others
    Quote quote = new Quote("AAPL", "upstream");
    upstream.complete(quote);

    for (CompletableFuture<Quote> result : results.subList(1, callers)) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(quote);
    }
    assertThat(results.get(0)).isCancelled();
    assertThat(asyncService.quote("AAPL").get(10, TimeUnit.SECONDS)).as("cached").isEqualTo(quote);
    assertThat(asyncService.calls() - before).isEqualTo(1);
    int otherBefore = otherAsync().calls();
    assertThat(otherAsync().quote("AAPL").get(10, TimeUnit.SECONDS)).as("read from Redis").isEqualTo(quote);
    assertThat(otherAsync().calls()).isEqualTo(otherBefore);
  }

  @Test
  void cacheableSync_genericValue_roundTripsThroughRedisWithItsFullType() throws Exception {
    List<Quote> first = asyncService.quotes("GNRC").get(10, TimeUnit.SECONDS);
    int otherBefore = otherAsync().calls();

    List<Quote> second = otherAsync().quotes("GNRC").get(10, TimeUnit.SECONDS);

    assertThat(second).isEqualTo(first).hasSize(2);
    assertThat(second.get(0)).isInstanceOf(Quote.class); // not a map
    assertThat(otherAsync().calls()).as("read from Redis, not loaded").isEqualTo(otherBefore);
  }

  @Test
  void cacheableWithoutSync_readsThroughRetrieve_andStoresWhatTheFutureCompletesWith() throws Exception {
    int before = asyncService.calls();
    Quote first = asyncService.quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS);

    assertThat(asyncService.quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS)).isEqualTo(first);
    assertThat(asyncService.calls() - before).isEqualTo(1);
    int otherBefore = otherAsync().calls();
    // The put happens when the method's future completes; the other instance reads it from Redis.
    assertThat(otherAsync().quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS)).isEqualTo(first);
    assertThat(otherAsync().calls()).isEqualTo(otherBefore);
  }

  @Test
  void cacheableSync_failedFuture_reachesTheCallerAsTheMethodsOwnException() {
    IllegalStateException failure = new IllegalStateException("upstream down");
    asyncService.answer("FAIL", CompletableFuture.failedFuture(failure));

    assertThatThrownBy(() -> asyncService.quote("FAIL").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
  }

  @Test
  void cacheableSync_nullResult_isRememberedAsNoData() throws Exception {
    asyncService.answer("NONE", CompletableFuture.completedFuture(null));
    int before = asyncService.calls();

    assertThat(asyncService.quote("NONE").get(10, TimeUnit.SECONDS)).isNull();
    assertThat(asyncService.quote("NONE").get(10, TimeUnit.SECONDS)).isNull();

    assertThat(asyncService.calls() - before).as("the second call is answered by the negative entry").isEqualTo(1);
  }

  @Test
  void cacheableSyncMono_concurrentSubscribers_shareOneCall_andTheOtherInstanceReadsTheValue() {
    CompletableFuture<Quote> upstream = new CompletableFuture<>();
    asyncService.answer("MONO", upstream);
    int before = asyncService.calls();
    List<CompletableFuture<Quote>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(asyncService.quoteMono("MONO").toFuture());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> asyncService.calls() - before == 1);
    Quote quote = new Quote("MONO", "upstream");

    upstream.complete(quote);

    assertThat(results).allSatisfy(r -> assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(quote));
    assertThat(asyncService.calls() - before).isEqualTo(1);
    int otherBefore = otherAsync().calls();
    assertThat(otherAsync().quoteMono("MONO").block(Duration.ofSeconds(10))).isEqualTo(quote);
    assertThat(otherAsync().calls()).isEqualTo(otherBefore);
  }

  @Test
  void cacheableFlux_isStoredAsTheListOfItsElements_andReadByTheOtherInstanceAsQuotes() {
    List<Quote> first = asyncService.quotesFlux("FLUX").collectList().block(Duration.ofSeconds(10));
    // The put happens when the Flux completes, on the thread that completed it.
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.get(
        CacheKey.builder(DataKind.STOCK_DATA, "FLUX").namespace("flux-quotes").build(), List.class) != null);
    int otherBefore = otherAsync().calls();

    List<Quote> second = otherAsync().quotesFlux("FLUX").collectList().block(Duration.ofSeconds(10));

    assertThat(second).isEqualTo(first).hasSize(2);
    assertThat(second.get(0)).isInstanceOf(Quote.class); // not a map
    assertThat(otherAsync().calls()).isEqualTo(otherBefore);
  }
}
