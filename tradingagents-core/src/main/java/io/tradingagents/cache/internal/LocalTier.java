package io.tradingagents.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.TtlPolicy;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The in-process tier: decoded values in Caffeine, bounded by their estimated heap footprint
 * ({@link HeapWeigher}) plus a fixed overhead per entry for the key, the entry and Caffeine's node, each expiring at its own
 * time. Values that expire are kept a while longer in a smaller "stale" cache, from which a failing
 * loader may be answered (stale-on-error).
 */
final class LocalTier {
  /** The value of a remembered "no data". */
  static final Object NEGATIVE = new Object() {
    @Override
    public String toString() {
      return "NEGATIVE";
    }
  };
  /** Bytes added to every entry's weight besides its key: this entry, Caffeine's node, the map's node. */
  private static final int OVERHEAD = 160;

  private final Clock clock;
  private final TtlPolicy ttlPolicy;
  private final Cache<CacheKey, Entry> cache;
  private final Cache<CacheKey, Entry> stale;
  /** Whether the tier keeps anything ({@code TA_CACHE_MEMORY_ENABLED}). */
  final boolean enabled;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder puts = new LongAdder();
  /** Entries evicted by the size bound or by expiry, and the sum of their weights. */
  final LongAdder evictions = new LongAdder();
  final LongAdder evictionWeight = new LongAdder();
  /**
   * Write epochs, striped by key hash: bumped by every write or invalidation of a key (after the shared
   * tiers were written) and by every invalidation from another instance. A value read from a shared tier
   * is kept in memory only if its stripe did not move while it was being read; see {@link #fill}.
   */
  private final AtomicLongArray epochs = new AtomicLongArray(64);

  /**
   * @param maximumBytes the bound; {@code 0} turns the tier off: nothing is kept, every read misses (and is
   *     not counted here), reads go straight to the shared tiers
   */
  LocalTier(long maximumBytes, Clock clock, TtlPolicy ttlPolicy) {
    this.enabled = maximumBytes > 0;
    this.clock = clock;
    this.ttlPolicy = ttlPolicy;
    Ticker ticker = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())
        ? Ticker.systemTicker()
        : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    // Maintenance (eviction by the bound, expired entries moved to the stale copies) runs on the thread
    // that triggers it, not on the common ForkJoinPool: its work is small and bounded, the listener only
    // counts and copies, and applications fill that pool with their own blocking calls, which would hold
    // the bound back; on a 2-core machine the hand-off also costs a thread wake-up per write.
    this.stale = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(Math.max(1, maximumBytes / 4))
        .weigher((CacheKey k, Entry e) -> e.weight)
        .expireAfter(untilStaleDeadline(clock, ttlPolicy))
        .ticker(ticker)
        .build();
    this.cache = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(Math.max(1, maximumBytes))
        .weigher((CacheKey k, Entry e) -> e.weight)
        .expireAfter(untilDeadline(clock))
        .ticker(ticker)
        .evictionListener(this::onEviction)
        .build();
  }

  /** Expires each entry at its own epoch-millisecond deadline; reads do not extend it. */
  private static Expiry<CacheKey, Entry> untilDeadline(Clock clock) {
    return Expiry.writing((CacheKey key, Entry entry) ->
        Duration.ofMillis(Math.max(0, entry.expiresAtMillis - clock.millis())));
  }

  /** Expires a stale copy its kind's stale window after the entry's own deadline. */
  private static Expiry<CacheKey, Entry> untilStaleDeadline(Clock clock, TtlPolicy ttlPolicy) {
    return Expiry.writing((CacheKey key, Entry entry) -> Duration.ofMillis(Math.max(0, entry.expiresAtMillis
        + ttlPolicy.staleWindow(key.kind(), key.market()).toMillis() - clock.millis())));
  }

  /** The hot path: no allocation, no lock beyond Caffeine's own read path. */
  @Nullable Entry getIfPresent(CacheKey key) {
    return enabled ? cache.getIfPresent(key) : null;
  }

  /** @param type the type the value is stored as: its class, or the generic type it was loaded with */
  void put(CacheKey key, Object value, Type type, long expiresAtMillis, int weight) {
    if (!enabled) {
      return;
    }
    cache.put(key, new Entry(value, type, clock.millis(), expiresAtMillis, weight + keyWeight(key)));
    puts.increment();
  }

  /** @return the heap a key and its entry's bookkeeping take: the key object, its symbol and its string */
  private static int keyWeight(CacheKey key) {
    return OVERHEAD + 56 + 48 + key.symbol().length() + key.asString().length();
  }

  /** @return the key's write epoch, taken before reading a shared tier; see {@link #fill} */
  long epoch(CacheKey key) {
    return epochs.get(key.hashCode() & (epochs.length() - 1));
  }

  /** Marks a write or invalidation of {@code key}: fills that started before it are discarded. */
  void bump(CacheKey key) {
    epochs.incrementAndGet(key.hashCode() & (epochs.length() - 1));
  }

  private void bumpAll() {
    for (int i = 0; i < epochs.length(); i++) {
      epochs.incrementAndGet(i);
    }
  }

  /**
   * Copies a value read from a shared tier into memory, unless memory already holds one (a newer write)
   * or the key was written or invalidated since {@code epoch} was taken (the value read may be older).
   *
   * @param writtenAtMillis when the value was first written, from the shared entry
   */
  void fill(CacheKey key, Object value, Type type, long writtenAtMillis, long expiresAtMillis, int weight,
      long epoch) {
    if (!enabled) {
      return;
    }
    Entry entry = new Entry(value, type, writtenAtMillis, expiresAtMillis, weight + keyWeight(key));
    if (cache.asMap().putIfAbsent(key, entry) == null) {
      puts.increment();
      if (epoch(key) != epoch) {
        cache.asMap().remove(key, entry);
      }
    }
  }

  /** Drops a key on another instance's word. */
  void invalidateRemote(CacheKey key) {
    bump(key);
    invalidate(key);
  }

  /** Drops a namespace on another instance's word. */
  void invalidateNamespaceRemote(String namespace) {
    bumpAll();
    invalidateNamespace(namespace);
  }

  /** Drops everything: messages from other instances may have been lost. */
  void invalidateAllRemote() {
    bumpAll();
    cache.invalidateAll();
    stale.invalidateAll();
  }

  void putNegative(CacheKey key, long expiresAtMillis) {
    if (!enabled) {
      return;
    }
    cache.put(key, new Entry(NEGATIVE, null, clock.millis(), expiresAtMillis, OVERHEAD));
  }

  /**
   * @return the last entry of a key that expired within its kind's stale window (with its own expiry),
   *     or {@code null}
   */
  @Nullable Entry staleEntry(CacheKey key) {
    cache.cleanUp(); // moves just-expired entries into the stale cache
    return stale.getIfPresent(key);
  }

  void invalidate(CacheKey key) {
    cache.invalidate(key);
    stale.invalidate(key);
  }

  void invalidateNamespace(String namespace) {
    bumpAll();
    cache.asMap().keySet().removeIf(k -> k.namespace().equals(namespace));
    stale.asMap().keySet().removeIf(k -> k.namespace().equals(namespace));
  }

  long estimatedSize() {
    return cache.estimatedSize();
  }

  long weightedSize() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(-1)).orElse(-1L);
  }

  void cleanUp() {
    cache.cleanUp();
    stale.cleanUp();
  }

  private void onEviction(@Nullable CacheKey key, @Nullable Entry entry, RemovalCause cause) {
    if (cause.wasEvicted()) {
      evictions.increment();
      evictionWeight.add(entry == null ? 0 : entry.weight);
    }
    if (cause != RemovalCause.EXPIRED || key == null || entry == null || entry.value == NEGATIVE) {
      return;
    }
    Duration window = ttlPolicy.staleWindow(key.kind(), key.market());
    if (!window.isZero()) {
      stale.put(key, entry); // kept until the window has passed; see untilStaleDeadline
    }
  }

  /** One entry: the decoded value (or {@link #NEGATIVE}), when it was written and expires, its weight. */
  static final class Entry {
    final Object value;
    /** When the value was first written (by a put or a load on any instance), epoch milliseconds. */
    final long writtenAtMillis;
    final long expiresAtMillis;
    final int weight;
    /** The type it is stored as; {@code null} for {@link #NEGATIVE}. */
    final @Nullable Type type;

    Entry(Object value, @Nullable Type type, long writtenAtMillis, long expiresAtMillis, int weight) {
      this.type = type;
      this.value = value;
      this.writtenAtMillis = writtenAtMillis;
      this.expiresAtMillis = expiresAtMillis;
      this.weight = weight;
    }
  }
}
