package io.tradingagents.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.monitoring.CacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A Prometheus scrape of a cache whose Redis server is healthy, then frozen (SIGSTOP of a real
 * {@code redis-server}): the scrape sends Redis nothing (the server's own command statistics show it) and,
 * frozen, returns at once and reports the tier unavailable once the breaker opened.
 */
class RedisScrapeTest {
  private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)");
  private static RedisProcess server;

  @BeforeAll
  static void startServer() {
    server = RedisProcess.launch();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** @return calls per command since start-up, from the server's INFO commandstats */
  private static Map<String, Long> commandCalls() {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      Map<String, Long> calls = new TreeMap<>();
      Matcher m = CALLS.matcher(jedis.info("commandstats"));
      while (m.find()) {
        calls.put(m.group(1), Long.parseLong(m.group(2)));
      }
      return calls;
    }
  }

  /** @return {@link #commandCalls()} once two reads 100 ms apart agree (but for the INFO reading them) */
  private static Map<String, Long> settledCommandCalls() {
    java.util.concurrent.atomic.AtomicReference<Map<String, Long>> last =
        new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          Map<String, Long> now = commandCalls();
          Map<String, Long> previous = last.getAndSet(now);
          Map<String, Long> expected = new TreeMap<>(previous);
          expected.merge("info", 1L, Long::sum);
          return now.containsKey("subscribe") && now.equals(expected);
        });
    return commandCalls();
  }

  private static double available(PrometheusMeterRegistry registry) {
    String line = registry.scrape().lines()
        .filter(l -> l.startsWith("tradingagents_cache_tier_available{") && l.contains("tier=\"redis\""))
        .findFirst().orElseThrow();
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void scrape_sendsRedisNoCommand_andWhileFrozenReturnsAtOnceWithTheTierUnavailable() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
        .probeInterval(Duration.ofMinutes(1))
        .tier(new RedisCacheProvider().open(TierSettings.of(Map.of(RedisCacheProvider.HOST, "127.0.0.1",
            RedisCacheProvider.PORT, String.valueOf(server.port())), Clock.systemUTC())))
        .build()) {
      new CacheMetrics(cache, "quotes").bindTo(registry);
      cache.put(CacheKey.of(DataKind.NEWS, "AAPL"), "digest");
      cache.get(CacheKey.of(DataKind.NEWS, "MSFT"), String.class);

      // The bus subscribes and catches up with the log on threads of its own: let that settle first, so
      // that every command counted below could only have come from a scrape.
      Map<String, Long> before = settledCommandCalls();
      for (int i = 0; i < 3; i++) {
        assertThat(available(registry)).isEqualTo(1);
      }
      Map<String, Long> after = commandCalls();
      before.merge("info", 1L, Long::sum); // the first INFO itself
      assertThat(after).as("commands the server ran across three scrapes").isEqualTo(before);

      server.pause();
      try {
        for (int i = 0; i < 5; i++) { // operation timeouts open the breaker after a few calls
          cache.get(CacheKey.of(DataKind.NEWS, "K" + i), String.class);
        }
        double frozen = assertTimeoutPreemptively(Duration.ofMillis(100), () -> available(registry),
            "a scrape while Redis is frozen must not wait on it");
        assertThat(frozen).isEqualTo(0);
      } finally {
        server.resume();
      }
    }
  }
}
