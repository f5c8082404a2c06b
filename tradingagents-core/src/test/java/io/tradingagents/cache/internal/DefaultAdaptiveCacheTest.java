package io.tradingagents.cache.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.CacheSerializationException;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultAdaptiveCacheTest {
  record Quote(String symbol, LocalDate day, double close) {}

  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
  private static final Quote AAPL_QUOTE = new Quote("AAPL", LocalDate.of(2024, 6, 3), 194.03);

  private final MutableClock clock = new MutableClock();
  private final MemoryTier redisLike = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final MemoryTier fileLike = new MemoryTier("file", TierKind.FILE, 64 << 20, clock);
  private final FlakyTier flakyRedis = new FlakyTier(redisLike);
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private AdaptiveCache cache(TtlPolicy policy) {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .ttlPolicy(policy).tier(flakyRedis).tier(fileLike).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(cache);
    return cache;
  }

  private AdaptiveCache cache() {
    return cache(TtlPolicy.defaults());
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  @Test
  void put_thenGet_returnsTheSameInstanceFromMemory() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, AAPL_QUOTE);

    assertThat(cache.get(AAPL, Quote.class)).isSameAs(AAPL_QUOTE);
    CacheStats.TierStats memory = cache.stats().tiers().get(0);
    assertThat(memory.tier()).isEqualTo("memory");
    assertThat(memory.hits()).isEqualTo(1);
  }

  @Test
  void put_writesThroughToEveryTier() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, AAPL_QUOTE);

    assertThat(redisLike.get(AAPL.asString())).isNotNull();
    assertThat(fileLike.get(AAPL.asString())).isNotNull();
  }

  @Test
  void get_wrongType_isACountedMissNotAClassCastException() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, AAPL_QUOTE);

    assertThat(cache.get(AAPL, String.class)).isNull();
    assertThat(cache.stats().typeMismatches()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void get_hitInALowerSharedTier_decodesAndBackfillsTheTiersAbove() {
    MemoryTier mongoLike = new MemoryTier("mongodb", TierKind.MONGODB, 64 << 20, clock);
    AdaptiveCache writer = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(redisLike).tier(mongoLike).build();
    caches.add(writer);
    writer.put(AAPL, AAPL_QUOTE);
    redisLike.remove(AAPL.asString());
    AdaptiveCache reader = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(redisLike).tier(mongoLike).build();
    caches.add(reader);

    assertThat(reader.get(AAPL, Quote.class)).isEqualTo(AAPL_QUOTE);

    await().atMost(Duration.ofSeconds(5)).until(() -> redisLike.get(AAPL.asString()) != null);
    CacheStats.TierStats mongo = reader.stats().tiers().get(2);
    assertThat(mongo.tier()).isEqualTo("mongodb");
    assertThat(mongo.hits()).isEqualTo(1);
  }

  @Test
  void get_hitInThisInstancesFiles_isNeverCopiedUpIntoASharedTier() throws Exception {
    AdaptiveCache writer = cache();
    writer.put(AAPL, AAPL_QUOTE);
    redisLike.remove(AAPL.asString()); // as if another instance had invalidated it
    ExecutorService oneThread = Executors.newSingleThreadExecutor(); // FIFO: a later task runs after a back-fill
    try {
      AdaptiveCache reader = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
          .tier(flakyRedis).tier(fileLike).executor(oneThread).probeInterval(Duration.ofMinutes(1)).build();
      caches.add(reader);

      assertThat(reader.get(AAPL, Quote.class)).isEqualTo(AAPL_QUOTE); // served from its own files
      oneThread.submit(() -> { }).get(5, TimeUnit.SECONDS); // any back-fill has run by now

      assertThat(redisLike.get(AAPL.asString())).isNull();
    } finally {
      oneThread.shutdownNow();
    }
  }

  @Test
  void get_undecodableEntry_isAMissRemovedAndCounted() {
    long now = clock.millis();
    fileLike.put(AAPL.asString(), new TierEntry("garbage".getBytes(UTF_8), now, now + 60_000));
    AdaptiveCache cache = cache();

    assertThat(cache.get(AAPL, Quote.class)).isNull();

    assertThat(cache.stats().decodeFailures()).isEqualTo(1);
    assertThat(fileLike.get(AAPL.asString())).isNull();
  }

  @Test
  void get_valueOfAChangedClass_isAMissNotAnException() throws Exception {
    // What an older version of Quote wrote: the same class name, a field this version no longer has.
    byte[] old = CacheHardeningTest.envelope(Quote.class.getName(),
        "{\"symbol\":\"AAPL\",\"day\":\"2024-06-03\",\"close\":1.0,\"removedField\":true}");
    long now = clock.millis();
    fileLike.put(AAPL.asString(), new TierEntry(old, now, now + 60_000));
    AdaptiveCache reader = cache();

    assertThat(reader.get(AAPL, Quote.class)).isNull();
    assertThat(reader.stats().decodeFailures()).isEqualTo(1);
    assertThat(fileLike.get(AAPL.asString())).isNull();
  }

  @Test
  void get_expired_isAMiss() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, AAPL_QUOTE);

    clock.advance(Duration.ofHours(2).plusSeconds(1));

    assertThat(cache.get(AAPL, Quote.class)).isNull();
  }

  @Test
  void loader_fiftyThreadsOnOneColdKey_callTheLoaderOnce() throws Exception {
    AdaptiveCache cache = cache();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Quote>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> cache.get(AAPL, Quote.class, k -> {
          calls.incrementAndGet();
          release.await(10, TimeUnit.SECONDS); // hold the load open while the others arrive
          return AAPL_QUOTE;
        })));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
      release.countDown();
      for (Future<Quote> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(AAPL_QUOTE);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void loader_failing_servesTheStaleValueWithinTheStaleWindow() {
    AdaptiveCache cache = cache();
    cache.get(AAPL, Quote.class, k -> AAPL_QUOTE);
    clock.advance(Duration.ofHours(2).plusMinutes(1)); // expired, inside the stale window (one TTL)
    redisLike.remove(AAPL.asString());
    fileLike.remove(AAPL.asString());

    Quote served = cache.get(AAPL, Quote.class, k -> {
      throw new IOException("upstream 503");
    });

    assertThat(served).isEqualTo(AAPL_QUOTE);
    assertThat(cache.stats().staleServed()).isEqualTo(1);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
  }

  @Test
  void loader_failingWithNoStaleValue_throwsCacheLoadExceptionWithTheCause() {
    AdaptiveCache cache = cache();
    IOException upstream = new IOException("upstream 503");

    assertThatThrownBy(() -> cache.get(AAPL, Quote.class, k -> {
      throw upstream;
    })).isInstanceOf(CacheLoadException.class).hasCause(upstream).hasMessageContaining(AAPL.asString())
        .satisfies(e -> assertThat(((CacheLoadException) e).key()).isEqualTo(AAPL));
  }

  @Test
  void loader_failingPastTheStaleWindow_throws() {
    AdaptiveCache cache = cache(TtlPolicy.builder().staleWindow(DataKind.STOCK_DATA, Duration.ofMinutes(5))
        .build());
    cache.get(AAPL, Quote.class, k -> AAPL_QUOTE);
    clock.advance(Duration.ofHours(2).plusMinutes(6));

    assertThatThrownBy(() -> cache.get(AAPL, Quote.class, k -> {
      throw new IOException("down");
    })).isInstanceOf(CacheLoadException.class);
  }

  @Test
  void loader_returningNull_isRememberedForTheNegativeTtl() {
    AdaptiveCache cache = cache(TtlPolicy.builder().negativeTtl(Duration.ofSeconds(30)).build());
    CacheKey bogus = CacheKey.of(DataKind.STOCK_DATA, "NOSUCH");
    AtomicInteger calls = new AtomicInteger();

    assertThat(cache.get(bogus, Quote.class, k -> {
      calls.incrementAndGet();
      return null;
    })).isNull();
    assertThat(cache.get(bogus, Quote.class, k -> {
      calls.incrementAndGet();
      return null;
    })).isNull();
    assertThat(calls).hasValue(1);
    assertThat(cache.stats().negativeHits()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    cache.get(bogus, Quote.class, k -> {
      calls.incrementAndGet();
      return AAPL_QUOTE;
    });
    assertThat(calls).hasValue(2);
  }

  @Test
  void unencodableValue_failsThePutWithAClearMessage() {
    AdaptiveCache cache = cache();
    Object unencodable = new Object();

    assertThatThrownBy(() -> cache.put(AAPL, unencodable)).isInstanceOf(CacheSerializationException.class)
        .hasMessageContaining("java.lang.Object");
    assertThat(cache.get(AAPL, Object.class)).isNull();
  }

  @Test
  void put_nonPositiveTtl_isRejected() {
    AdaptiveCache cache = cache();
    assertThatThrownBy(() -> cache.put(AAPL, AAPL_QUOTE, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }

  @Test
  void getAll_returnsWhatIsFound_fromEveryTier() {
    AdaptiveCache writer = cache();
    CacheKey msft = CacheKey.of(DataKind.STOCK_DATA, "MSFT");
    CacheKey nvda = CacheKey.of(DataKind.STOCK_DATA, "NVDA");
    writer.putAll(Map.of(AAPL, "a", msft, "m"));
    AdaptiveCache reader = cache();
    reader.put(msft, "m2");

    Map<CacheKey, String> found = reader.getAll(List.of(AAPL, msft, nvda), String.class);

    assertThat(found).containsOnly(Map.entry(AAPL, "a"), Map.entry(msft, "m2"));
  }

  @Test
  void largeValues_areCompressedAndRoundTrip() {
    AdaptiveCache cache = cache();
    String large = "close=194.03;".repeat(10_000);
    cache.put(AAPL, large);

    assertThat(redisLike.get(AAPL.asString()).value().length).isLessThan(large.length() / 4);
    assertThat(cache(TtlPolicy.defaults()).get(AAPL, String.class)).isEqualTo(large);
  }

  @Test
  void invalidate_andInvalidateNamespace_reachEveryTier() {
    AdaptiveCache cache = cache();
    CacheKey tenant = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("tenant").build();
    cache.put(AAPL, "a");
    cache.put(tenant, "t");

    cache.invalidate(AAPL);
    cache.invalidateNamespace("tenant");

    assertThat(cache.get(AAPL, String.class)).isNull();
    assertThat(cache.get(tenant, String.class)).isNull();
    assertThat(fileLike.get(AAPL.asString())).isNull();
    assertThat(redisLike.get(tenant.asString())).isNull();
  }

  @Test
  void deadTier_opensItsBreaker_noCallerSeesAnError_andTheModeChanges() {
    AdaptiveCache cache = cache();
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);
    flakyRedis.down = true;

    for (int i = 0; i < 20; i++) {
      CacheKey key = CacheKey.of(DataKind.NEWS, "SYM" + i);
      cache.put(key, "v" + i);
      assertThat(cache.get(key, String.class)).isEqualTo("v" + i);
    }

    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);
    assertThat(cache.backendInfo().isAvailable("redis")).isFalse();
    int callsWhenOpen = flakyRedis.calls.get();
    for (int i = 0; i < 100; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "COLD" + i), String.class);
    }
    assertThat(flakyRedis.calls.get()).isEqualTo(callsWhenOpen); // an open breaker costs no call
    assertThat(cache.stats().tiers().get(1).rejected()).isGreaterThan(0);
  }

  @Test
  void recoveredTier_isUsedAgain_andNeverServesAValueReplacedWhileItWasDown() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, "old");
    flakyRedis.down = true;
    for (int i = 0; i < 5; i++) {
      cache.put(AAPL, "new"); // redis misses these writes
    }
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);
    flakyRedis.down = false;

    ((DefaultAdaptiveCache) cache).runMaintenance();

    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);
    // the write redis missed was replayed into it: it holds the same entry as the file tier
    assertThat(redisLike.get(AAPL.asString())).isEqualTo(fileLike.get(AAPL.asString()));
    AdaptiveCache other = cache();
    assertThat(other.get(AAPL, String.class)).isEqualTo("new");
  }

  @Test
  void recoveredTier_keepsANewerEntryAnotherInstanceWroteWhileThisOneWasCutOff() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, "old");
    flakyRedis.down = true;
    for (int i = 0; i < 5; i++) {
      cache.put(AAPL, "mine"); // redis misses these
    }
    clock.advance(Duration.ofSeconds(1));
    AdaptiveCache other = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(redisLike).build();
    caches.add(other);
    other.put(AAPL, "theirs"); // a later write by another instance reaches redis
    flakyRedis.down = false;

    ((DefaultAdaptiveCache) cache).runMaintenance();

    AdaptiveCache reader = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(redisLike).build();
    caches.add(reader);
    assertThat(reader.get(AAPL, String.class)).isEqualTo("theirs");
  }

  @Test
  void tierDownAtStartUp_isSkippedFromTheFirstCall() {
    flakyRedis.down = true;
    AdaptiveCache cache = cache();

    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);
    int calls = flakyRedis.calls.get();
    cache.get(AAPL, String.class);
    assertThat(flakyRedis.calls.get()).isEqualTo(calls);
  }

  @Test
  void async_variants_runOnTheSameEngine() throws Exception {
    AdaptiveCache cache = cache();
    cache.putAsync(AAPL, AAPL_QUOTE).get(5, TimeUnit.SECONDS);

    assertThat(cache.getAsync(AAPL, Quote.class).get(5, TimeUnit.SECONDS)).isEqualTo(AAPL_QUOTE);
    cache.invalidateAsync(AAPL).get(5, TimeUnit.SECONDS);
    assertThat(cache.getAsync(AAPL, Quote.class, k -> null).get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void statsMinus_givesTheCountsOfOneRound() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, AAPL_QUOTE);
    cache.get(AAPL, Quote.class);
    CacheStats before = cache.stats();

    cache.get(AAPL, Quote.class);
    cache.get(CacheKey.of(DataKind.NEWS, "NONE"), Quote.class);
    CacheStats round = cache.stats().minus(before);

    assertThat(round.hits()).isEqualTo(1);
    assertThat(round.misses()).isEqualTo(1);
    assertThat(round.tiers().get(0).hits()).isEqualTo(1);
    assertThat(round.tiers().get(1).misses()).isEqualTo(1);
  }

  @Test
  void savings_countLoaderCallsAvoided_andPriceThemPerUnit() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .upstreamCost(DataKind.STOCK_DATA, io.tradingagents.cache.UpstreamCost.of("0.002", "USD"))
        .upstreamCost(DataKind.STOCK_DATA, io.tradingagents.cache.Market.CHINA_A,
            io.tradingagents.cache.UpstreamCost.of("0.01", "CNY"))
        .upstreamCost(DataKind.NEWS, io.tradingagents.cache.UpstreamCost.of("1", "tushare_points")).build();
    caches.add(cache);
    CacheKey news = CacheKey.of(DataKind.NEWS, "600519");
    CacheKey moutai = CacheKey.of(DataKind.STOCK_DATA, "600519");
    for (int i = 0; i < 3; i++) {
      cache.get(AAPL, Quote.class, k -> AAPL_QUOTE);
      cache.get(news, String.class, k -> "digest");
    }
    cache.get(moutai, String.class, k -> "bars");
    cache.get(moutai, String.class, k -> "bars");

    io.tradingagents.cache.CacheSavings savings = cache.savings();

    assertThat(savings.callsAvoided()).containsEntry("stock_data", 3L).containsEntry("news", 2L);
    assertThat(savings.savedByUnit().get("USD")).isEqualByComparingTo("0.004");
    assertThat(savings.savedByUnit().get("CNY")).isEqualByComparingTo("0.01");
    assertThat(savings.savedByUnit().get("tushare_points")).isEqualByComparingTo("2");
    assertThat(savings.totalCallsAvoided()).isEqualTo(5);
  }

  @Test
  void aReadRacingAPut_neverKeepsTheOlderValueInMemory() throws Exception {
    AdaptiveCache writer = cache();
    writer.put(AAPL, "v1");
    AdaptiveCache cache = cache(); // empty memory: its next read goes to the shared tier
    CountDownLatch release = new CountDownLatch(1);
    flakyRedis.holdNextGet = release;
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<String> racing = reader.submit(() -> cache.get(AAPL, String.class)); // fetches v1, then waits
      assertThat(flakyRedis.getPaused.await(10, TimeUnit.SECONDS)).isTrue();
      cache.put(AAPL, "v2");
      release.countDown();
      assertThat(racing.get(10, TimeUnit.SECONDS)).isEqualTo("v1"); // that call began before the put
    } finally {
      reader.shutdownNow();
    }

    assertThat(cache.get(AAPL, String.class)).isEqualTo("v2");
  }

  @Test
  void aReadRacingAnInvalidate_neverBringsTheValueBack() throws Exception {
    AdaptiveCache writer = cache();
    writer.put(AAPL, "v1");
    AdaptiveCache cache = cache();
    CountDownLatch release = new CountDownLatch(1);
    flakyRedis.holdNextGet = release;
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<String> racing = reader.submit(() -> cache.get(AAPL, String.class));
      assertThat(flakyRedis.getPaused.await(10, TimeUnit.SECONDS)).isTrue();
      cache.invalidate(AAPL);
      release.countDown();
      racing.get(10, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }

    assertThat(cache.get(AAPL, String.class)).isNull();
  }

  @Test
  void aLoaderReadingItsOwnKey_failsInsteadOfDeadlocking() {
    AdaptiveCache cache = cache();

    assertThatThrownBy(() -> cache.get(AAPL, String.class, k -> cache.get(k, String.class, k2 -> "x")))
        .isInstanceOf(CacheLoadException.class).hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause().hasMessageContaining("must not read the key it is loading");
  }

  @Test
  void async_onAClosedCache_returnsAFailedFutureInsteadOfThrowing() {
    AdaptiveCache cache = cache();
    cache.close();

    assertThat(cache.getAsync(AAPL, String.class)).isCompletedExceptionally();
  }

  @Test
  void close_twice_isNoOp() {
    AdaptiveCache cache = cache();
    cache.close();
    cache.close();
    assertThat(cache.toString()).contains("redis");
  }
}
