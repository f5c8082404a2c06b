package io.tradingagents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Quick mode: every benchmark runs once, briefly and in this JVM, under the README's test command, so the
 * benchmarks never rot. The figures are meaningless here; the full run is documented in
 * docs/benchmarks.md. The Redis, MongoDB and outage benchmarks start their own servers (the redis-server
 * binary inside the embedded-redis jar, mongo-java-server in this JVM), so nothing needs installing.
 * The correctness figures are checked: one upstream call per load storm, on one instance and across two
 * sharing Redis; the Redis-hit benchmark through the cache really misses the in-process tier; and every
 * key a batch benchmark asked for was found, on one server and on the Cluster. The Cluster batch benchmark
 * runs separately at 10 keys per batch (at 1 a batch touches one node only).
 */
class BenchmarksSmokeTest {
  private static final String CLUSTER_BATCH = "io\\.tradingagents\\.benchmarks\\.RedisClusterBatchBenchmark\\.";

  @Test
  void everyBenchmarkRuns_andEveryLoadStormCallsTheUpstreamOnce() throws Exception {
    Options quick = quick()
        .include("io\\.tradingagents\\.benchmarks\\..*")
        .exclude(CLUSTER_BATCH)
        .param("entries", "1000") // the file tier and the in-process curves at 1,000 entries only
        .param("batch", "1") // the Redis batch curve at its smallest batch only
        .build();
    Options quickCluster = quick()
        .include(CLUSTER_BATCH)
        .param("batch", "10") // one batch size only, one that spans the three masters
        .build();

    Collection<RunResult> results = new ArrayList<>(new Runner(quick).run());
    results.addAll(new Runner(quickCluster).run());

    assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
        .contains("adaptiveCache", "caffeineSameConfig", "fileTierHit", "rawReadAllBytes", "fileTierAtomicWrite",
            "rawWrite", "putCrossingCap", "putBelowCap", "buildKey", "buildKeyReusedBuilder", "concatenateFields",
            "buildKeyNewRange", "concatenateFieldsNewRange", "storm",
            "redisTierGet", "rawJedisGet", "adaptiveCacheMemoryMissed", "redisTierGetAll100",
            "redisTierGet100Singles", "rawJedisMget100", "cacheGetAll", "rawMgetDecode", "cachePutAll",
            "rawPipelinedSetPx", "rawPipelinedSetPxAndLog", "rawPipelinedSetPxAndLogDelivered", "rawClusterGetDecode",
            "rawClusterPipelinedSetPx", "rawClusterPipelinedSetPxThenLog",
            "rawClusterPipelinedSetPxAndLogDelivered", "mongoTierGet", "rawDriverFind",
            "readWhileRedisDown",
            "readWithoutRedis", "recoveryAfterRestart", "crossInstanceStorm", "springCacheGet",
            "springCacheGetWithLoader", "springCacheGetMethodKey", "directAdaptiveGet", "directAdaptiveGetWithLoader",
            "getAll100Bulk", "get100Singles",
            "adaptiveHit", "caffeineHit", "adaptiveMissLoad", "caffeineMissLoad", "buildKeyOnly",
            "mixAll", "mixRead", "mixWrite", "adaptiveDefault", "adaptiveFlatTtl", "adaptiveFlatTtlStringValue",
            "caffeine", "caffeineSameThread", "caffeineStringValue", "marketExpiryOnly");
    assertThat(results.stream().filter(r -> r.getParams().getBenchmark().endsWith(".mixAll"))
        .map(r -> r.getParams().getParam("impl")).toList())
        .containsExactlyInAnyOrder("adaptive", "handRolled", "caffeineOnly");

    Map<String, Double> storm = counters(results, LoadStormBenchmark.class, "storm");
    assertThat(storm.get("storms")).isPositive();
    assertThat(storm.get("upstreamCalls")).isEqualTo(storm.get("storms"));

    Map<String, Double> crossInstance = counters(results, CrossInstanceLoadStormBenchmark.class,
        "crossInstanceStorm");
    assertThat(crossInstance.get("storms")).isPositive();
    assertThat(crossInstance.get("upstreamCalls")).isEqualTo(crossInstance.get("storms"));

    Map<String, Double> batch = counters(results, RedisBatchBenchmark.class, "cacheGetAll");
    assertThat(batch.get("asked")).isPositive();
    assertThat(batch.get("found")).as("keys getAll found").isEqualTo(batch.get("asked"));

    assertThat(results.stream().filter(r -> r.getParams().getBenchmark().startsWith(
        RedisClusterBatchBenchmark.class.getName() + ".")).map(r -> r.getParams().getParam("batch")).toList())
        .as("batch sizes the Cluster benchmarks ran at").containsExactly("10", "10", "10", "10", "10", "10");
    Map<String, Double> clusterBatch = counters(results, RedisClusterBatchBenchmark.class, "cacheGetAll");
    assertThat(clusterBatch.get("asked")).isPositive();
    assertThat(clusterBatch.get("found")).as("keys getAll found on the Cluster")
        .isEqualTo(clusterBatch.get("asked"));

    Map<String, Double> redisHit = counters(results, RedisTierHitBenchmark.class, "adaptiveCacheMemoryMissed");
    double reads = redisHit.get("reads");
    assertThat(reads).isPositive();
    assertThat(redisHit.get("misses")).as("reads that found no value").isZero();
    assertThat(redisHit.get("memoryHits")).as("reads the in-process tier (switched off) answered, of %s", reads)
        .isZero();
  }

  /** @return one short measured iteration of each benchmark, in this JVM, failing on any error */
  private static ChainedOptionsBuilder quick() {
    return new OptionsBuilder()
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true);
  }

  private static Map<String, Double> counters(Collection<RunResult> results, Class<?> benchmark, String method) {
    String name = benchmark.getName() + "." + method;
    RunResult run = results.stream().filter(r -> r.getParams().getBenchmark().equals(name)).findFirst()
        .orElseThrow();
    Map<String, Double> scores = new HashMap<>();
    run.getSecondaryResults().forEach((counter, result) -> scores.put(counter, result.getScore()));
    return scores;
  }
}
