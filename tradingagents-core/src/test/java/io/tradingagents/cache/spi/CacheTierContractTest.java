package io.tradingagents.cache.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CacheTier} must have. Each backend's tests extend this class once and
 * implement {@link #createTier()}; the same assertions then run against every tier.
 */
public abstract class CacheTierContractTest {
  /** The tier under test, fresh for every test. */
  protected CacheTier tier;

  /**
   * @return a new, empty tier; closed after the test
   * @throws Exception if it cannot be created
   */
  protected abstract CacheTier createTier() throws Exception;

  /** @return the current time as the tier sees it, epoch ms */
  protected long now() {
    return System.currentTimeMillis();
  }

  @BeforeEach
  void openTier() throws Exception {
    tier = createTier();
  }

  @AfterEach
  void closeTier() {
    if (tier != null) {
      tier.close();
    }
  }

  protected static String key(String symbol) {
    return CacheKey.of(DataKind.STOCK_DATA, symbol).asString();
  }

  protected TierEntry entry(String text) {
    return entry(text.getBytes(UTF_8), Duration.ofMinutes(10));
  }

  protected TierEntry entry(byte[] bytes, Duration ttl) {
    long now = now();
    return new TierEntry(bytes, now, now + ttl.toMillis());
  }

  @Test
  void get_absent_returnsNull() {
    assertThat(tier.get(key("ABSENT"))).isNull();
  }

  @Test
  void put_thenGet_returnsBytesAndTimes() {
    TierEntry written = entry("hello");
    tier.put(key("AAPL"), written);

    TierEntry read = tier.get(key("AAPL"));

    assertThat(read).isNotNull();
    assertThat(read.value()).isEqualTo("hello".getBytes(UTF_8));
    assertThat(read.createdAtMillis()).isEqualTo(written.createdAtMillis());
    assertThat(read.expiresAtMillis()).isEqualTo(written.expiresAtMillis());
  }

  @Test
  void put_existingKey_overwrites() {
    tier.put(key("AAPL"), entry("old"));
    tier.put(key("AAPL"), entry("new"));

    assertThat(tier.get(key("AAPL")).value()).isEqualTo("new".getBytes(UTF_8));
  }

  @Test
  void put_alreadyExpired_isMiss() {
    long now = now();
    tier.put(key("OLD"), new TierEntry("x".getBytes(UTF_8), now - 10_000, now - 1_000));

    assertThat(tier.get(key("OLD"))).isNull();
  }

  @Test
  void put_shortTtl_expires() {
    tier.put(key("SHORT"), entry("x".getBytes(UTF_8), Duration.ofMillis(300)));
    tier.put(key("LONG"), entry("y"));

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> tier.get(key("SHORT")) == null);
    assertThat(tier.get(key("LONG"))).isNotNull();
  }

  @Test
  void getAll_someMissing_returnsOnlyPresent() {
    tier.put(key("A"), entry("a"));
    tier.put(key("C"), entry("c"));

    Map<String, TierEntry> found = tier.getAll(List.of(key("A"), key("B"), key("C")));

    assertThat(found).containsOnlyKeys(key("A"), key("C"));
    assertThat(found.get(key("C")).value()).isEqualTo("c".getBytes(UTF_8));
  }

  @Test
  void getAll_noKeys_returnsEmpty() {
    assertThat(tier.getAll(List.of())).isEmpty();
  }

  @Test
  void putAll_thenGetAll_returnsAll() {
    tier.putAll(Map.of(key("X"), entry("x"), key("Y"), entry("y")));

    assertThat(tier.getAll(List.of(key("X"), key("Y")))).hasSize(2);
  }

  @Test
  void remove_present_removesOnlyThatKey() {
    tier.put(key("A"), entry("a"));
    tier.put(key("B"), entry("b"));

    assertThat(tier.remove(key("A"))).isTrue();

    assertThat(tier.get(key("A"))).isNull();
    assertThat(tier.get(key("B"))).isNotNull();
    assertThat(tier.remove(key("A"))).isFalse();
  }

  @Test
  void removeNamespace_removesThatNamespaceOnly() {
    String inA = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("a").build().asString();
    String inA2 = CacheKey.builder(DataKind.STOCK_DATA, "600519").namespace("a").build().asString();
    String inAb = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("ab").build().asString();
    String inB = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("b").build().asString();
    for (String k : List.of(inA, inA2, inAb, inB)) {
      tier.put(k, entry(k));
    }

    long removed = tier.removeNamespace(CacheKey.namespacePrefix("a"));

    assertThat(removed).isIn(2L, -1L);
    assertThat(tier.get(inA)).isNull();
    assertThat(tier.get(inA2)).isNull();
    assertThat(tier.get(inAb)).isNotNull();
    assertThat(tier.get(inB)).isNotNull();
  }

  @Test
  void largeValue_roundTrips() {
    byte[] large = new byte[4 << 20];
    new Random(42).nextBytes(large);
    tier.put(key("BIG"), entry(large, Duration.ofMinutes(5)));

    assertThat(tier.get(key("BIG")).value()).isEqualTo(large);
  }

  @Test
  void unicodeSymbol_roundTrips() {
    String pingAn = CacheKey.builder(DataKind.NEWS, "平安银行").market(Market.CHINA_A)
        .dateRange(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 31)).build().asString();
    tier.put(pingAn, entry("新闻"));

    assertThat(new String(tier.get(pingAn).value(), UTF_8)).isEqualTo("新闻");
    assertThat(tier.getAll(List.of(pingAn))).containsOnlyKeys(pingAn);
  }

  @Test
  void concurrentWritersAndReaders_oneKey_readersOnlySeeWholeValues() throws Exception {
    int writers = 4;
    int readers = 4;
    int writes = 40;
    int size = 64 << 10;
    tier.put(key("HOT"), entry(filled((byte) 'z', size), Duration.ofMinutes(5)));
    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch writersDone = new CountDownLatch(writers);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        byte fill = (byte) ('a' + w);
        futures.add(pool.submit(() -> {
          start.await();
          try {
            for (int i = 0; i < writes; i++) {
              tier.put(key("HOT"), entry(filled(fill, size), Duration.ofMinutes(5)));
            }
          } finally {
            writersDone.countDown();
          }
          return null;
        }));
      }
      for (int r = 0; r < readers; r++) {
        futures.add(pool.submit(() -> {
          start.await();
          do {
            TierEntry read = tier.get(key("HOT"));
            assertThat(read).as("a key being overwritten must never read as absent").isNotNull();
            assertWhole(read.value(), size);
          } while (writersDone.getCount() > 0);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertWhole(tier.get(key("HOT")).value(), size);
  }

  private static byte[] filled(byte fill, int size) {
    byte[] value = new byte[size];
    Arrays.fill(value, fill);
    return value;
  }

  /** One writer's whole value, never a mix of two or a torn write. */
  private static void assertWhole(byte[] value, int size) {
    Set<Byte> distinct = new HashSet<>();
    for (byte b : value) {
      distinct.add(b);
    }
    assertThat(value).hasSize(size);
    assertThat(distinct).hasSize(1);
  }

  /**
   * @return whether the tier's conditional writes are atomic against writers in other threads and
   *     processes (true for shared tiers); a tier that returns false skips the races below
   */
  protected boolean conditionalWritesAreAtomic() {
    return true;
  }

  private TierEntry version(String text, long createdAt) {
    return new TierEntry(text.getBytes(UTF_8), createdAt, now() + Duration.ofMinutes(10).toMillis());
  }

  @Test
  void putIfAbsent_absent_stores() {
    assertThat(tier.putIfAbsent(key("NEW"), entry("v1"))).isTrue();

    assertThat(tier.get(key("NEW")).value()).isEqualTo("v1".getBytes(UTF_8));
  }

  @Test
  void putIfAbsent_present_keepsTheStoredEntry() {
    tier.put(key("K"), entry("written"));

    assertThat(tier.putIfAbsent(key("K"), entry("backfilled"))).isFalse();

    assertThat(tier.get(key("K")).value()).isEqualTo("written".getBytes(UTF_8));
  }

  @Test
  void putAllIfAbsent_storesOnlyTheAbsentKeys() {
    tier.put(key("A"), entry("written"));

    int stored = tier.putAllIfAbsent(Map.of(key("A"), entry("backfilled-a"), key("B"), entry("backfilled-b")));

    assertThat(stored).isEqualTo(1);
    assertThat(tier.get(key("A")).value()).isEqualTo("written".getBytes(UTF_8));
    assertThat(tier.get(key("B")).value()).isEqualTo("backfilled-b".getBytes(UTF_8));
  }

  @Test
  void putUnlessNewer_absent_stores() {
    assertThat(tier.putUnlessNewer(key("K"), version("v1", now()))).isTrue();

    assertThat(tier.get(key("K")).value()).isEqualTo("v1".getBytes(UTF_8));
  }

  @Test
  void putUnlessNewer_olderStored_replacesIt() {
    long now = now();
    tier.put(key("K"), version("old", now - 2_000));

    assertThat(tier.putUnlessNewer(key("K"), version("new", now - 1_000))).isTrue();

    TierEntry read = tier.get(key("K"));
    assertThat(read.value()).isEqualTo("new".getBytes(UTF_8));
    assertThat(read.createdAtMillis()).isEqualTo(now - 1_000);
  }

  @Test
  void putUnlessNewer_newerStored_keepsIt() {
    long now = now();
    tier.put(key("K"), version("newer", now - 1_000));

    assertThat(tier.putUnlessNewer(key("K"), version("older", now - 2_000))).isFalse();

    assertThat(tier.get(key("K")).value()).isEqualTo("newer".getBytes(UTF_8));
  }

  @Test
  void putUnlessNewer_sameVersionStored_replacesIt() {
    long now = now();
    tier.put(key("K"), version("stored", now - 1_000));

    assertThat(tier.putUnlessNewer(key("K"), version("replayed", now - 1_000))).isTrue();

    assertThat(tier.get(key("K")).value()).isEqualTo("replayed".getBytes(UTF_8));
  }

  @Test
  void putUnlessNewer_16ConcurrentVersions_theNewestStays() throws Exception {
    assumeTrue(conditionalWritesAreAtomic(), "this tier's conditional writes compare, then write");
    long base = now() - 60_000;
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int round = 0; round < 20; round++) {
        String k = key("RACE" + round);
        for (int w = 0; w < writers; w++) {
          int version = w;
          futures.add(pool.submit(() -> {
            start.await();
            return tier.putUnlessNewer(k, version("v" + version, base + version));
          }));
        }
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int round = 0; round < 20; round++) {
      TierEntry read = tier.get(key("RACE" + round));
      assertThat(read.createdAtMillis()).as("round %d", round).isEqualTo(base + writers - 1);
      assertThat(read.value()).isEqualTo(("v" + (writers - 1)).getBytes(UTF_8));
    }
  }

  @Test
  void putIfAbsent_16ConcurrentBackfills_exactlyOneStored() throws Exception {
    assumeTrue(conditionalWritesAreAtomic(), "this tier's conditional writes compare, then write");
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        String text = "b" + w;
        futures.add(pool.submit(() -> {
          start.await();
          return tier.putIfAbsent(key("ONE"), entry(text));
        }));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> f : futures) {
        stored += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(stored).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ping_healthyTier_succeeds() {
    assertThatCode(tier::ping).doesNotThrowAnyException();
  }

  @Test
  void close_twice_isNoOp() {
    tier.close();
    assertThatCode(tier::close).doesNotThrowAnyException();
    tier = null;
  }
}
