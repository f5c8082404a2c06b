package io.tradingagents.examples.spring;

import io.tradingagents.cache.AdaptiveCache;
import java.io.PrintStream;
import java.time.LocalDate;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application on the tradingagents cache: {@code tradingagents-spring} on the class path and
 * {@code @EnableCaching} are all it takes; the settings are in {@code application.yml}. It asks the
 * service for the same data twice and prints how many calls reached the upstream, the cache's mode and
 * its health. Run it from the repository root with
 * {@code mvn -B -q -DskipTests -Pspring-example package}; set {@code REDIS_HOST} to add Redis.
 */
@SpringBootApplication
@EnableCaching
public class MarketDataApplication {

  /** @param args Spring Boot arguments, e.g. {@code --tradingagents.cache.redis.host=localhost} */
  public static void main(String[] args) {
    SpringApplication.run(MarketDataApplication.class, args).close();
  }

  /**
   * @param service the cached service
   * @param upstream the upstream it calls
   * @param cache the cache behind Spring's caches
   * @param health the cache's health indicator
   * @return the demonstration, run once at start-up unless {@code market-data.demo=false}
   */
  @Bean
  @ConditionalOnProperty(name = "market-data.demo", matchIfMissing = true)
  ApplicationRunner demo(MarketDataService service, Upstream upstream, AdaptiveCache cache,
      HealthIndicator tradingagentsHealthIndicator) {
    return args -> report(service, upstream, cache, tradingagentsHealthIndicator, System.out);
  }

  static void report(MarketDataService service, Upstream upstream, AdaptiveCache cache, HealthIndicator health,
      PrintStream out) {
    LocalDate to = LocalDate.of(2026, 11, 27);
    LocalDate from = to.minusDays(4);
    for (int round = 1; round <= 2; round++) {
      service.quote("AAPL");
      service.quote("600519");
      service.history("0700.HK", from, to, "yfinance");
      service.headlines("NVDA");
      out.printf("round %d: upstream calls so far %d%n", round, upstream.calls());
    }
    out.printf("mode %s, hit rate %.2f, health %s%n", cache.performanceMode().name().toLowerCase(java.util.Locale.ROOT),
        cache.stats().hitRate(), health.health().getStatus());
  }
}
