package io.tradingagents.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.InvalidationLog;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MemoryBackedTier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes of shared entries carry their invalidation-log appends ({@link CacheTier#putAllAndAppend}): the
 * tier with the log gets the entries and the appends in one call, after every other tier was written, and
 * an append that was not made is sent again after the next probe round.
 */
class LoggedWriteTest {
  private static final String NAMESPACE = CacheKey.DEFAULT_NAMESPACE;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final LogFollowerTest.InMemoryLog log = new LogFollowerTest.InMemoryLog();
  private final LoggedTier redis = new LoggedTier(log, calls);
  private final RecordingTier files = new RecordingTier("file", TierKind.FILE, calls);
  private AdaptiveCache cache;

  private AdaptiveCache open(Duration probeInterval) {
    cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).tier(redis).tier(files)
        .probeInterval(probeInterval).build();
    calls.clear();
    return cache;
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  /** @return the keys named in {@code namespace}'s log (the follower's markers name none) */
  private List<String> logged(String namespace) {
    return log.entries(namespace).stream().flatMap(entry -> entry.invalidation().keys().stream()).toList();
  }

  @Test
  void put_writesTheOtherTiersFirst_thenTheEntryWithItsLogAppendInOneCall() {
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    open(Duration.ofMinutes(1)).put(key, "headline");

    assertThat(calls).containsExactly("file:put " + key.asString(),
        "redis:putAllAndAppend [" + key.asString() + "] to [" + NAMESPACE + "]");
    assertThat(logged(NAMESPACE)).containsExactly(key.asString());
    assertThat(redis.get(key.asString())).isNotNull();
    assertThat(redis.published).isEmpty(); // the log publishes its appends itself
  }

  @Test
  void putAll_twoNamespaces_oneCallWithOneAppendPerNamespace() {
    CacheKey apple = CacheKey.of(DataKind.NEWS, "AAPL");
    CacheKey msft = CacheKey.of(DataKind.NEWS, "MSFT");
    CacheKey quote = CacheKey.builder(DataKind.STOCK_DATA, "AAPL").namespace("quotes").build();
    Map<CacheKey, String> values = new LinkedHashMap<>();
    values.put(apple, "a");
    values.put(quote, "q");
    values.put(msft, "m");

    open(Duration.ofMinutes(1)).putAll(values);

    assertThat(calls).containsExactly("file:putAll 3",
        "redis:putAllAndAppend [" + apple.asString() + ", " + quote.asString() + ", " + msft.asString()
            + "] to [" + NAMESPACE + ", quotes]");
    assertThat(logged(NAMESPACE)).containsExactly(apple.asString(), msft.asString());
    assertThat(logged("quotes")).containsExactly(quote.asString());
  }

  @Test
  void appendRefused_entriesStored_andTheInvalidationIsAppendedAfterTheNextProbeRound() {
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    open(Duration.ofMillis(20));
    redis.refuseAppends = true;

    cache.put(key, "headline");

    assertThat(redis.get(key.asString())).isNotNull();
    assertThat(logged(NAMESPACE)).isEmpty();
    redis.refuseAppends = false;
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(logged(NAMESPACE)).containsExactly(key.asString()));
  }

  @Test
  void writeFailed_isKeptForTheRepair_andItsInvalidationWaitsForIt() {
    CacheKey key = CacheKey.of(DataKind.NEWS, "AAPL");
    open(Duration.ofMillis(20));
    redis.failWrites = true;

    cache.put(key, "headline");

    assertThat(cache.stats().writeFailures()).isEqualTo(1);
    assertThat(redis.get(key.asString())).isNull();
    assertThat(logged(NAMESPACE)).isEmpty();
    redis.failWrites = false;
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(redis.get(key.asString())).isNotNull(); // replayed by the repair
      assertThat(logged(NAMESPACE)).containsExactly(key.asString()); // then sent
    });
  }

  /** A tier that records its writes in {@code calls} (the file-like tier). */
  private static class RecordingTier extends MemoryBackedTier {
    final List<String> calls;

    RecordingTier(String name, TierKind kind, List<String> calls) {
      super(name, kind);
      this.calls = calls;
    }

    @Override
    public void put(String key, TierEntry entry) {
      calls.add(name() + ":put " + key);
      super.put(key, entry);
    }

    @Override
    public void putAll(Map<String, TierEntry> entries) {
      calls.add(name() + ":putAll " + entries.size());
      super.putAll(entries);
    }
  }

  /** A Redis-like tier with a log whose appends also publish (as Redis's script does). */
  private static final class LoggedTier extends RecordingTier implements InvalidationBus {
    final List<Invalidation> published = new CopyOnWriteArrayList<>();
    private final InvalidationLog log;
    volatile boolean refuseAppends;
    volatile boolean failWrites;

    LoggedTier(LogFollowerTest.InMemoryLog log, List<String> calls) {
      super("redis", TierKind.REDIS, calls);
      this.log = new InvalidationLog() {
        @Override
        public String append(String namespace, Invalidation invalidation) {
          if (refuseAppends) {
            throw new IllegalStateException("append refused (simulated)");
          }
          return log.append(namespace, invalidation);
        }

        @Override
        public boolean appendAlsoPublishes() {
          return true;
        }

        @Override
        public String epoch() {
          return log.epoch();
        }

        @Override
        public @Nullable List<Entry> readAfter(String namespace, String position, int max) {
          return log.readAfter(namespace, position, max);
        }
      };
    }

    private void check() {
      if (failWrites) {
        throw new IllegalStateException("write failed (simulated)");
      }
    }

    @Override
    public void putAll(Map<String, TierEntry> entries) {
      check();
      store.putAll(entries);
    }

    @Override
    public boolean putAllAndAppend(Map<String, TierEntry> entries, Map<String, Invalidation> appends) {
      calls.add("redis:putAllAndAppend " + entries.keySet() + " to " + appends.keySet());
      return super.putAllAndAppend(entries, appends);
    }

    @Override
    public boolean putUnlessNewer(String key, TierEntry entry) {
      check();
      return store.putUnlessNewer(key, entry);
    }

    @Override
    public void ping() {
      check();
    }

    @Override
    public Optional<InvalidationBus> invalidationBus() {
      return Optional.of(this);
    }

    @Override
    public Optional<InvalidationLog> invalidationLog() {
      return Optional.of(log);
    }

    @Override
    public void publish(Invalidation invalidation) {
      published.add(invalidation);
    }

    @Override
    public void subscribe(Listener listener) {
      // messages from other instances are not simulated here
    }
  }
}
