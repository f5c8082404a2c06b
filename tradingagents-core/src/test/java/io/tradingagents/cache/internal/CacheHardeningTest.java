package io.tradingagents.cache.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import io.tradingagents.cache.testing.CapturedLogs;
import io.tradingagents.cache.testing.FlakyTier;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.cache.testing.SharedMemoryTier;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Data safety at the edges: type mismatches, oversized values, closed caches, counting, containment. */
class CacheHardeningTest {
  record Quote(String symbol, LocalDate day, double close) {}

  record News(String headline) {}

  private static final CacheKey AAPL = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
  private static final Quote QUOTE = new Quote("AAPL", LocalDate.of(2024, 6, 3), 194.03);

  private final MutableClock clock = new MutableClock();
  private final MemoryTier redisLike = new MemoryTier("redis", TierKind.REDIS, 256 << 20, clock);
  private final MemoryTier mongoLike = new MemoryTier("mongodb", TierKind.MONGODB, 256 << 20, clock);
  private final MemoryTier fileLike = new MemoryTier("file", TierKind.FILE, 256 << 20, clock);
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private AdaptiveCache cache(CacheTier... tiers) {
    var builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .probeInterval(Duration.ofMinutes(1));
    for (CacheTier tier : tiers) {
      builder.tier(tier);
    }
    AdaptiveCache cache = builder.build();
    caches.add(cache);
    return cache;
  }

  private AdaptiveCache sharedTiersCache() {
    return cache(redisLike, mongoLike, fileLike);
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  /** An envelope (format 2) as a writer of {@code typeName} would store it. */
  static byte[] envelope(String typeName, String json) {
    byte[] name = typeName.getBytes(UTF_8);
    byte[] payload = json.getBytes(UTF_8);
    return ByteBuffer.allocate(Envelope.HEADER + 2 + name.length + payload.length)
        .put((byte) 'T').put((byte) 'A').put((byte) 2).put(JacksonCodec.ID).put((byte) 0)
        .putLong(0).putLong(Long.MAX_VALUE).putShort((short) name.length).put(name).put(payload).array();
  }

  // ------------------------------------------------------------ type mismatches keep the stored entry

  @Test
  void get_withAnotherType_isACountedMiss_andLeavesTheEntryInEverySharedTier() {
    sharedTiersCache().put(AAPL, QUOTE);
    AdaptiveCache reader = sharedTiersCache();

    assertThat(reader.get(AAPL, News.class)).isNull();

    CacheStats stats = reader.stats();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.typeMismatches()).isEqualTo(1);
    assertThat(stats.decodeFailures()).isZero();
    for (MemoryTier tier : List.of(redisLike, mongoLike, fileLike)) {
      assertThat(tier.get(AAPL.asString())).as(tier.name()).isNotNull();
    }
    assertThat(reader.get(AAPL, Quote.class)).isEqualTo(QUOTE);
  }

  @Test
  void getAll_withAnotherType_leavesTheEntries() {
    sharedTiersCache().put(AAPL, QUOTE);
    AdaptiveCache reader = sharedTiersCache();

    assertThat(reader.getAll(List.of(AAPL), News.class)).isEmpty();

    assertThat(reader.stats().typeMismatches()).isEqualTo(1);
    assertThat(reader.getAll(List.of(AAPL), Quote.class)).containsEntry(AAPL, QUOTE);
  }

  @Test
  void get_asASupertypeOfTheStoredClass_decodes() {
    sharedTiersCache().put(AAPL, List.of("a", "b")); // stored as an ImmutableCollections class

    assertThat(sharedTiersCache().get(AAPL, List.class)).containsExactly("a", "b");
  }

  @Test
  void get_corruptBytes_areRemoved_butAWrongTypeIsNot() {
    long now = clock.millis();
    CacheKey corrupt = CacheKey.of(DataKind.NEWS, "MSFT");
    byte[] truncated = java.util.Arrays.copyOf(envelope(Quote.class.getName(), "{}"), Envelope.HEADER + 1);
    fileLike.put(corrupt.asString(), new TierEntry(truncated, now, now + 60_000));
    fileLike.put(AAPL.asString(), new TierEntry(envelope(Quote.class.getName(),
        "{\"symbol\":\"AAPL\",\"day\":\"2024-06-03\",\"close\":1.0}"), now, now + 60_000));
    AdaptiveCache cache = cache(fileLike);

    assertThat(cache.get(corrupt, Quote.class)).isNull();
    assertThat(cache.get(AAPL, News.class)).isNull();

    assertThat(fileLike.get(corrupt.asString())).isNull();
    assertThat(fileLike.get(AAPL.asString())).isNotNull();
    assertThat(cache.stats().decodeFailures()).isEqualTo(1);
    assertThat(cache.stats().typeMismatches()).isEqualTo(1);
  }

  @Test
  void getWithLoader_ofAKeyHoldingAnotherType_servesTheLoadedValueUncached_andKeepsTheStoredOne() {
    sharedTiersCache().put(AAPL, QUOTE);
    AdaptiveCache other = sharedTiersCache();
    AtomicInteger calls = new AtomicInteger();

    News news = other.get(AAPL, News.class, k -> {
      calls.incrementAndGet();
      return new News("loaded");
    });
    other.get(AAPL, News.class, k -> {
      calls.incrementAndGet();
      return new News("loaded");
    });

    assertThat(news).isEqualTo(new News("loaded"));
    assertThat(calls).hasValue(2); // never stored, so loaded each time
    assertThat(other.stats().typeMismatches()).isEqualTo(2);
    assertThat(sharedTiersCache().get(AAPL, Quote.class)).isEqualTo(QUOTE);
    assertThat(other.get(AAPL, Quote.class)).isEqualTo(QUOTE);
  }

  @Test
  void getWithLoader_ofAKeyHoldingAnotherTypeInMemory_keepsTheStoredValue() {
    AdaptiveCache cache = cache();
    cache.put(AAPL, QUOTE);

    assertThat(cache.get(AAPL, News.class, k -> new News("loaded"))).isEqualTo(new News("loaded"));

    assertThat(cache.get(AAPL, Quote.class)).isSameAs(QUOTE);
  }

  // ------------------------------------------------------------ values that could never be read back

  @Test
  void put_ofAValueOverTheMaximumEntrySize_isRefused_andNothingIsWritten() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(fileLike).maximumEntryBytes(64 << 10).build();
    caches.add(cache);
    String big = "x".repeat(70_000);

    assertThatThrownBy(() -> cache.put(AAPL, big))
        .isInstanceOf(CacheEntryTooLargeException.class)
        .hasMessageContaining("70002 bytes").hasMessageContaining("65536")
        .hasMessageContaining("TA_CACHE_MAX_ENTRY_BYTES")
        .hasMessageNotContaining("xxxx");
    assertThat(fileLike.get(AAPL.asString())).isNull();
    assertThat(cache.get(AAPL, String.class)).isNull();
  }

  @Test
  void aLoadedValueOverTheMaximumEntrySize_isServedUncached_andCounted() {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(fileLike).maximumEntryBytes(64 << 10).build();
    caches.add(cache);
    String big = "y".repeat(70_000);

    assertThat(cache.get(AAPL, String.class, k -> big)).isSameAs(big);

    assertThat(cache.stats().oversizedValues()).isEqualTo(1);
    assertThat(fileLike.get(AAPL.asString())).isNull();
  }

  @Test
  void aStringOverJacksonsDefaultReadLimit_isReadBackFromASharedTier() {
    AdaptiveCache writer = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(fileLike).maximumEntryBytes(32 << 20).build();
    caches.add(writer);
    String longText = "z".repeat(20_000_001); // Jackson's default maxStringLength is 20,000,000

    writer.put(AAPL, longText);

    AdaptiveCache reader = cache(fileLike);
    assertThat(reader.get(AAPL, String.class)).hasSize(20_000_001);
    assertThat(reader.stats().decodeFailures()).isZero();
  }

  @Test
  void maximumEntryBytes_outOfRange_isRefusedBySetterAndSetting() {
    assertThatThrownBy(() -> AdaptiveCache.builder().maximumEntryBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 10");
    assertThatThrownBy(() -> AdaptiveCache.builder().environment(Map.of("TA_CACHE_MAX_ENTRY_BYTES", "1GB"))
        .discoverTiers(false).build())
        .hasMessageContaining("TA_CACHE_MAX_ENTRY_BYTES").hasMessageContaining("256MB");
  }

  // ------------------------------------------------------------ closed caches

  @Test
  void everyOperationOnAClosedCache_failsFastWithOneClearException_andWritesNothing() {
    AdaptiveCache cache = cache(fileLike);
    cache.close();
    List<Runnable> operations = List.of(
        () -> cache.get(AAPL, Quote.class),
        () -> cache.get(AAPL, Quote.class, k -> QUOTE),
        () -> cache.getAll(List.of(AAPL), Quote.class),
        () -> cache.put(AAPL, QUOTE),
        () -> cache.put(AAPL, QUOTE, Duration.ofMinutes(1)),
        () -> cache.putAll(Map.of(AAPL, QUOTE)),
        () -> cache.invalidate(AAPL),
        () -> cache.invalidateNamespace("default"));

    for (Runnable operation : operations) {
      assertThatThrownBy(operation::run).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    List<Supplier<CompletableFuture<?>>> async = List.of(
        () -> cache.getAsync(AAPL, Quote.class),
        () -> cache.getAsync(AAPL, Quote.class, k -> QUOTE),
        () -> cache.putAsync(AAPL, QUOTE),
        () -> cache.invalidateAsync(AAPL));
    for (Supplier<CompletableFuture<?>> operation : async) {
      assertThatThrownBy(() -> operation.get().join()).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
    }
    assertThat(fileLike.get(AAPL.asString())).isNull();
    assertThat(cache.stats().requests()).isZero(); // still readable for a final report
  }

  // ------------------------------------------------------------ TTL bounds

  @Test
  void put_withAnEnormousTtl_isClampedToTheMaximum() {
    AdaptiveCache cache = cache(fileLike);

    cache.put(AAPL, QUOTE, Duration.ofSeconds(Long.MAX_VALUE));

    TierEntry stored = fileLike.get(AAPL.asString());
    assertThat(stored).isNotNull();
    assertThat(stored.expiresAtMillis())
        .isEqualTo(clock.millis() + AdaptiveCache.MAXIMUM_TTL.toMillis());
  }

  // ------------------------------------------------------------ one lookup, one hit or one miss

  @Test
  void aColdLoad_withADistributedLock_countsOneMiss() {
    SharedMemoryTier shared = new SharedMemoryTier(clock);
    AdaptiveCache cache = cache(shared.connection(), fileLike);

    for (int i = 0; i < 100; i++) {
      int n = i;
      cache.get(CacheKey.of(DataKind.NEWS, "SYM" + i), String.class, k -> "v" + n);
    }
    for (int i = 0; i < 100; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "SYM" + i), String.class, k -> "never");
    }

    CacheStats stats = cache.stats();
    assertThat(stats.misses()).isEqualTo(100);
    assertThat(stats.loads()).isEqualTo(100);
    assertThat(stats.hits()).isEqualTo(100);
    assertThat(stats.requests()).isEqualTo(200);
  }

  // ------------------------------------------------------------ a tier's failure stays in the tier

  @Test
  void linkageAndStackOverflowErrorsOfATier_areContained_atBuildAndOnEveryCall() {
    ThrowingTier broken = new ThrowingTier(() -> new NoClassDefFoundError("com/example/Missing"));
    AdaptiveCache cache = cache(broken, fileLike); // ping at build() throws too

    cache.put(AAPL, QUOTE);
    assertThat(cache.get(AAPL, Quote.class)).isEqualTo(QUOTE);
    assertThat(cache.get(CacheKey.of(DataKind.NEWS, "X"), String.class, k -> "loaded")).isEqualTo("loaded");
    ((DefaultAdaptiveCache) cache).runMaintenance();

    broken.error = () -> new StackOverflowError();
    broken.failPing = false;
    ((DefaultAdaptiveCache) cache).runMaintenance(); // the probe closes the breaker again
    assertThat(cache.get(CacheKey.of(DataKind.NEWS, "Y"), String.class)).isNull();
    cache.put(CacheKey.of(DataKind.NEWS, "Y"), "y");
    assertThat(cache.backendInfo().isAvailable("file")).isTrue();
  }

  @Test
  void outOfMemoryError_ofATier_propagates() {
    ThrowingTier broken = new ThrowingTier(() -> new OutOfMemoryError("simulated"));
    broken.failPing = false;
    AdaptiveCache cache = cache(broken);

    assertThatThrownBy(() -> cache.get(AAPL, Quote.class)).isInstanceOf(OutOfMemoryError.class);
  }

  // ------------------------------------------------------------ configured and effective mode

  @Test
  void aFixedMode_isReportedApartFromTheModeOfTheTiersInUse() {
    FlakyTier redis = new FlakyTier(redisLike);
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of("TA_CACHE_PERFORMANCE_MODE", "fast"))
        .discoverTiers(false).clock(clock).tier(redis).tier(fileLike).build();
    caches.add(cache);
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.FAST);

    redis.down = true;
    for (int i = 0; i < 10; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "K" + i), String.class);
    }

    BackendInfo info = cache.backendInfo();
    assertThat(cache.performanceMode()).isEqualTo(PerformanceMode.STANDARD);
    assertThat(info.mode()).isEqualTo(PerformanceMode.STANDARD);
    assertThat(info.configuredMode()).isEqualTo(PerformanceMode.FAST);
    assertThat(info.isAvailable("redis")).isFalse();
  }

  // ------------------------------------------------------------ no in-process tier

  @Test
  void withoutTheInProcessTierAndWithoutSharedTiers_startsButWarnsThatItStoresNothing() {
    try (CapturedLogs logs = new CapturedLogs(DefaultAdaptiveCache.class)) {
      AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of("TA_CACHE_MEMORY_ENABLED", "false"))
          .discoverTiers(false).clock(clock).build();
      caches.add(cache);
      cache.put(AAPL, QUOTE);

      assertThat(cache.get(AAPL, Quote.class)).isNull();
      assertThat(logs.at(ch.qos.logback.classic.Level.WARN))
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .singleElement().asString().startsWith("This cache stores nothing").contains("TA_CACHE_MEMORY_ENABLED");
    }
  }

  @Test
  void withoutTheInProcessTier_everyReadGoesToTheSharedTier_andLoadsStillShareOneCall() throws Exception {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of("TA_CACHE_MEMORY_ENABLED", "false"))
        .discoverTiers(false).clock(clock).tier(redisLike).build();
    caches.add(cache);
    cache.put(AAPL, QUOTE);

    for (int i = 0; i < 3; i++) {
      Quote read = cache.get(AAPL, Quote.class);
      assertThat(read).isEqualTo(QUOTE).isNotSameAs(QUOTE); // decoded from the shared tier each time
    }
    CacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(3);
    assertThat(stats.tiers().get(0).hits() + stats.tiers().get(0).misses()).isZero();
    assertThat(stats.tiers().get(1).hits()).isEqualTo(3);
    assertThat(cache.backendInfo().tiers().get(0).state()).isEqualTo("DISABLED");

    CacheKey cold = CacheKey.of(DataKind.NEWS, "COLD");
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> cache.get(cold, String.class, k -> {
          calls.incrementAndGet();
          release.await();
          return "loaded";
        })));
      }
      org.awaitility.Awaitility.await().until(() -> calls.get() == 1);
      release.countDown();
      for (java.util.concurrent.Future<String> result : results) {
        assertThat(result.get()).isEqualTo("loaded");
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(calls).hasValue(1);
  }

  /** A tier whose every call throws the given error (ping too, while {@link #failPing}). */
  private static final class ThrowingTier implements CacheTier {
    volatile Supplier<Error> error;
    volatile boolean failPing = true;

    ThrowingTier(Supplier<Error> error) {
      this.error = error;
    }

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public TierKind kind() {
      return TierKind.REDIS;
    }

    @Override
    public @Nullable TierEntry get(String key) {
      throw error.get();
    }

    @Override
    public Map<String, TierEntry> getAll(Collection<String> keys) {
      throw error.get();
    }

    @Override
    public void put(String key, TierEntry entry) {
      throw error.get();
    }

    @Override
    public boolean remove(String key) {
      throw error.get();
    }

    @Override
    public long removeNamespace(String prefix) {
      throw error.get();
    }

    @Override
    public void ping() {
      if (failPing) {
        throw error.get();
      }
    }

    @Override
    public TierUsage usage() {
      throw error.get();
    }

    @Override
    public void close() {}
  }
}
