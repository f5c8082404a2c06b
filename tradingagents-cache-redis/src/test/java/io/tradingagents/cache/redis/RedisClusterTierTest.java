package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Cluster specifics on a real three-master cluster: batches and namespace removal span every master
 * (keys of many slots), usage sums the masters, and the lock and the bus work through the cluster.
 */
class RedisClusterTierTest {
  private static RedisCluster cluster;
  private static final Invalidation MARKER = new Invalidation("marker", List.of(), List.of(), false);
  private final List<RedisTier> tiers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = new RedisCluster();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void empty() {
    cluster.flushAll();
  }

  @AfterEach
  void closeTiers() {
    tiers.forEach(RedisTier::close);
  }

  private RedisTier tier() {
    RedisTier tier = (RedisTier) new RedisCacheProvider().open(TierSettings.of(
        Map.of(RedisCacheProvider.CLUSTER_NODES, cluster.seeds()), Clock.systemUTC()));
    tiers.add(tier);
    return tier;
  }

  private static List<Long> keysPerNode() {
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      try (Jedis node = cluster.jedis(i)) {
        counts.add(node.dbSize());
      }
    }
    return counts;
  }

  /** @return {@code size} small entries in {@code namespace}, whose keys fall in many slots */
  private static Map<String, TierEntry> batch(String namespace, int size) {
    long now = System.currentTimeMillis();
    Map<String, TierEntry> batch = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      String key = CacheKey.builder(DataKind.NEWS, "S" + i).namespace(namespace).build().asString();
      batch.put(key, new TierEntry(("v" + i).getBytes(UTF_8), now, now + 60_000));
    }
    return batch;
  }

  @Test
  void batchesAndNamespaceRemoval_spanEveryMaster() {
    RedisTier tier = tier();
    Map<String, TierEntry> batch = batch("wide", 300);

    tier.putAll(batch);

    assertThat(keysPerNode()).as("keys landed on every master").allMatch(n -> n > 0);
    Map<String, TierEntry> read = tier.getAll(List.copyOf(batch.keySet()));
    assertThat(read).hasSize(300);
    assertThat(read.keySet()).containsExactlyElementsOf(batch.keySet());
    assertThat(tier.usage().details()).containsEntry("mode", "cluster").containsEntry("masters", "3")
        .containsEntry("db_keys", "300");

    assertThat(tier.removeNamespace(CacheKey.namespacePrefix("wide"))).isEqualTo(300);
    assertThat(keysPerNode()).containsOnly(0L);
  }

  @Test
  void onTheApplicationsClusterClient_batchesSpanEveryMaster_busWorks_andCloseLeavesTheClientOpen() {
    java.util.Set<redis.clients.jedis.HostAndPort> seeds = new java.util.HashSet<>();
    cluster.nodes().forEach(node -> seeds.add(new redis.clients.jedis.HostAndPort("127.0.0.1", node.port())));
    redis.clients.jedis.JedisClientConfig config = redis.clients.jedis.DefaultJedisClientConfig.builder().build();
    try (redis.clients.jedis.RedisClusterClient app = redis.clients.jedis.RedisClusterClient.builder().nodes(seeds)
        .clientConfig(config).build()) {
      RedisTier tier = RedisTier.using(app, config, Clock.systemUTC());
      RedisTier other = tier();
      RedisTierTest.RecordingListener listener = new RedisTierTest.RecordingListener();
      tier.invalidationBus().orElseThrow().subscribe(listener);
      await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);
      Map<String, TierEntry> batch = batch("own", 60);

      tier.putAll(batch);

      assertThat(keysPerNode()).as("keys landed on every master").allMatch(n -> n > 0);
      assertThat(tier.getAll(List.copyOf(batch.keySet())).keySet()).containsExactlyElementsOf(batch.keySet());
      assertThat(tier.usage().details()).containsEntry("masters", "3").containsEntry("db_keys", "60");
      other.invalidationBus().orElseThrow().publish(new Invalidation("b", List.of("ta:own:x"), List.of(), false));
      await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
      assertThat(tier.removeNamespace(CacheKey.namespacePrefix("own"))).isEqualTo(60);

      tier.close();
      app.set("app:key", "still works");
      assertThat(app.get("app:key")).isEqualTo("still works");
    }
  }

  @Test
  void putAllAndAppend_aOneMasterWriteIsLoggedByThatMaster_aWiderOneOnceEveryMasterAnswered() {
    RedisTier tier = tier();
    InvalidationLog reader = tier().invalidationLog().orElseThrow();
    String start = reader.append("logged", MARKER);
    Map<String, TierEntry> singles = batch("logged", 30);
    singles.forEach((key, entry) -> assertThat(tier.putAllAndAppend(Map.of(key, entry),
        Map.of("logged", new Invalidation("me", List.of(key), List.of(), false)))).isTrue());

    assertThat(keysPerNode()).as("keys landed on every master").allMatch(n -> n > 0);
    for (int i = 0; i < cluster.nodes().size(); i++) {
      try (Jedis node = cluster.jedis(i)) {
        assertThat(loggedKeys(node)).as("master %d logs exactly the keys it stores", i).isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(node.keys("ta:*"));
      }
    }
    assertThat(tier.usage().details()).containsEntry("log_appended", "30");

    Map<String, TierEntry> batch = new LinkedHashMap<>(batch("wide", 300));
    Map<String, Long> lengths = streamLengths();
    assertThat(tier.putAllAndAppend(batch, Map.of("logged",
        new Invalidation("me", List.copyOf(batch.keySet()), List.of(), false)))).isTrue();
    assertThat(tier.getAll(List.copyOf(batch.keySet()))).hasSize(300);
    Map<String, Long> grown = streamLengths();
    grown.replaceAll((stream, length) -> length - lengths.getOrDefault(stream, 0L));
    grown.values().removeIf(length -> length == 0);
    assertThat(grown).as("one entry, on the namespace's first stream, no markers")
        .containsExactly(Map.entry(RedisInvalidationLog.PREFIX + "logged", 1L));
    assertThat(tier.usage().details()).containsEntry("log_appended", "31");

    List<String> read = new ArrayList<>();
    List<InvalidationLog.Entry> page = reader.readAfter("logged", start, 100);
    page.forEach(entry -> read.addAll(entry.invalidation().keys()));
    assertThat(page).hasSize(31);
    assertThat(read).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(singles.keySet().stream(), batch.keySet().stream()).toList());
    assertThat(reader.readAfter("logged", page.get(30).position(), 10)).isEmpty();
  }

  private static List<String> loggedKeys(Jedis node) {
    List<String> logged = new ArrayList<>();
    for (String stream : node.keys(RedisInvalidationLog.PREFIX + "*")) {
      node.xrange(stream, "-", "+").forEach(entry -> logged.addAll(
          InvalidationMessages.decode(entry.getFields().get("m")).keys()));
    }
    return logged;
  }

  private static Map<String, Long> streamLengths() {
    Map<String, Long> lengths = new java.util.HashMap<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      try (Jedis node = cluster.jedis(i)) {
        node.keys(RedisInvalidationLog.PREFIX + "*").forEach(stream -> lengths.put(stream, node.xlen(stream)));
      }
    }
    return lengths;
  }

  @Test
  void putAllAndAppend_aMastersMessageNeverPrecedesItsOwnStore_whileAnotherMasterIsAlreadyDone() throws Exception {
    RedisTier writer = (RedisTier) new RedisCacheProvider().open(TierSettings.of(Map.of(
        RedisCacheProvider.CLUSTER_NODES, cluster.seeds(), RedisCacheProvider.TIMEOUT, "5s"), Clock.systemUTC()));
    tiers.add(writer);
    RedisTier reader = tier();
    Map<String, TierEntry> old = batch("paused", 40);
    writer.putAll(old);
    String paused = old.keySet().iterator().next();
    int pausedNode = cluster.masterOf(paused);
    String elsewhere = old.keySet().stream().filter(key -> cluster.masterOf(key) != pausedNode).findFirst()
        .orElseThrow();
    Map<String, String> seenOnReceipt = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch elsewhereAnnounced = new java.util.concurrent.CountDownLatch(1);
    reader.invalidationBus().orElseThrow().subscribe(new InvalidationBus.Listener() {
      @Override
      public void onInvalidation(Invalidation invalidation) {
        invalidation.keys().forEach(key -> {
          TierEntry now = reader.get(key); // what a receiver that drops its copy reads back
          seenOnReceipt.put(key, now == null ? "none" : new String(now.value(), UTF_8));
          if (key.equals(elsewhere)) {
            elsewhereAnnounced.countDown();
          }
        });
      }

      @Override
      public void onResubscribed() {
        seenOnReceipt.put("subscribed", "yes");
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> seenOnReceipt.containsKey("subscribed"));
    long now = System.currentTimeMillis();
    TierEntry update = new TierEntry("new".getBytes(UTF_8), now, now + 60_000);
    java.util.concurrent.CompletableFuture<Boolean> write;
    try (Jedis node = cluster.jedis(pausedNode)) {
      node.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "4000", "WRITE");
      try {
        write = java.util.concurrent.CompletableFuture.supplyAsync(() -> writer.putAllAndAppend(Map.of(paused,
            update), Map.of("paused", new Invalidation("writer", List.of(paused), List.of(), false))));
        assertThat(writer.putAllAndAppend(Map.of(elsewhere, update),
            Map.of("paused", new Invalidation("writer", List.of(elsewhere), List.of(), false)))).isTrue();
        assertThat(elsewhereAnnounced.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(seenOnReceipt).as("the other master's key was announced, stored")
            .containsEntry(elsewhere, "new").doesNotContainKey(paused);
      } finally {
        node.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNPAUSE");
      }
    }
    assertThat(write.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> seenOnReceipt.containsKey(paused));
    assertThat(seenOnReceipt).as("announced only once stored").containsEntry(paused, "new");
  }

  @Test
  void invalidationLog_readsEveryShardPageByPage_andAnyShardTrimmedPastThePositionMeansGone() {
    RedisTier tier = tier();
    InvalidationLog log = tier.invalidationLog().orElseThrow();
    String start = log.append("paged", MARKER);
    Map<String, TierEntry> batch = batch("paged", 30);
    for (String key : batch.keySet()) { // one entry per key, on the shard of the key's master
      tier.putAllAndAppend(Map.of(key, batch.get(key)),
          Map.of("paged", new Invalidation("me", List.of(key), List.of(), false)));
    }

    List<String> read = new ArrayList<>();
    String position = start;
    List<InvalidationLog.Entry> page;
    do {
      page = log.readAfter("paged", position, 7);
      for (InvalidationLog.Entry entry : page) {
        read.addAll(entry.invalidation().keys());
        position = entry.position();
      }
    } while (page.size() == 7);
    assertThat(read).containsExactlyInAnyOrderElementsOf(batch.keySet());

    assertThatThrownBy(() -> log.readAfter("paged", "0-1", 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass a position this log returned");
    int shards = RedisInvalidationLog.SHARDS + 1;
    assertThat(start.split(",")).hasSize(shards);
    try (redis.clients.jedis.RedisClusterClient raw = redis.clients.jedis.RedisClusterClient.builder()
        .nodes(java.util.Set.of(new redis.clients.jedis.HostAndPort("127.0.0.1", cluster.nodes().get(0).port())))
        .build()) {
      String shard = RedisInvalidationLog.PREFIX + "{s0}paged";
      assertThat(raw.exists(shard)).as(shard + " is a shard").isTrue();
      raw.xtrim(shard, 0, false);
    }
    assertThat(log.readAfter("paged", position, 7)).as("one shard lost the position").isNull();
  }

  @Test
  void invalidationLog_followsAReshardingTheClientsSlotMapMissed_inAppendsAndReads() {
    InvalidationLog log = tier().invalidationLog().orElseThrow();
    String start = log.append("moved", MARKER); // the tier's client now holds the slot map
    String shard = RedisInvalidationLog.PREFIX + "{s0}moved";
    int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(shard);
    int from = cluster.masterOf(shard);

    cluster.moveSlot(slot, from, (from + 1) % 3); // behind the tier's back: its pipelines meet MOVED
    assertThat(log.readAfter("moved", start, 10)).as("the shard's entries moved with it").isEmpty();
    cluster.moveSlot(slot, (from + 1) % 3, from);
    log.append("moved", new Invalidation("other", List.of("ta:moved:x"), List.of(), false));

    List<InvalidationLog.Entry> read = log.readAfter("moved", start, 10);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).invalidation().keys()).containsExactly("ta:moved:x");
  }

  @Test
  void putAllAndAppend_aShardMovedBehindTheClientsBack_theAppendIsMadeOnTheFirstStreamInstead() {
    RedisTier writer = tier();
    InvalidationLog reader = tier().invalidationLog().orElseThrow();
    String key = batch("resharded", 1).keySet().iterator().next();
    TierEntry entry = batch("resharded", 1).values().iterator().next();
    Map<String, Invalidation> append = Map.of("resharded", new Invalidation("me", List.of(key), List.of(), false));
    assertThat(writer.putAllAndAppend(Map.of(key, entry), append)).isTrue();
    int master = cluster.masterOf(key);
    String shard;
    try (Jedis node = cluster.jedis(master)) {
      shard = node.keys(RedisInvalidationLog.PREFIX + "*").stream()
          .filter(stream -> node.xlen(stream) == 1).findFirst().orElseThrow();
    }
    String start = reader.append("resharded", MARKER);
    int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(shard);
    cluster.moveSlot(slot, master, (master + 1) % 3);

    assertThat(writer.putAllAndAppend(Map.of(key, entry), append)).as("appended all the same").isTrue();

    List<InvalidationLog.Entry> read = reader.readAfter("resharded", start, 10);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).invalidation().keys()).containsExactly(key);
    cluster.moveSlot(slot, (master + 1) % 3, master);
  }

  @Test
  void twoCaches_anInstanceThatMissedTheMessagesCatchesUpFromTheShards_oneKeyAndWideWrites() {
    List<io.tradingagents.cache.AdaptiveCache> caches = new ArrayList<>();
    List<ObservedTier> observed = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ObservedTier tier = new ObservedTier(tier());
      caches.add(io.tradingagents.cache.AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
          .tier(tier).probeInterval(Duration.ofMillis(100)).build());
      observed.add(tier);
      await().atMost(Duration.ofSeconds(5)).until(() -> tier.subscriptions.get() >= 1);
    }
    try {
      io.tradingagents.cache.AdaptiveCache a = caches.get(0);
      io.tradingagents.cache.AdaptiveCache b = caches.get(1);
      List<CacheKey> keys = java.util.stream.IntStream.range(0, 21)
          .mapToObj(i -> CacheKey.builder(DataKind.NEWS, "C" + i).namespace("caught").build()).toList();
      keys.forEach(key -> a.put(key, "old"));
      List<Invalidation> received = observed.get(1).received;
      await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().mapToInt(m -> m.keys().size()).sum()
          == 21); // B acted on A's messages before it reads (a late one would drop its copy)
      assertThat(b.getAll(keys, String.class).values()).containsOnly("old").hasSize(21); // now in B's memory
      observed.get(1).deaf = true;
      int heard = received.size();

      int firstStreamsMaster = cluster.masterOf(RedisInvalidationLog.PREFIX + "caught");
      CacheKey single = keys.stream().filter(key -> cluster.masterOf(key.asString()) != firstStreamsMaster)
          .findFirst().orElseThrow();
      a.put(single, "new"); // a one-master write: logged on a shard of its master, not on ta-log:caught
      Map<CacheKey, String> wide = new LinkedHashMap<>();
      keys.stream().filter(key -> !key.equals(single)).forEach(key -> wide.put(key, "new"));
      a.putAll(wide); // across masters: logged on ta-log:caught

      assertThat(b.get(single, String.class)).as("B missed the messages, serves memory").isEqualTo("old");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> keys.stream().allMatch(key -> "new".equals(b.get(key, String.class))));
      assertThat(received).as("the bus told B nothing more").hasSize(heard);
    } finally {
      caches.forEach(io.tradingagents.cache.AdaptiveCache::close);
    }
  }

  @Test
  void lockAll_takesAndReleasesLocksOnEveryMaster() {
    DistributedLock lock = tier().distributedLock().orElseThrow();
    DistributedLock other = tier().distributedLock().orElseThrow();
    List<String> names = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "load:S" + i).toList();
    assertThat(other.tryAcquire("load:S7", Duration.ofMinutes(1))).isNotNull();

    Map<String, DistributedLock.Lease> taken = lock.tryAcquireAll(names, Duration.ofMinutes(1));

    assertThat(taken).hasSize(299).doesNotContainKey("load:S7");
    assertThat(keysPerNode()).as("locks on every master").allMatch(n -> n > 0);
    lock.releaseAll(taken.values());
    assertThat(keysPerNode().stream().mapToLong(Long::longValue).sum()).as("only the other owner's lock left")
        .isEqualTo(1);
  }

  @Test
  void lockAndBus_workThroughTheCluster() {
    RedisTier first = tier();
    RedisTier second = tier();
    DistributedLock.Lease lease = first.distributedLock().orElseThrow().tryAcquire("job", Duration.ofMinutes(1));
    assertThat(lease).isNotNull();
    assertThat(second.distributedLock().orElseThrow().tryAcquire("job", Duration.ofMinutes(1))).isNull();
    lease.close();
    assertThat(second.distributedLock().orElseThrow().tryAcquire("job", Duration.ofMinutes(1))).isNotNull();

    RedisTierTest.RecordingListener listener = new RedisTierTest.RecordingListener();
    second.invalidationBus().orElseThrow().subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);
    Invalidation sent = new Invalidation("instance-a", List.of("ta:default:NEWS:US:AAPL"), List.of(), false);
    for (int i = 0; i < 3; i++) { // from whichever node each publish lands on
      first.invalidationBus().orElseThrow().publish(sent);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 3);
  }

  @Test
  void invalidationLog_worksThroughTheCluster_oneStreamPerNamespace_andEachAppendWakesTheBus() {
    RedisTier first = tier();
    RedisTier second = tier();
    RedisTierTest.RecordingListener listener = new RedisTierTest.RecordingListener();
    second.invalidationBus().orElseThrow().subscribe(listener);
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.subscriptions.get() == 1);
    io.tradingagents.cache.spi.InvalidationLog log = first.invalidationLog().orElseThrow();
    java.util.Map<String, String> positions = new java.util.HashMap<>();
    List<String> namespaces = List.of("a", "b", "c", "d", "e", "f"); // streams on several masters
    for (String namespace : namespaces) {
      positions.put(namespace, log.append(namespace, new Invalidation("marker", List.of(), List.of(), false)));
    }
    for (String namespace : namespaces) {
      log.append(namespace, new Invalidation("instance-a", List.of("ta:" + namespace + ":NEWS:US:AAPL"),
          List.of(), false));
    }

    io.tradingagents.cache.spi.InvalidationLog other = second.invalidationLog().orElseThrow();
    for (String namespace : namespaces) {
      List<io.tradingagents.cache.spi.InvalidationLog.Entry> read = other.readAfter(namespace,
          positions.get(namespace), 10);
      assertThat(read).as(namespace).hasSize(1);
      assertThat(read.get(0).invalidation().keys()).containsExactly("ta:" + namespace + ":NEWS:US:AAPL");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 2 * namespaces.size());
  }
}
