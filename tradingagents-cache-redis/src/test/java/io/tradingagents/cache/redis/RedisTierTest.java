package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.spi.TierUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What the Redis tier does beyond the shared contract, against a real redis-server with a password:
 * storage layout and TTLs, namespace removal that touches nothing else, usage facts without secrets, the
 * lock's ownership rules and the bus's delivery, keepalive and reconnection.
 */
class RedisTierTest {
  private static final String PASSWORD = "tier-test-secret";
  private static RedisProcess server;
  private final List<RedisTier> tiers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch("requirepass " + PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void emptyServer() {
    try (Jedis jedis = jedis()) {
      jedis.flushAll(); // the test's own server
    }
  }

  @AfterEach
  void closeTiers() {
    tiers.forEach(RedisTier::close);
  }

  private static Jedis jedis() {
    Jedis jedis = new Jedis("127.0.0.1", server.port());
    jedis.auth(PASSWORD);
    return jedis;
  }

  private RedisTier tier(String... extra) {
    Map<String, String> settings = new HashMap<>(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
        RedisCacheProvider.PORT, String.valueOf(server.port()), RedisCacheProvider.PASSWORD, PASSWORD));
    for (int i = 0; i < extra.length; i += 2) {
      settings.put(extra[i], extra[i + 1]);
    }
    RedisTier tier = (RedisTier) new RedisCacheProvider().open(TierSettings.of(settings, Clock.systemUTC()));
    tiers.add(tier);
    return tier;
  }

  private static String key(String namespace, String symbol) {
    return CacheKey.builder(DataKind.STOCK_DATA, symbol).namespace(namespace).build().asString();
  }

  private static TierEntry entry(String text, Duration ttl) {
    long now = System.currentTimeMillis();
    return new TierEntry(text.getBytes(UTF_8), now, now + ttl.toMillis());
  }

  @Test
  void put_storesTheCanonicalKey_withHeaderAndARedisExpiry() {
    RedisTier tier = tier();
    String key = key("default", "AAPL");

    tier.put(key, entry("quote", Duration.ofMinutes(10)));

    try (Jedis jedis = jedis()) {
      byte[] raw = jedis.get(key.getBytes(UTF_8));
      assertThat(raw).hasSize(TierEntry.STORED_HEADER + "quote".length());
      assertThat(raw[0]).isEqualTo(TierEntry.STORED_FORMAT);
      assertThat(jedis.pttl(key)).isBetween(1L, Duration.ofMinutes(10).toMillis());
    }
  }

  /** @return how many reads the server's event loop processed while {@code operation} ran 20 times */
  private static long readEvents(Runnable operation) {
    return readEvents(20, operation);
  }

  /** @return how many reads the server's event loop processed while {@code operation} ran {@code times} */
  private static long readEvents(int times, Runnable operation) {
    try (Jedis jedis = jedis()) {
      long before = Long.parseLong(ServerInfo.parse(jedis.info("stats")).get("total_reads_processed"));
      for (int i = 0; i < times; i++) {
        operation.run();
      }
      return Long.parseLong(ServerInfo.parse(jedis.info("stats")).get("total_reads_processed")) - before;
    }
  }

  @Test
  void putAllAndAppend_storesTheEntriesAndAppendsToTheLog_inOneRoundTrip() {
    RedisTier tier = tier();
    String apple = key("default", "AAPL");
    String quote = key("quotes", "AAPL");
    Map<String, TierEntry> entries = new LinkedHashMap<>();
    entries.put(apple, entry("news", Duration.ofMinutes(10)));
    entries.put(quote, entry("quote", Duration.ofMinutes(10)));
    Map<String, Invalidation> appends = Map.of(
        "default", new Invalidation("me", List.of(apple), List.of(), false),
        "quotes", new Invalidation("me", List.of(quote), List.of(), false));
    tier.get(apple); // the pool's connection is open before counting

    long oneRoundTrip = readEvents(() -> tier.get(apple));
    long logged = readEvents(() -> assertThat(tier.putAllAndAppend(entries, appends)).isTrue());

    // Two round trips (the writes, then the log scripts) would read 20 more times.
    assertThat(logged).isLessThanOrEqualTo(oneRoundTrip + 2);
    try (Jedis jedis = jedis()) {
      assertThat(jedis.get(apple.getBytes(UTF_8))).hasSize(TierEntry.STORED_HEADER + "news".length());
      assertThat(jedis.get(quote.getBytes(UTF_8))).hasSize(TierEntry.STORED_HEADER + "quote".length());
      assertThat(jedis.xlen(RedisInvalidationLog.PREFIX + "default")).isEqualTo(20);
      assertThat(jedis.xlen(RedisInvalidationLog.PREFIX + "quotes")).isEqualTo(20);
    }
    assertThat(tier.usage().details()).containsEntry("log_appended", "40");
  }

  @Test
  void putAllAndAppend_appendRefused_storesTheEntries_andSaysSo() {
    RedisTier tier = tier();
    String apple = key("default", "AAPL");
    try (Jedis jedis = jedis()) {
      jedis.set(RedisInvalidationLog.PREFIX + "default", "not a stream"); // XADD fails: WRONGTYPE
    }

    boolean appended = tier.putAllAndAppend(Map.of(apple, entry("news", Duration.ofMinutes(10))),
        Map.of("default", new Invalidation("me", List.of(apple), List.of(), false)));

    assertThat(appended).isFalse();
    assertThat(tier.get(apple)).isNotNull();
    assertThat(tier.usage().details()).containsEntry("log_appended", "0");
  }

  @Test
  void putAll_alreadyExpiredEntry_removesTheKeyInstead() {
    RedisTier tier = tier();
    String key = key("default", "OLD");
    tier.put(key, entry("old", Duration.ofMinutes(1)));
    long now = System.currentTimeMillis();

    tier.putAll(Map.of(key, new TierEntry("x".getBytes(UTF_8), now - 2_000, now - 1_000)));

    try (Jedis jedis = jedis()) {
      assertThat(jedis.exists(key)).isFalse();
    }
  }

  @Test
  void removeNamespace_manyPages_removesOnlyThatNamespace_neverLocksOrOtherApplications() {
    RedisTier tier = tier();
    Map<String, TierEntry> batch = new LinkedHashMap<>();
    for (int i = 0; i < 1_200; i++) { // more than two SCAN pages
      batch.put(key("news", "S" + i), entry("v" + i, Duration.ofMinutes(5)));
    }
    tier.putAll(batch);
    tier.put(key("newsroom", "KEEP"), entry("other namespace", Duration.ofMinutes(5)));
    DistributedLock.Lease lease = tier.distributedLock().orElseThrow()
        .tryAcquire("load:" + key("news", "S1"), Duration.ofMinutes(1));
    try (Jedis jedis = jedis()) {
      jedis.set("otherapp:news:1", "not ours");
      jedis.set("ta", "not a namespace key");
    }

    long removed = tier.removeNamespace(CacheKey.namespacePrefix("news"));

    assertThat(removed).isEqualTo(1_200);
    try (Jedis jedis = jedis()) {
      assertThat(jedis.exists("otherapp:news:1")).isTrue();
      assertThat(jedis.exists("ta")).isTrue();
      assertThat(jedis.exists(RedisLock.PREFIX + "load:" + key("news", "S1"))).isTrue();
      assertThat(jedis.exists(key("newsroom", "KEEP"))).isTrue();
      assertThat(jedis.dbSize()).isEqualTo(4);
    }
    assertThat(lease).isNotNull();
  }

  @Test
  void get_valueNotInTheTiersFormat_isAMissAndCounted() {
    RedisTier tier = tier();
    String key = key("default", "JUNK");
    try (Jedis jedis = jedis()) {
      jedis.set(key, "written by something else");
    }

    assertThat(tier.get(key)).isNull();
    assertThat(tier.getAll(List.of(key))).isEmpty();
    assertThat(tier.usage().details()).containsEntry("malformed_entries", "2");
  }

  @Test
  void usage_reportsServerFacts_andNeverThePassword() {
    RedisTier tier = tier();
    tier.put(key("default", "A"), entry("a", Duration.ofMinutes(1)));

    TierUsage usage = tier.usage();

    assertThat(usage.entryCount()).isEqualTo(-1);
    assertThat(usage.details()).containsEntry("mode", "standalone").containsEntry("db_keys", "1")
        .containsEntry("database", "0").containsKeys("ping_ms", "used_memory", "bus_subscriptions");
    assertThat(usage.details().get("server_version")).startsWith("6.");
    assertThat(Long.parseLong(usage.details().get("used_memory"))).isPositive();
    assertThat(usage.details().toString()).doesNotContain(PASSWORD);
    assertThat(tier.toString()).doesNotContain(PASSWORD).contains(server.address());
  }

  @Test
  void lock_heldByOneOwner_untilReleased() {
    DistributedLock lock = tier().distributedLock().orElseThrow();
    DistributedLock other = tier().distributedLock().orElseThrow();

    DistributedLock.Lease lease = lock.tryAcquire("job", Duration.ofMinutes(1));
    assertThat(lease).isNotNull();
    assertThat(other.tryAcquire("job", Duration.ofMinutes(1))).isNull();
    assertThat(other.tryAcquire("another-job", Duration.ofMinutes(1))).isNotNull();

    lease.close();
    lease.close(); // idempotent

    assertThat(other.tryAcquire("job", Duration.ofMinutes(1))).isNotNull();
  }

  @Test
  void lock_formerOwnerAfterItsLeaseRanOut_canNeitherReleaseNorExtendTheNewOwnersLock() {
    DistributedLock lock = tier().distributedLock().orElseThrow();
    DistributedLock.Lease stale = lock.tryAcquire("job", Duration.ofMillis(50));
    assertThat(stale).isNotNull();
    DistributedLock.Lease[] current = new DistributedLock.Lease[1];
    await().atMost(Duration.ofSeconds(5))
        .until(() -> (current[0] = lock.tryAcquire("job", Duration.ofMinutes(1))) != null);

    assertThat(stale.extend(Duration.ofMinutes(1))).isFalse();
    stale.close();

    assertThat(lock.tryAcquire("job", Duration.ofMinutes(1))).as("still held by the new owner").isNull();
    assertThat(current[0].extend(Duration.ofMinutes(2))).isTrue();
    try (Jedis jedis = jedis()) {
      assertThat(jedis.pttl(RedisLock.PREFIX + "job")).isGreaterThan(Duration.ofMinutes(1).toMillis());
    }
  }

  @Test
  void lockAll_takesTheFreeLocksInOneRoundTrip_andReleasesOnlyItsOwnInOne() {
    DistributedLock lock = tier().distributedLock().orElseThrow();
    DistributedLock other = tier().distributedLock().orElseThrow();
    List<String> names = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "batch-" + i).toList();
    Map<String, DistributedLock.Lease> others = other.tryAcquireAll(names.subList(0, 10), Duration.ofMinutes(1));
    assertThat(others).hasSize(10);

    Map<String, DistributedLock.Lease> taken = new LinkedHashMap<>();
    long reads = readEvents(1, () -> taken.putAll(lock.tryAcquireAll(names, Duration.ofMinutes(1))));

    assertThat(taken.keySet()).containsExactlyElementsOf(names.subList(10, 50));
    // One round trip; the INFO calls that measure it may add a read or two of their own.
    assertThat(reads).as("reads the server processed for 50 lock attempts").isLessThanOrEqualTo(5);
    assertThat(lock.tryAcquireAll(names, Duration.ofMinutes(1))).as("all held now").isEmpty();
    java.util.Set<String> extended = new java.util.HashSet<>();
    long extendReads = readEvents(1, () -> extended.addAll(lock.extendAll(taken.values(), Duration.ofMinutes(10))));
    assertThat(extended).containsExactlyInAnyOrderElementsOf(names.subList(10, 50));
    assertThat(extendReads).as("reads the server processed for extending 40 locks").isLessThanOrEqualTo(5);
    try (Jedis jedis = jedis()) {
      assertThat(jedis.pttl(RedisLock.PREFIX + "batch-10")).isGreaterThan(Duration.ofMinutes(1).toMillis());
      assertThat(jedis.pttl(RedisLock.PREFIX + "batch-0")).as("the other owner's, untouched")
          .isLessThanOrEqualTo(Duration.ofMinutes(1).toMillis());
    }
    long releaseReads = readEvents(1, () -> lock.releaseAll(taken.values()));
    assertThat(releaseReads).as("reads the server processed for releasing 40 locks").isLessThanOrEqualTo(5);
    assertThat(readEvents(1, () -> lock.releaseAll(taken.values()))).as("released already: nothing sent")
        .isLessThanOrEqualTo(2);
    try (Jedis jedis = jedis()) {
      assertThat(names.stream().filter(name -> jedis.exists(RedisLock.PREFIX + name)).toList())
          .as("locks still held: only the other owner's").containsExactlyElementsOf(names.subList(0, 10));
    }
    taken.values().forEach(DistributedLock.Lease::close); // released already: nothing happens
    assertThat(other.tryAcquire("batch-0", Duration.ofMinutes(1))).as("still the other owner's").isNull();
    assertThat(other.tryAcquire("batch-10", Duration.ofMinutes(1))).isNotNull();
    assertThat(lock.extendAll(taken.values(), Duration.ofMinutes(1))).as("released: not extended").isEmpty();
    assertThat(lock.tryAcquireAll(List.of(), Duration.ofMinutes(1))).isEmpty();
    assertThatThrownBy(() -> lock.tryAcquireAll(java.util.Arrays.asList("z1", "z2", null, "z3"),
        Duration.ofMinutes(1))).isInstanceOf(NullPointerException.class).hasMessageContaining("names");
    try (Jedis jedis = jedis()) {
      assertThat(jedis.exists(RedisLock.PREFIX + "z1")).as("nothing sent for a bad batch").isFalse();
    }
    assertThatThrownBy(() -> lock.tryAcquireAll(names, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
  }

  @Test
  void lockAll_aRefusedCommand_isThrown_andLeavesNoLockHeld() {
    DistributedLock lock = tier().distributedLock().orElseThrow();
    try (Jedis jedis = jedis()) {
      jedis.configSet("maxmemory-policy", "noeviction");
      jedis.configSet("maxmemory", "1");
      try {
        assertThatThrownBy(() -> lock.tryAcquireAll(List.of("oom-1", "oom-2"), Duration.ofMinutes(1)))
            .hasMessageContaining("OOM");
      } finally {
        jedis.configSet("maxmemory", "0");
      }
      assertThat(jedis.exists(RedisLock.PREFIX + "oom-1")).isFalse();
    }
    assertThat(lock.tryAcquireAll(List.of("oom-1", "oom-2"), Duration.ofMinutes(1))).hasSize(2);
  }

  @Test
  void lock_nonPositiveLease_isRejected() {
    DistributedLock lock = tier().distributedLock().orElseThrow();

    assertThatThrownBy(() -> lock.tryAcquire("job", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
  }

  @Test
  void bus_deliversMessagesFromOtherTiers_andReportsTheFirstSubscription() {
    RecordingListener listener = new RecordingListener();
    RedisTier receiver = tier();
    receiver.invalidationBus().orElseThrow().subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);
    Invalidation sent = new Invalidation("instance-a", List.of(key("default", "AAPL")),
        List.of(CacheKey.namespacePrefix("news")), false);

    tier().invalidationBus().orElseThrow().publish(sent);

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.contains(sent));
    assertThat(listener.messages).containsExactly(sent);
  }

  @Test
  void bus_messageNotInTheBusFormat_isIgnoredAndCounted() {
    RecordingListener listener = new RecordingListener();
    RedisTier receiver = tier();
    RedisInvalidationBus bus = (RedisInvalidationBus) receiver.invalidationBus().orElseThrow();
    bus.subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);

    try (Jedis jedis = jedis()) {
      jedis.publish(bus.channel(), "{\"v\":1,\"o\":\"x\",\"k\":[1],\"p\":[],\"a\":false}");
      jedis.publish(bus.channel(), "not json");
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> bus.undecodable.get() == 2);
    assertThat(listener.messages).isEmpty();
  }

  @Test
  void bus_serverRestart_dropsEverythingAtOnce_thenResubscribes() {
    RecordingListener listener = new RecordingListener();
    RedisTier receiver = tier();
    receiver.invalidationBus().orElseThrow().subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);

    server.kill();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.dropAll.get() == 1);
    server.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.subscriptions.get() == 2);
    Invalidation sent = new Invalidation("instance-a", List.of(key("default", "X")), List.of(), false);
    tier().invalidationBus().orElseThrow().publish(sent);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.contains(sent));
  }

  @Test
  void bus_frozenServer_isNoticedByTheKeepalive_andTheSubscriptionComesBack() {
    RecordingListener listener = new RecordingListener();
    RedisTier receiver = tier(RedisCacheProvider.SUBSCRIBER_PING_INTERVAL, "50ms");
    receiver.invalidationBus().orElseThrow().subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);

    server.pause();
    try {
      // No read timeout on a subscription: only the keepalive can notice that the server froze.
      await().atMost(Duration.ofSeconds(5)).until(() -> listener.dropAll.get() == 1);
    } finally {
      server.resume();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.subscriptions.get() >= 2);
  }

  @Test
  void close_stopsTheSubscriberThread_andIsIdempotent() {
    RedisTier tier = tier();
    RedisInvalidationBus bus = (RedisInvalidationBus) tier.invalidationBus().orElseThrow();
    RecordingListener listener = new RecordingListener();
    bus.subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);
    assertThat(bus.isSubscriberRunning()).isTrue();

    tier.close();
    tier.close();

    assertThat(bus.isSubscriberRunning()).isFalse();
    assertThat(listener.dropAll).as("a deliberate close is not a lost subscription").hasValue(0);
    assertThatThrownBy(() -> tier.get(key("default", "A"))).isInstanceOf(IllegalStateException.class);
    assertThatCode(tier::close).doesNotThrowAnyException();
    assertThatThrownBy(() -> bus.subscribe(listener)).isInstanceOf(IllegalStateException.class);
  }

  /** Records what a bus delivers. */
  static final class RecordingListener implements InvalidationBus.Listener {
    final List<Invalidation> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger subscriptions = new AtomicInteger();
    final AtomicInteger dropAll = new AtomicInteger();

    @Override
    public void onInvalidation(Invalidation invalidation) {
      if (invalidation.all()) {
        dropAll.incrementAndGet();
      } else {
        messages.add(invalidation);
      }
    }

    @Override
    public void onResubscribed() {
      subscriptions.incrementAndGet();
    }
  }
}
