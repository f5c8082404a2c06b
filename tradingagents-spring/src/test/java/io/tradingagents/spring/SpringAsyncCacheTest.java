package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tradingagents.cache.redis.RedisProcess;
import io.tradingagents.spring.QuoteService.Quote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @Cacheable} methods returning {@code CompletableFuture} ({@code Cache.retrieve}), in this test's
 * application context and a second one, on one real {@code redis-server}.
 */
@SpringBootTest(classes = TestApplication.class)
@DirtiesContext
class SpringAsyncCacheTest {
  private static final RedisProcess redis = RedisProcess.launch();
  private static ConfigurableApplicationContext second;

  @Autowired AsyncQuoteService service;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("tradingagents.cache.redis.host", () -> "127.0.0.1");
    registry.add("tradingagents.cache.redis.port", redis::port);
  }

  @BeforeAll
  static void startSecondInstance() {
    second = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
        .properties("tradingagents.cache.redis.host=127.0.0.1", "tradingagents.cache.redis.port=" + redis.port())
        .run();
  }

  @AfterAll
  static void stop() {
    second.close();
    redis.close();
  }

  private static AsyncQuoteService other() {
    return second.getBean(AsyncQuoteService.class);
  }

  @Test
  void cacheableSync_concurrentCallers_shareOneCallOfTheMethod_andNoCallerWaits() throws Exception {
    int callers = 100;
    CompletableFuture<Quote> upstream = new CompletableFuture<>();
    service.answer("AAPL", upstream);
    int before = service.calls();

    // Every call returns at once on this one thread while the method's future is pending: no caller waits.
    List<CompletableFuture<Quote>> results = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      List<CompletableFuture<Quote>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(service.quote("AAPL"));
      }
      return futures;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> service.calls() - before == 1);
    assertThat(results).noneMatch(CompletableFuture::isDone);

    results.get(0).cancel(false); // one caller gives up: the shared load goes on for the others
    Quote quote = new Quote("AAPL", "upstream");
    upstream.complete(quote);

    for (CompletableFuture<Quote> result : results.subList(1, callers)) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(quote);
    }
    assertThat(results.get(0)).isCancelled();
    assertThat(service.quote("AAPL").get(10, TimeUnit.SECONDS)).as("cached").isEqualTo(quote);
    assertThat(service.calls() - before).isEqualTo(1);
    int otherBefore = other().calls();
    assertThat(other().quote("AAPL").get(10, TimeUnit.SECONDS)).as("read from Redis").isEqualTo(quote);
    assertThat(other().calls()).isEqualTo(otherBefore);
  }

  @Test
  void cacheableSync_genericValue_roundTripsThroughRedisWithItsFullType() throws Exception {
    List<Quote> first = service.quotes("GNRC").get(10, TimeUnit.SECONDS);
    int otherBefore = other().calls();

    List<Quote> second = other().quotes("GNRC").get(10, TimeUnit.SECONDS);

    assertThat(second).isEqualTo(first).hasSize(2);
    assertThat(second.get(0)).isInstanceOf(Quote.class); // not a map
    assertThat(other().calls()).as("read from Redis, not loaded").isEqualTo(otherBefore);
  }

  @Test
  void cacheableWithoutSync_readsThroughRetrieve_andStoresWhatTheFutureCompletesWith() throws Exception {
    int before = service.calls();
    Quote first = service.quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS);

    assertThat(service.quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS)).isEqualTo(first);
    assertThat(service.calls() - before).isEqualTo(1);
    int otherBefore = other().calls();
    // The put happens when the method's future completes; the other instance reads it from Redis.
    assertThat(other().quoteUnsynchronized("AMD").get(10, TimeUnit.SECONDS)).isEqualTo(first);
    assertThat(other().calls()).isEqualTo(otherBefore);
  }

  @Test
  void cacheableSync_failedFuture_reachesTheCallerAsTheMethodsOwnException() {
    IllegalStateException failure = new IllegalStateException("upstream down");
    service.answer("FAIL", CompletableFuture.failedFuture(failure));

    assertThatThrownBy(() -> service.quote("FAIL").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
  }

  @Test
  void cacheableSync_nullResult_isRememberedAsNoData() throws Exception {
    service.answer("NONE", CompletableFuture.completedFuture(null));
    int before = service.calls();

    assertThat(service.quote("NONE").get(10, TimeUnit.SECONDS)).isNull();
    assertThat(service.quote("NONE").get(10, TimeUnit.SECONDS)).isNull();

    assertThat(service.calls() - before).as("the second call is answered by the negative entry").isEqualTo(1);
  }
}
