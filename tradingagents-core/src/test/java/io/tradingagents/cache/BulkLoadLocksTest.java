package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.testing.MemoryBackedTier;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk load takes the load locks of all its keys in one request and releases them in one
 * ({@link DistributedLock#tryAcquireAll}, {@link DistributedLock#releaseAll}), not a round trip per key;
 * keys another owner holds are awaited, and a lock that cannot be reached loads without it.
 */
class BulkLoadLocksTest {
  private final MutableClock clock = new MutableClock();
  private final MemoryTier server = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  private final LockingTier tier = new LockingTier(server);
  private final List<AdaptiveCache> caches = new ArrayList<>();
  private final AdaptiveCache cache = cache(tier);

  private AdaptiveCache cache(io.tradingagents.cache.spi.CacheTier shared) {
    AdaptiveCache made = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(shared).probeInterval(Duration.ofMinutes(1)).build();
    caches.add(made);
    return made;
  }

  @AfterEach
  void close() {
    caches.forEach(AdaptiveCache::close);
  }

  private static List<CacheKey> keys(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> CacheKey.of(DataKind.NEWS, "SYM" + i)).toList();
  }

  private static String lockName(CacheKey key) {
    return "load:" + key.asString();
  }

  /** @return a lease that is always extended and runs {@code onClose} when closed */
  private static DistributedLock.Lease lease(String name, Runnable onClose) {
    return new DistributedLock.Lease() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean extend(Duration more) {
        return true;
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }

  /** Answers "v-" + symbol and records each call's keys. */
  private static final class Upstream implements BulkCacheLoader<String> {
    final List<Set<CacheKey>> calls = new ArrayList<>();

    @Override
    public Map<CacheKey, String> loadAll(Set<CacheKey> keys) {
      calls.add(Set.copyOf(keys));
      Map<CacheKey, String> values = new HashMap<>();
      keys.forEach(key -> values.put(key, "v-" + key.symbol()));
      return values;
    }
  }

  /**
   * A shared tier with a lock that counts its calls; names in {@code heldElsewhere} are refused (and
   * {@code onRefused} runs, as another owner's load would), and {@code failing} makes every call throw.
   */
  private static final class LockingTier extends MemoryBackedTier implements DistributedLock {
    final List<Collection<String>> acquireAllCalls = new ArrayList<>();
    final AtomicInteger singleAcquires = new AtomicInteger();
    final List<Integer> releaseAllSizes = new ArrayList<>();
    final AtomicInteger released = new AtomicInteger();
    final List<Integer> extendAllSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch extendedOnce = new java.util.concurrent.CountDownLatch(1);
    final Set<String> heldElsewhere = new java.util.HashSet<>();
    Consumer<String> onRefused = name -> { };
    boolean failing;

    LockingTier(MemoryTier store) {
      super(store);
    }

    @Override
    public Optional<DistributedLock> distributedLock() {
      return Optional.of(this);
    }

    @Override
    public @Nullable Lease tryAcquire(String name, Duration lease) {
      singleAcquires.incrementAndGet();
      return take(name);
    }

    @Override
    public Map<String, Lease> tryAcquireAll(Collection<String> names, Duration lease) {
      acquireAllCalls.add(List.copyOf(names));
      Map<String, Lease> taken = new LinkedHashMap<>();
      for (String name : names) {
        Lease held = take(name);
        if (held != null) {
          taken.put(name, held);
        }
      }
      return taken;
    }

    private @Nullable Lease take(String name) {
      if (failing) {
        throw new IllegalStateException("lock unreachable (simulated)");
      }
      if (heldElsewhere.contains(name)) {
        onRefused.accept(name);
        return null;
      }
      return lease(name, released::incrementAndGet);
    }

    @Override
    public Set<String> extendAll(Collection<? extends Lease> leases, Duration lease) {
      extendAllSizes.add(leases.size());
      extendedOnce.countDown();
      Set<String> names = new java.util.LinkedHashSet<>();
      leases.forEach(held -> names.add(held.name()));
      return names;
    }

    @Override
    public void releaseAll(Collection<? extends Lease> leases) {
      releaseAllSizes.add(leases.size());
      leases.forEach(Lease::close);
    }
  }

  @Test
  void hundredColdKeys_takeEveryLoadLockInOneRequest_andReleaseThemInOne() {
    Upstream upstream = new Upstream();
    List<CacheKey> keys = keys(0, 100);

    Map<CacheKey, String> values = cache.getAll(keys, String.class, upstream);

    assertThat(values).hasSize(100).containsEntry(keys.get(42), "v-SYM42");
    assertThat(tier.acquireAllCalls).containsExactly(keys.stream().map(BulkLoadLocksTest::lockName).toList());
    assertThat(tier.singleAcquires).hasValue(0);
    assertThat(tier.releaseAllSizes).containsExactly(100);
    assertThat(tier.released).hasValue(100);
    assertThat(upstream.calls).containsExactly(Set.copyOf(keys));
  }

  @Test
  void aLoadSlowerThanAThirdOfTheLease_renewsEveryLockInOneRequest() {
    AdaptiveCache slowLoads = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock)
        .tier(tier).probeInterval(Duration.ofMinutes(1)).loadLockLease(Duration.ofMillis(300)).build();
    caches.add(slowLoads);
    List<CacheKey> keys = keys(0, 25);

    Map<CacheKey, String> values = slowLoads.getAll(keys, String.class, asked -> {
      // Returns once the renewal (every 100 ms) has run: the loader outlives a third of the lease.
      assertThat(tier.extendedOnce.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Map<CacheKey, String> loaded = new HashMap<>();
      asked.forEach(key -> loaded.put(key, "v-" + key.symbol()));
      return loaded;
    });

    assertThat(values).hasSize(25);
    assertThat(tier.extendAllSizes).isNotEmpty().allMatch(size -> size == 25);
    assertThat(tier.releaseAllSizes).containsExactly(25);
  }

  @Test
  void keysAnotherOwnerHolds_areAwaitedAndReadBack_notLoadedAgain() {
    AdaptiveCache other = cache(new MemoryBackedTier(server)); // the owner's instance, on the same server
    List<CacheKey> keys = keys(0, 20);
    keys.subList(0, 5).forEach(key -> tier.heldElsewhere.add(lockName(key)));
    // The owner stores its value while this instance finds the lock taken.
    tier.onRefused = name -> keys.stream().filter(key -> lockName(key).equals(name)).findFirst()
        .ifPresent(key -> other.put(key, "owner-" + key.symbol()));
    Upstream upstream = new Upstream();

    Map<CacheKey, String> values = cache.getAll(keys, String.class, upstream);

    assertThat(upstream.calls).containsExactly(Set.copyOf(keys.subList(5, 20)));
    assertThat(values).hasSize(20).containsEntry(keys.get(0), "owner-SYM0").containsEntry(keys.get(5), "v-SYM5");
    assertThat(tier.acquireAllCalls).hasSize(1); // the held keys were read back, not locked again
    assertThat(tier.releaseAllSizes).containsExactly(15);
  }

  @Test
  void aLockThatCannotBeReached_loadsEveryKeyOnceWithoutIt() {
    tier.failing = true;
    Upstream upstream = new Upstream();
    List<CacheKey> keys = keys(0, 30);

    Map<CacheKey, String> values = cache.getAll(keys, String.class, upstream);

    assertThat(values).hasSize(30).containsEntry(keys.get(29), "v-SYM29");
    assertThat(upstream.calls).containsExactly(Set.copyOf(keys));
    assertThat(tier.acquireAllCalls).hasSize(1);
    assertThat(tier.releaseAllSizes).isEmpty();
  }

  @Test
  void theDefaultTryAcquireAll_takesWhatItCan_andOnAFailureReleasesWhatItTook() {
    List<String> closed = new ArrayList<>();
    DistributedLock perName = (name, lease) -> {
      if (name.equals("boom")) {
        throw new IllegalStateException("unreachable (simulated)");
      }
      return name.startsWith("held") ? null : lease(name, () -> closed.add(name));
    };

    Map<String, DistributedLock.Lease> taken = perName.tryAcquireAll(List.of("a", "held-1", "b"),
        Duration.ofSeconds(1));
    assertThat(taken).containsOnlyKeys("a", "b");
    perName.releaseAll(taken.values());
    assertThat(closed).containsExactly("a", "b");

    closed.clear();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> perName.tryAcquireAll(List.of("c", "boom", "d"),
        Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("unreachable");
    assertThat(closed).containsExactly("c");

    assertThat(perName.extendAll(taken.values(), Duration.ofSeconds(1))).containsExactly("a", "b");
    DistributedLock.Lease throwing = lease("throws", () -> {
      throw new IllegalStateException("close failed (simulated, against the contract)");
    });
    closed.clear();
    List<DistributedLock.Lease> mixed = List.of(taken.get("a"), throwing, taken.get("b"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> perName.releaseAll(mixed))
        .hasMessageContaining("close failed");
    assertThat(closed).as("the others are still closed").containsExactly("a", "b");
  }
}
