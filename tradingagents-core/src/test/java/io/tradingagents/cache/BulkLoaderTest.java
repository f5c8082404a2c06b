package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Bulk loading ({@code getAll} with a {@link BulkCacheLoader}) on a real in-process shared tier: batches,
 * single-flight with single and bulk loads racing, negative caching, bad loaders, exact counts.
 */
class BulkLoaderTest {
  private static final TypeRef<List<String>> STRINGS = new TypeRef<>() {};

  private final MutableClock clock = new MutableClock();
  private final MemoryTier server = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final FlakyTier shared = new FlakyTier(server);
  private final List<AdaptiveCache> caches = new ArrayList<>();
  private final AdaptiveCache cache = cache(shared);
  private final ExecutorService pool = Executors.newFixedThreadPool(64);

  private AdaptiveCache cache(io.tradingagents.cache.spi.CacheTier tier) {
    AdaptiveCache made = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(tier).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(made);
    return made;
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    caches.forEach(AdaptiveCache::close);
  }

  private static CacheKey key(int i) {
    return CacheKey.of(DataKind.STOCK_DATA, "SYM" + i);
  }

  /** A key whose TTL is the flat table's (6 h), not a market session's. */
  private static CacheKey newsKey(int i) {
    return CacheKey.of(DataKind.NEWS, "SYM" + i);
  }

  private static List<CacheKey> keys(int from, int to) {
    return IntStream.range(from, to).mapToObj(BulkLoaderTest::key).toList();
  }

  /** A loader that answers "v-" + symbol for every key asked and records each key it was asked for. */
  private static final class Upstream implements BulkCacheLoader<String> {
    final Map<CacheKey, AtomicInteger> perKey = new ConcurrentHashMap<>();
    final List<Set<CacheKey>> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Map<CacheKey, String> loadAll(Set<CacheKey> keys) throws Exception {
      calls.add(Set.copyOf(keys));
      Map<CacheKey, String> values = new HashMap<>();
      for (CacheKey key : keys) {
        perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        values.put(key, "v-" + key.symbol());
      }
      return values;
    }
  }

  @Test
  void coldKeys_oneBatchReadPerTier_oneLoaderCallWithOnlyTheMissingKeys_oneBatchWrite() {
    cache.putAll(Map.of(key(0), "v-SYM0", key(1), "v-SYM1", key(2), "v-SYM2")); // in memory
    cache(new FlakyTier(server)).putAll(Map.of(key(3), "v-SYM3", key(4), "v-SYM4")); // shared tier only
    int getAlls = shared.getAllCalls.get();
    int putAlls = shared.putAllCalls.get();
    int puts = shared.putCalls.get();
    CacheStats before = cache.stats();
    Upstream upstream = new Upstream();

    Map<CacheKey, String> values = cache.getAll(keys(0, 10), String.class, upstream);

    assertThat(values.keySet()).containsExactlyElementsOf(keys(0, 10)); // every key, in the order asked
    assertThat(values).containsEntry(key(4), "v-SYM4").containsEntry(key(9), "v-SYM9");
    assertThat(upstream.calls).containsExactly(Set.copyOf(keys(5, 10)));
    assertThat(shared.getAllCalls.get() - getAlls).isEqualTo(1);
    assertThat(shared.putAllCalls.get() - putAlls).isEqualTo(1);
    assertThat(shared.putCalls.get() - puts).isZero();
    CacheStats delta = cache.stats().minus(before);
    assertThat(delta.hits()).isEqualTo(5);
    assertThat(delta.misses()).isEqualTo(5);
    assertThat(delta.loads()).isEqualTo(5);
    assertThat(cache(new FlakyTier(server)).get(key(7), String.class)).isEqualTo("v-SYM7"); // written through

    assertThat(cache.getAll(keys(0, 10), String.class, upstream)).isEqualTo(values);
    assertThat(upstream.calls).hasSize(1); // all in memory now
  }

  @Test
  void keysTheLoaderLeavesOut_areRememberedAsNoData_untilTheNegativeTtlPasses() {
    AtomicInteger calls = new AtomicInteger();
    BulkCacheLoader<String> halfKnown = keys -> {
      calls.incrementAndGet();
      Map<CacheKey, String> values = new HashMap<>();
      keys.stream().filter(k -> k.symbol().endsWith("0") || k.symbol().endsWith("2"))
          .forEach(k -> values.put(k, "v-" + k.symbol()));
      values.put(key(4), null); // a null value is "no data" too
      return values;
    };

    assertThat(cache.getAll(keys(0, 5), String.class, halfKnown)).containsOnlyKeys(key(0), key(2));
    CacheStats before = cache.stats();
    assertThat(cache.getAll(keys(0, 5), String.class, halfKnown)).containsOnlyKeys(key(0), key(2));

    assertThat(calls).hasValue(1);
    CacheStats delta = cache.stats().minus(before);
    assertThat(delta.hits()).isEqualTo(2);
    assertThat(delta.negativeHits()).isEqualTo(3);
    assertThat(delta.misses()).isZero();
    clock.advance(Duration.ofSeconds(31)); // past the default negative TTL of 30 s
    cache.getAll(keys(0, 5), String.class, halfKnown);
    assertThat(calls).hasValue(2);
  }

  @Test
  void sixtyFourThreads_overlappingHalvesOf200ColdKeys_callTheLoaderForEachKeyExactlyOnce() throws Exception {
    Upstream upstream = new Upstream();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<CacheKey, String>>> results = new ArrayList<>();
    List<List<CacheKey>> asked = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      int offset = t * 7 % 200;
      List<CacheKey> half = IntStream.range(0, 100).mapToObj(i -> key((offset + i) % 200)).toList();
      asked.add(half);
      results.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return cache.getAll(half, String.class, upstream);
      }));
    }
    start.countDown();

    for (int t = 0; t < 64; t++) {
      Map<CacheKey, String> got = results.get(t).get(30, TimeUnit.SECONDS);
      assertThat(got.keySet()).containsExactlyElementsOf(asked.get(t));
      got.forEach((k, v) -> assertThat(v).isEqualTo("v-" + k.symbol()));
    }
    assertThat(upstream.perKey).hasSize(200);
    assertThat(upstream.perKey.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    CacheStats stats = cache.stats();
    assertThat(stats.loads()).isEqualTo(200);
    assertThat(stats.requests()).isEqualTo(64 * 100); // each key of each call one hit or one miss
  }

  @Test
  void singleAndBulkLoadsOfOverlappingKeys_racing_loadEachKeyOnce() throws Exception {
    Upstream upstream = new Upstream();
    Map<CacheKey, AtomicInteger> singles = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      int offset = t * 13 % 100;
      boolean bulk = t % 2 == 0;
      results.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
          CacheKey key = key((offset + i * 5) % 100);
          if (bulk) {
            List<CacheKey> batch = List.of(key, key((offset + i * 5 + 1) % 100), key((offset + i * 5 + 2) % 100));
            assertThat(cache.getAll(batch, String.class, upstream)).hasSize(3);
          } else {
            assertThat(cache.get(key, String.class, k -> {
              singles.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
              return "v-" + k.symbol();
            })).isEqualTo("v-" + key.symbol());
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> result : results) {
      result.get(30, TimeUnit.SECONDS);
    }

    Map<CacheKey, Integer> total = new HashMap<>();
    upstream.perKey.forEach((k, n) -> total.merge(k, n.get(), Integer::sum));
    singles.forEach((k, n) -> total.merge(k, n.get(), Integer::sum));
    assertThat(total).hasSize(100);
    assertThat(total.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    assertThat(cache.stats().loads()).isEqualTo(100);
  }

  @Test
  void aKeyInFlightInASingleLoad_isAwaitedByTheBulkLoad_notLoadedAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger singleCalls = new AtomicInteger();
    Future<String> single = pool.submit(() -> cache.get(key(0), String.class, k -> {
      singleCalls.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      return "single";
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> singleCalls.get() == 1);
    Upstream upstream = new Upstream();

    Future<Map<CacheKey, String>> bulk = pool.submit(() -> cache.getAll(keys(0, 3), String.class, upstream));
    await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.calls.isEmpty());
    assertThat(upstream.calls).containsExactly(Set.of(key(1), key(2)));
    assertThat(bulk.isDone()).isFalse(); // waits for the single load of key 0
    release.countDown();

    assertThat(bulk.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry(key(0), "single"),
        Map.entry(key(1), "v-SYM1"), Map.entry(key(2), "v-SYM2"));
    assertThat(single.get(10, TimeUnit.SECONDS)).isEqualTo("single");
    assertThat(singleCalls).hasValue(1);
  }

  @Test
  void keysInFlightInABulkLoad_areAwaitedBySingleLoads_notLoadedAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger bulkCalls = new AtomicInteger();
    Future<Map<CacheKey, String>> bulk = pool.submit(() -> cache.getAll(keys(0, 3), String.class, keys -> {
      bulkCalls.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      Map<CacheKey, String> values = new HashMap<>();
      keys.forEach(k -> values.put(k, "bulk-" + k.symbol()));
      return values;
    }));
    await().atMost(Duration.ofSeconds(10)).until(() -> bulkCalls.get() == 1);
    AtomicInteger singleCalls = new AtomicInteger();

    Future<String> single = pool.submit(() -> cache.get(key(1), String.class, k -> {
      singleCalls.incrementAndGet();
      return "single";
    }));
    release.countDown();

    assertThat(single.get(10, TimeUnit.SECONDS)).isEqualTo("bulk-SYM1");
    assertThat(bulk.get(10, TimeUnit.SECONDS)).hasSize(3);
    assertThat(singleCalls).hasValue(0);
    assertThat(bulkCalls).hasValue(1);
  }

  @Test
  void aLoaderThatThrows_servesStaleValuesWhereItCan_andNamesTheKeysItCouldNot() {
    cache.put(newsKey(0), "old");
    clock.advance(Duration.ofHours(6).plusMinutes(1)); // expired, inside the stale window (one TTL)
    IllegalStateException down = new IllegalStateException("upstream down");
    BulkCacheLoader<String> failing = keys -> {
      throw down;
    };
    CacheStats before = cache.stats();

    assertThatThrownBy(() -> cache.getAll(List.of(newsKey(0), newsKey(1), newsKey(2)), String.class, failing))
        .isInstanceOfSatisfying(CacheLoadException.class, e -> {
          assertThat(e.keys()).containsExactly(newsKey(1), newsKey(2));
          assertThat(e.getCause()).isSameAs(down);
          assertThat(e.getMessage()).contains("2 of 3 keys", newsKey(1).toString(), "upstream down");
        });
    CacheStats delta = cache.stats().minus(before);
    assertThat(delta.loadFailures()).isEqualTo(3);
    assertThat(delta.staleServed()).isEqualTo(1);
    assertThat(cache.getAll(List.of(newsKey(0)), String.class, failing)).containsExactly(Map.entry(newsKey(0), "old"));
  }

  @Test
  void aValueOfAnotherType_failsThatKeyOnly_andIsNotCached() {
    BulkCacheLoader<Object> mixed = keys -> {
      Map<CacheKey, Object> values = new LinkedHashMap<>();
      keys.forEach(k -> values.put(k, k.equals(key(1)) ? (Object) 42 : "v-" + k.symbol()));
      return values;
    };
    Upstream upstream = new Upstream();

    assertThatThrownBy(() -> cache.getAll(keys(0, 3), String.class, (BulkCacheLoader) mixed))
        .isInstanceOfSatisfying(CacheLoadException.class, e -> {
          assertThat(e.keys()).containsExactly(key(1));
          assertThat(e.getCause()).hasMessageContaining("java.lang.Integer").hasMessageContaining(
              key(1).toString()).hasMessageContaining("not a java.lang.String");
        });
    assertThat(cache.get(key(0), String.class)).isEqualTo("v-SYM0"); // the others are cached
    assertThat(cache.get(key(2), String.class)).isEqualTo("v-SYM2");
    assertThat(cache.getAll(keys(0, 3), String.class, upstream)).hasSize(3);
    assertThat(upstream.calls).containsExactly(Set.of(key(1))); // neither cached nor remembered as no data
  }

  @Test
  void aNullMap_failsEveryKeyWithAMessageSayingWhatToReturn() {
    assertThatThrownBy(() -> cache.getAll(keys(0, 2), String.class, keys -> null))
        .isInstanceOfSatisfying(CacheLoadException.class, e -> {
          assertThat(e.keys()).containsExactly(key(0), key(1));
          assertThat(e.getCause()).isInstanceOf(NullPointerException.class)
              .hasMessageContaining("returned null instead of a map");
        });
    assertThat(cache.stats().loadFailures()).isEqualTo(2);
  }

  @Test
  void nullArguments_areRefusedByName() {
    Upstream upstream = new Upstream();
    assertThatThrownBy(() -> cache.getAll(null, String.class, upstream)).hasMessage("keys");
    assertThatThrownBy(() -> cache.getAll(java.util.Arrays.asList(key(0), null), String.class, upstream))
        .hasMessage("keys contains null");
    assertThatThrownBy(() -> cache.getAll(keys(0, 1), String.class, null)).hasMessage("loader");
    assertThat(upstream.calls).isEmpty();
  }

  @Test
  void keysThatWereNotAsked_areIgnored_withOneWarning() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.tradingagents.cache.internal.DefaultAdaptiveCache");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    BulkCacheLoader<String> generous = keys -> {
      Map<CacheKey, String> values = new HashMap<>();
      keys.forEach(k -> values.put(k, "v-" + k.symbol()));
      values.put(key(99), "unasked");
      return values;
    };
    try {
      assertThat(cache.getAll(keys(0, 2), String.class, generous)).containsOnlyKeys(key(0), key(1));
      assertThat(cache.getAll(keys(2, 4), String.class, generous)).containsOnlyKeys(key(2), key(3));
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(cache.get(key(99), String.class)).isNull();
    assertThat(server.get(key(99).asString())).isNull();
    List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage()).contains("not asked for", key(99).toString());
  }

  @Test
  void aKeyHoldingAnotherType_isLoadedForThisCallerOnly_andTheStoredValueIsKept() {
    cache.put(key(0), 42); // another caller's use of the key
    Upstream upstream = new Upstream();

    Map<CacheKey, String> values = cache.getAll(keys(0, 2), String.class, upstream);

    assertThat(values).containsExactly(Map.entry(key(0), "v-SYM0"), Map.entry(key(1), "v-SYM1"));
    assertThat(upstream.calls).containsExactly(Set.of(key(1)), Set.of(key(0))); // stored, then uncached
    assertThat(cache.get(key(0), Integer.class)).isEqualTo(42);
    assertThat(cache.stats().typeMismatches()).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(2);
  }

  @Test
  void aGenericType_isStoredAsThatType_forOtherInstancesToDecode() {
    BulkCacheLoader<List<String>> lists = keys -> {
      Map<CacheKey, List<String>> values = new HashMap<>();
      keys.forEach(k -> values.put(k, List.of(k.symbol(), "close")));
      return values;
    };

    assertThat(cache.getAll(keys(0, 2), STRINGS, lists)).containsEntry(key(1), List.of("SYM1", "close"));

    AdaptiveCache other = cache(new FlakyTier(server));
    assertThat(other.get(key(1), STRINGS)).isEqualTo(List.of("SYM1", "close"));
  }
}
