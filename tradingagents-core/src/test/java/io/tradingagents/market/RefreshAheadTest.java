package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.internal.DefaultAdaptiveCache;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.cache.testing.SharedMemoryTier;
import io.tradingagents.monitoring.CacheInstrumentation;
import io.tradingagents.monitoring.CacheMetrics;
import io.tradingagents.monitoring.CacheInstrumentation.Counter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead driven by an injected clock: rounds run with {@link DefaultAdaptiveCache#refreshNow()}
 * (the background round's tick is an hour, so it never runs during a test).
 */
class RefreshAheadTest {
  /** Wednesday 2026-03-04 10:00 New York: the US market trades. */
  private static final Instant WEDNESDAY_10AM = Instant.parse("2026-03-04T15:00:00Z");
  /** Friday 2026-03-06 17:00 New York: after the close. */
  private static final Instant FRIDAY_5PM = Instant.parse("2026-03-06T22:00:00Z");
  /** Monday 2026-03-09 09:30 New York (daylight saving time since Sunday). */
  private static final Instant MONDAY_OPEN = Instant.parse("2026-03-09T13:30:00Z");
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final TtlPolicy FLAT = TtlPolicy.builder().ttl(DataKind.NEWS, TTL)
      .staleWindow(DataKind.NEWS, Duration.ofHours(1)).build();

  private final MutableClock clock = new MutableClock(WEDNESDAY_10AM);
  private final List<AdaptiveCache> caches = new ArrayList<>();

  private RefreshAhead.Builder refresh(DataKind kind) {
    return RefreshAhead.builder().kinds(kind).lead(Duration.ofSeconds(30)).jitter(Duration.ZERO)
        .tick(Duration.ofHours(1));
  }

  private DefaultAdaptiveCache cache(RefreshAhead refresh, TtlPolicy policy, CacheTier tier) {
    AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .ttlPolicy(policy).tier(tier).probeInterval(Duration.ofMinutes(1)).refreshAhead(refresh).build();
    caches.add(cache);
    return (DefaultAdaptiveCache) cache;
  }

  private DefaultAdaptiveCache cache(RefreshAhead refresh, TtlPolicy policy) {
    return cache(refresh, policy, new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock));
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  /** A loader answering "v1", "v2", ... and counting its calls; throws while {@code failing} is set. */
  private static final class Upstream implements CacheLoader<String> {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public String load(CacheKey key) throws IOException {
      int call = calls.incrementAndGet();
      if (failing.get()) {
        throw new IOException("upstream answered 429");
      }
      return "v" + call;
    }
  }

  private static long count(AdaptiveCache cache, Counter counter) {
    return CacheInstrumentation.of(cache).orElseThrow().count(counter);
  }

  @Test
  void aHotKey_isReloadedShortlyBeforeItExpires_andReadersNeverWait() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).build(), FLAT);
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    Upstream upstream = new Upstream();
    assertThat(cache.get(key, String.class, upstream)).isEqualTo("v1");

    clock.advance(TTL.minusSeconds(31));
    assertThat(cache.refreshNow()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.refreshNow()).isEqualTo(1);

    assertThat(upstream.calls).hasValue(2);
    assertThat(cache.get(key, String.class, upstream)).isEqualTo("v2");
    assertThat(upstream.calls).hasValue(2);
    assertThat(cache.read(key, String.class).expiresAt()).isEqualTo(clock.instant().plus(TTL));
    assertThat(count(cache, Counter.REFRESHES)).isEqualTo(1);
  }

  @Test
  void reloads_stayWithinTheSourcesRateLimit() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).ratePerSecond("tushare", 2).ratePerSecond(100)
        .build(), FLAT);
    Upstream tushare = new Upstream();
    Upstream yfinance = new Upstream();
    for (int i = 0; i < 10; i++) {
      cache.get(CacheKey.builder(DataKind.NEWS, "SYM" + i).source("tushare").build(), String.class, tushare);
      cache.get(CacheKey.builder(DataKind.NEWS, "SYM" + i).source("yfinance").build(), String.class, yfinance);
    }
    clock.advance(TTL.minusSeconds(30));

    assertThat(cache.refreshNow()).isEqualTo(2 + 10); // tushare's bucket holds 2; yfinance's 100
    assertThat(cache.refreshNow()).isZero();
    clock.advance(Duration.ofMillis(500));
    assertThat(cache.refreshNow()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.refreshNow()).isEqualTo(2);

    assertThat(tushare.calls).hasValue(10 + 5);
    assertThat(yfinance.calls).hasValue(10 + 10);
    assertThat(count(cache, Counter.REFRESHES_RATE_LIMITED)).isEqualTo(8 + 8 + 7 + 5);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new CacheMetrics(cache, "market").bindTo(registry);
    assertThat(registry.get("tradingagents.cache.refreshes").tags("result", "rate_limited").functionCounter()
        .count()).isEqualTo(8 + 8 + 7 + 5);
    assertThat(registry.get("tradingagents.cache.refreshes").tags("result", "success").functionCounter()
        .count()).isEqualTo(5 + 10);
  }

  @Test
  void reloads_runAtMostMaxConcurrentAtOnce() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).maxConcurrent(3).ratePerSecond(100).build(), FLAT);
    Upstream upstream = new Upstream();
    for (int i = 0; i < 10; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "SYM" + i), String.class, upstream);
    }
    clock.advance(TTL.minusSeconds(30));
    List<Runnable> queued = new ArrayList<>();

    assertThat(cache.refreshNow(queued::add)).isEqualTo(3);
    assertThat(cache.refreshNow(queued::add)).isZero(); // three still running
    queued.remove(0).run();
    assertThat(cache.refreshNow(queued::add)).isEqualTo(1);
    queued.forEach(Runnable::run);
    queued.clear();
    assertThat(cache.refreshNow(queued::add)).isEqualTo(3);
    queued.forEach(Runnable::run);

    assertThat(upstream.calls).hasValue(10 + 7);
  }

  @Test
  void aFailedReload_keepsTheOldValue_andBacksOffExponentially() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).backoff(Duration.ofSeconds(5), Duration.ofSeconds(20))
        .build(), FLAT);
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    Upstream upstream = new Upstream();
    cache.get(key, String.class, upstream);
    upstream.failing.set(true);
    clock.advance(TTL.minusSeconds(30));

    List<Integer> attemptsAt = new ArrayList<>();
    for (int second = 0; second <= 29; second++) {
      if (cache.refreshNow() == 1) {
        attemptsAt.add(second);
      }
      assertThat(cache.get(key, String.class, upstream)).isEqualTo("v1"); // fresh: served without a call
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(attemptsAt).containsExactly(0, 5, 15); // waits of 5 s, then 10 s (the next is due at 35)
    assertThat(upstream.calls).hasValue(1 + 3);
    assertThat(count(cache, Counter.REFRESH_FAILURES)).isEqualTo(3);
    // expired now: the reader's own load fails too, and stale-on-error serves the old value
    assertThat(cache.get(key, String.class, upstream)).isEqualTo("v1");
    assertThat(cache.stats().staleServed()).isEqualTo(1);
  }

  @Test
  void whileClosed_anEntryLastingPastTheOpen_isReloadedShortlyBeforeTheOpen_notBefore() {
    clock.advance(Duration.between(WEDNESDAY_10AM, FRIDAY_5PM));
    MarketExpiryPolicy market = MarketExpiryPolicy.builder().openJitter(Duration.ZERO).build();
    DefaultAdaptiveCache cache = cache(refresh(DataKind.STOCK_DATA).hotWindow(Duration.ofDays(4)).build(),
        TtlPolicy.builder().expiry(DataKind.STOCK_DATA, market).build());
    CacheKey quote = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
    Upstream upstream = new Upstream();
    cache.get(quote, String.class, upstream);
    assertThat(cache.read(quote, String.class).expiresAt()).isEqualTo(MONDAY_OPEN.plusSeconds(60));

    for (Instant at : List.of(Instant.parse("2026-03-07T12:00:00Z"), Instant.parse("2026-03-08T23:00:00Z"),
        MONDAY_OPEN.minusSeconds(5 * 60 + 1))) {
      clock.advance(Duration.between(clock.instant(), at));
      assertThat(cache.refreshNow()).as("at %s", at).isZero();
    }
    clock.advance(Duration.ofSeconds(1)); // 09:25:00, five minutes before the open
    assertThat(cache.refreshNow()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.refreshNow()).isZero(); // reloaded once before the open, not again

    clock.advance(Duration.between(clock.instant(), MONDAY_OPEN.plusSeconds(30))); // 30 s before 09:31
    assertThat(cache.refreshNow()).isEqualTo(1);
    assertThat(upstream.calls).hasValue(3);
    assertThat(cache.read(quote, String.class).expiresAt()) // intraday now: 5 minutes
        .isEqualTo(MONDAY_OPEN.plusSeconds(30).plus(Duration.ofMinutes(5)));
  }

  @Test
  void whileClosed_anEntryExpiringBeforeTheOpen_isStillReloaded() {
    clock.advance(Duration.between(WEDNESDAY_10AM, FRIDAY_5PM));
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).build(), FLAT);
    CacheKey news = CacheKey.of(DataKind.NEWS, "AAPL");
    Upstream upstream = new Upstream();
    cache.get(news, String.class, upstream);

    clock.advance(TTL.minusSeconds(30));
    assertThat(cache.refreshNow()).isEqualTo(1);
    assertThat(cache.get(news, String.class)).isEqualTo("v2");
  }

  @Test
  void theHotSet_isBounded_andForgetsKeysNotRead() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).hotKeys(3).hotWindow(Duration.ofMinutes(5))
        .build(), FLAT);
    Upstream upstream = new Upstream();
    for (int i = 0; i < 10; i++) {
      cache.get(CacheKey.of(DataKind.NEWS, "SYM" + i), String.class, upstream);
    }
    cache.get(CacheKey.of(DataKind.FUNDAMENTALS, "AAPL"), String.class, upstream); // not a refreshed kind
    assertThat(cache.refreshHotKeys()).isBetween(1L, 3L);

    clock.advance(Duration.ofMinutes(5));
    assertThat(cache.refreshHotKeys()).isZero();
    clock.advance(TTL.minusMinutes(5).minusSeconds(30));
    assertThat(cache.refreshNow()).isZero();
    assertThat(upstream.calls).hasValue(11);
  }

  @Test
  void twoInstances_reloadAKeyOnce_theOtherSkipsWhileTheLockIsHeld() throws Exception {
    SharedMemoryTier server = new SharedMemoryTier(clock);
    RefreshAhead refresh = refresh(DataKind.NEWS).build();
    DefaultAdaptiveCache a = cache(refresh, FLAT, server.connection());
    DefaultAdaptiveCache b = cache(refresh, FLAT, server.connection());
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    CountDownLatch inLoader = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    CacheLoader<String> blocking = k -> {
      if (calls.incrementAndGet() > 1) {
        inLoader.countDown();
        release.await(30, TimeUnit.SECONDS);
      }
      return "v" + calls.get();
    };
    assertThat(a.get(key, String.class, blocking)).isEqualTo("v1");
    assertThat(b.get(key, String.class, blocking)).isEqualTo("v1"); // from the shared tier
    clock.advance(TTL.minusSeconds(30));

    Thread first = new Thread(a::refreshNow, "refresh-a");
    first.start();
    assertThat(inLoader.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(b.refreshNow()).isEqualTo(1); // started, and left to the holder of the lock
    release.countDown();
    first.join(30_000);

    assertThat(calls).hasValue(2);
    assertThat(count(b, Counter.REFRESHES_LOCKED)).isEqualTo(1);
    assertThat(b.get(key, String.class, blocking)).isEqualTo("v2");
    assertThat(b.refreshNow()).isZero();
    assertThat(calls).hasValue(2);
  }

  @Test
  void settings_areCheckedWhileRefreshAheadIsOff_backoffsNameTheBadOne_andMemoryOffIsRefused() {
    // A bad value fails now, not on the deploy that turns refresh-ahead (or market expiry) on.
    for (Map<String, String> environment : List.of(Map.of(RefreshAheadSettings.RATE, "fast"),
        Map.of(RefreshAheadSettings.KINDS, "none", RefreshAheadSettings.MAX_CONCURRENT, "0"),
        Map.of(MarketExpirySettings.KINDS, "none", MarketExpirySettings.INTRADAY_TTL, "abc"))) {
      assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false).environment(environment).build())
          .as("%s", environment).isInstanceOf(CacheConfigurationException.class)
          .hasMessageContaining(environment.keySet().stream()
              .filter(name -> !name.equals(RefreshAheadSettings.KINDS) && !name.equals(MarketExpirySettings.KINDS))
              .findFirst().orElseThrow());
    }
    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false).environment(Map.of(
        RefreshAheadSettings.KINDS, "news", RefreshAheadSettings.BACKOFF, "10m",
        RefreshAheadSettings.MAX_BACKOFF, "1m")).build())
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining(RefreshAheadSettings.MAX_BACKOFF).hasMessageContaining("'1m'")
        .hasMessageContaining(RefreshAheadSettings.BACKOFF + " (PT10M)");
    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false).environment(Map.of(
        RefreshAheadSettings.KINDS, "news", RefreshAheadSettings.BACKOFF, "2h")).build())
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining(RefreshAheadSettings.BACKOFF + " must be").hasMessageContaining("'2h'");
    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false).environment(Map.of(
        RefreshAheadSettings.KINDS, "stock_data", "TA_CACHE_MEMORY_ENABLED", "false")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("in-process tier")
        .hasMessageContaining(RefreshAheadSettings.KINDS + "=none");
  }

  @Test
  void aKindNameCloseToABuiltInOne_isTakenAsTheApplicationsOwn_withOneWarningNamingTheBuiltIn() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(MarketExpirySettings.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      caches.add(AdaptiveCache.builder().discoverTiers(false).environment(Map.of(
          RefreshAheadSettings.KINDS, "stok_data,my_kind")).build());
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .containsExactly("TA_CACHE_REFRESH_AHEAD names the data kind 'stok_data', taken as a kind of the "
            + "application's own; did you mean stock_data?");
  }

  @Test
  void settings_configureRefreshAhead_andAMalformedOneIsRefusedByName() {
    AdaptiveCache cache = AdaptiveCache.builder().discoverTiers(false).clock(clock).ttlPolicy(FLAT)
        .environment(Map.of(RefreshAheadSettings.KINDS, "news", RefreshAheadSettings.RATES, "tushare:2,yfinance:0.5",
            RefreshAheadSettings.LEAD, "1m"))
        .build();
    caches.add(cache);
    cache.get(CacheKey.of(DataKind.NEWS, "AAPL"), String.class, k -> "v");
    assertThat(((DefaultAdaptiveCache) cache).refreshHotKeys()).isEqualTo(1);

    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false)
        .environment(Map.of(RefreshAheadSettings.KINDS, "news", RefreshAheadSettings.RATES, "tushare:fast")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining(RefreshAheadSettings.RATES)
        .hasMessageContaining("tushare:fast");
    assertThatThrownBy(() -> AdaptiveCache.builder().discoverTiers(false)
        .environment(Map.of("TA_CACHE_REFRESH_LEED", "1m")).build())
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("TA_CACHE_REFRESH_LEAD");
    assertThatThrownBy(() -> RefreshAhead.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kinds(");
  }

  @Test
  void close_stopsRefreshing() {
    DefaultAdaptiveCache cache = cache(refresh(DataKind.NEWS).build(), FLAT);
    Upstream upstream = new Upstream();
    cache.get(CacheKey.of(DataKind.NEWS, "AAPL"), String.class, upstream);
    clock.advance(TTL.minusSeconds(30));
    cache.close();
    cache.close();

    assertThat(cache.refreshNow()).isZero();
    assertThat(upstream.calls).hasValue(1);
  }
}
