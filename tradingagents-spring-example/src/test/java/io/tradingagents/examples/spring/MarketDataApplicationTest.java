package io.tradingagents.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.examples.spring.Upstream.Headlines;
import io.tradingagents.examples.spring.Upstream.Quote;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example application, with its file tier in a temporary directory and its start-up demo off. */
@SpringBootTest(properties = "market-data.demo=false")
class MarketDataApplicationTest {
  @TempDir static Path dir;

  @Autowired MarketDataService service;
  @Autowired Upstream upstream;
  @Autowired AdaptiveCache cache;
  @Autowired HealthIndicator tradingagentsHealthIndicator;

  @DynamicPropertySource
  static void files(DynamicPropertyRegistry registry) {
    registry.add("tradingagents.cache.dir", () -> dir.toString());
  }

  @Test
  void secondRound_isAnsweredByTheCache() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int before = upstream.calls();

    MarketDataApplication.report(service, upstream, cache, tradingagentsHealthIndicator,
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(upstream.calls() - before).isEqualTo(4);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("round 2: upstream calls so far " + upstream.calls())
        .contains("mode standard").contains("health UP");
  }

  @Test
  void cacheUpdateAndRefresh_reachTheCache() {
    Quote pushed = new Quote("MSFT", 1.0, "USD");
    service.update(pushed);
    assertThat(service.quote("MSFT")).isEqualTo(pushed);

    service.refresh("MSFT");

    assertThat(service.quote("MSFT")).isNotEqualTo(pushed);
  }

  @Test
  void newsCache_storesTheNewsKind() {
    Headlines headlines = service.headlines("TSLA");

    assertThat(cache.get(CacheKey.builder(DataKind.NEWS, "TSLA").namespace("news").build(), Headlines.class))
        .isEqualTo(headlines);
  }
}
