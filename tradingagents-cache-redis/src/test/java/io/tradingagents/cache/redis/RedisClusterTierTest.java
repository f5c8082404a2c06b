package io.tradingagents.cache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
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
  void putAllAndAppend_entriesOnEveryMaster_thenTheAppend() {
    RedisTier tier = tier();
    Map<String, TierEntry> batch = batch("logged", 300);

    boolean appended = tier.putAllAndAppend(batch, Map.of("logged",
        new Invalidation("me", List.copyOf(batch.keySet()), List.of(), false)));

    assertThat(appended).isTrue();
    assertThat(keysPerNode()).as("keys landed on every master").allMatch(n -> n > 0);
    assertThat(tier.getAll(List.copyOf(batch.keySet()))).hasSize(300);
    assertThat(tier.usage().details()).containsEntry("log_appended", "1");
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
