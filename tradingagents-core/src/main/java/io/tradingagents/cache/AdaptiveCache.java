package io.tradingagents.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A multi-tier cache for trading-analysis data: an in-process tier (decoded values, no I/O), then every
 * shared tier found on the class path and configured (Redis, MongoDB, local files), in that order.
 *
 * <p>Reads go down the tiers and copy a hit back up; writes go to every healthy tier. A tier that fails
 * or turns slow is skipped behind a circuit breaker that a background probe closes again, so a dead or
 * hung server never reaches the caller as an exception, and costs at most a few calls of one operation
 * timeout (the tier's own, sized for a cache) before it is skipped. Values are encoded by a codec (Jackson
 * JSON by default) and decoded only into the type the caller names; a stored value that no longer decodes
 * (a class changed, bytes corrupted) is a counted miss and is removed.
 *
 * <p>Cached values are <b>immutable by contract</b>, as in Caffeine: the in-process tier hands out the
 * same instance to every reader. Records holding unmodifiable collections are the natural fit; arrays
 * are not.
 *
 * <p>Implementations are thread-safe. Build one per application with {@link #builder()} and
 * {@link #close()} it on shutdown; a second {@code close()} does nothing.
 *
 * <pre>{@code
 * try (AdaptiveCache cache = AdaptiveCache.builder().build()) {
 *   CacheKey key = CacheKey.builder(DataKind.STOCK_DATA, "AAPL")
 *       .source("yfinance").dateRange(from, to).build();
 *   PriceHistory history = cache.get(key, PriceHistory.class, k -> upstream.history("AAPL", from, to));
 * }
 * }</pre>
 */
public interface AdaptiveCache extends AutoCloseable {

  /**
   * The longest time an entry is kept: 3,650 days. A longer TTL, given to {@link #put(CacheKey, Object,
   * Duration)} or by a {@link TtlPolicy}, is clamped to it.
   */
  Duration MAXIMUM_TTL = Duration.ofDays(3650);

  /** @return a builder with the defaults, reading the environment for settings not given */
  static AdaptiveCacheBuilder builder() {
    return new AdaptiveCacheBuilder();
  }

  /**
   * Returns the cached value, reading the tiers in order. A hit in the in-process tier decodes nothing
   * and takes no lock.
   *
   * @param key the key
   * @param type the type the value was stored as
   * @param <V> the value type
   * @return the value, or {@code null} on a miss, a remembered "no data", or a stored value that is not a
   *     {@code type} (counted as a type mismatch, never a {@code ClassCastException})
   * @throws NullPointerException if an argument is null
   */
  <V> @Nullable V get(CacheKey key, Class<V> type);

  /**
   * {@link #get(CacheKey, Class)} for a generic value type such as {@code List<Quote>}: a value from a
   * shared tier is decoded into the full type. What can be checked under erasure is described in
   * {@link TypeRef}; a value that is not of {@code type} is a counted type mismatch, never a
   * {@code ClassCastException}.
   *
   * @param key the key
   * @param type the value type, e.g. {@code new TypeRef<List<Quote>>() {}} (keep it in a constant)
   * @param <V> the value type
   * @return the value, or {@code null} on a miss, a remembered "no data" or a type mismatch
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   */
  <V> @Nullable V get(CacheKey key, TypeRef<V> type);

  /**
   * Returns the cached value or loads it. Concurrent callers of one key in this JVM share one load
   * (and, with a distributed lock available, across JVMs). A loader that returns {@code null} means
   * "no data": that is remembered for {@link TtlPolicy#negativeTtl()} and {@code null} is returned. A
   * loader that throws is answered with the last value if it expired less than
   * {@link TtlPolicy#staleWindow} ago (stale-on-error), and otherwise with a {@link CacheLoadException}.
   * With refresh-ahead on for the key's kind ({@link AdaptiveCacheBuilder#refreshAhead}), the call also
   * makes the key hot and remembers this loader, which then reloads the key in the background before it
   * expires.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param <V> the value type
   * <p>If the key holds a value of <em>another</em> type (two callers use one key for different types),
   * that is counted as a type mismatch, the loader is called and its value returned to this caller but
   * <b>not stored</b>: the other caller's value is kept. A WARN says so once per cache.
   *
   * @return the value, or {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed and no stale value could be served
   * @throws CacheSerializationException if the loaded value cannot be encoded by the codec
   */
  <V> @Nullable V get(CacheKey key, Class<V> type, CacheLoader<? extends V> loader);

  /**
   * {@link #get(CacheKey, Class, CacheLoader)} for a generic value type: the loaded value is stored as
   * {@code type}, so that other instances decode it into the same type.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param <V> the value type
   * @return the value, or {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed and no stale value could be served
   * @throws CacheSerializationException if the loaded value cannot be encoded by the codec
   */
  <V> @Nullable V get(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader);

  /**
   * {@link #get(CacheKey, Class, CacheLoader)} with a loader that chooses each value's expiry (an
   * end-of-day quote valid until the next session, say): the value is stored with the expiry its
   * {@link Loaded} carries instead of the TTL policy's, in every tier. A value whose chosen expiry has
   * already passed is returned and not stored; a {@code null} value is "no data", as from a
   * {@link CacheLoader}.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value and its expiry on a miss
   * @param <V> the value type
   * @return the value, or {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed (or returned {@code null} instead of a
   *     {@link Loaded}) and no stale value could be served
   */
  <V> @Nullable V getWithExpiry(CacheKey key, Class<V> type, ExpiringLoader<? extends V> loader);

  /**
   * Reads a key like {@link #get(CacheKey, Class)} and says how fresh the answer is: its age, its expiry,
   * the tier it came from, and whether it was served stale. Unlike {@code get}, a read without a loader
   * serves the last value, expired within its kind's stale window and {@code options}' maximum staleness,
   * when every shared tier is down ({@link CacheRead.StaleReason#TIER_DOWN}). Each read records the
   * served age per data kind ({@code tradingagents.cache.read.age}, see {@code docs/monitoring.md}).
   *
   * <p>The plain {@code get} stays the allocation-free hot path; {@code read} allocates its answer.
   *
   * @param key the key
   * @param type the type the value was stored as
   * @param options the maximum staleness; {@link ReadOptions#defaults()} for none beyond the stale window
   * @param <V> the value type
   * @return the answer; {@link CacheRead#found()} is false on a miss
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   */
  <V> CacheRead<V> read(CacheKey key, Class<V> type, ReadOptions options);

  /**
   * {@link #read(CacheKey, Class, ReadOptions)} with {@link ReadOptions#defaults()}.
   *
   * @param key the key
   * @param type the type the value was stored as
   * @param <V> the value type
   * @return the answer; {@link CacheRead#found()} is false on a miss
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   */
  default <V> CacheRead<V> read(CacheKey key, Class<V> type) {
    return read(key, type, ReadOptions.defaults());
  }

  /**
   * {@link #read(CacheKey, Class, ReadOptions)} for a generic value type.
   *
   * @param key the key
   * @param type the value type
   * @param options the maximum staleness
   * @param <V> the value type
   * @return the answer; {@link CacheRead#found()} is false on a miss
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   */
  <V> CacheRead<V> read(CacheKey key, TypeRef<V> type, ReadOptions options);

  /**
   * Returns the cached value or loads it, like {@link #get(CacheKey, Class, CacheLoader)}, and says how
   * fresh the answer is. When the loader fails, the last value is served
   * ({@link CacheRead.StaleReason#LOADER_FAILED}) only if it expired less than its kind's stale window
   * <em>and</em> less than {@code options}' maximum staleness ago; otherwise the loader's error propagates.
   * {@link CacheRead#tier()} is {@link CacheRead#LOADER} for a value loaded for this call.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param options the maximum staleness; {@link ReadOptions#defaults()} for none beyond the stale window
   * @param <V> the value type
   * @return the answer; its value is {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed and no stale value within the limits could be served
   * @throws CacheSerializationException if the loaded value cannot be encoded by the codec
   */
  <V> CacheRead<V> read(CacheKey key, Class<V> type, CacheLoader<? extends V> loader, ReadOptions options);

  /**
   * {@link #read(CacheKey, Class, CacheLoader, ReadOptions)} with {@link ReadOptions#defaults()}.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param <V> the value type
   * @return the answer; its value is {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed and no stale value could be served
   */
  default <V> CacheRead<V> read(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    return read(key, type, loader, ReadOptions.defaults());
  }

  /**
   * {@link #read(CacheKey, Class, CacheLoader, ReadOptions)} for a generic value type.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param options the maximum staleness
   * @param <V> the value type
   * @return the answer; its value is {@code null} if the loader reported no data
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if the loader failed and no stale value within the limits could be served
   */
  <V> CacheRead<V> read(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader, ReadOptions options);

  /**
   * Reads many keys, each tier in one batch where the tier supports it.
   *
   * @param keys the keys
   * @param type the value type
   * @param <V> the value type
   * @return the values found, by key; missing keys are left out
   * @throws NullPointerException if an argument or a key is null
   */
  <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type);

  /**
   * {@link #getAll(Collection, Class)} for a generic value type.
   *
   * @param keys the keys
   * @param type the value type
   * @param <V> the value type
   * @return the values found, by key; missing keys are left out
   * @throws NullPointerException if an argument or a key is null
   */
  <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, TypeRef<V> type);

  /**
   * Reads many keys and loads the missing ones with one upstream call: one pass over the in-process tier,
   * one batch read per shared tier, then <b>one</b> call of {@code loader} with only the keys still
   * missing, its values written through in one batch per tier.
   *
   * <p>Single-flight holds per key: a key another caller is loading (with {@link #get(CacheKey, Class,
   * CacheLoader)} or another {@code getAll}) is not passed to {@code loader} but awaited, and the keys this
   * call loads are awaited by the others. With a distributed lock available (Redis), each missing key's load
   * lock is tried on its own: the keys this instance locks are loaded at once, the keys another instance is
   * loading are awaited and re-read, and loaded by this call only if that instance's lock is released
   * without a value or its lease runs out (so a further loader call is possible then).
   *
   * <p>A key that {@code loader} leaves out (or maps to {@code null}) is "no data": remembered for
   * {@link TtlPolicy#negativeTtl()}, as a {@code null} from a {@link CacheLoader}, and left out of the
   * result. Keys it returns that were not asked for are ignored: not cached, not returned, one WARN per
   * cache. A value that is not a {@code type} fails that key. If the loader throws, every key of the call
   * is answered with its stale value where one expired less than {@link TtlPolicy#staleWindow} ago
   * (stale-on-error), and otherwise fails. Keys that fail do not affect the others: those are stored,
   * returned to the callers waiting for them, and a {@link CacheLoadException} naming the failed keys
   * ({@link CacheLoadException#keys()}) is thrown at the end. A key holding a value of another type is
   * loaded in a call of its own and its value returned but not stored, as {@code get} with a loader does.
   *
   * <p>Counts: each distinct key is one hit or one miss (or negative hit); each key passed to the loader is
   * one load (or one load failure), as if loaded alone.
   *
   * @param keys the keys; duplicates are read once
   * @param type the value type
   * @param loader loads the missing keys in one call
   * @param <V> the value type
   * @return the values found or loaded (stale values included), by key, in the order of {@code keys};
   *     keys with no data are left out
   * @throws NullPointerException if an argument or a key is null
   * @throws IllegalStateException if the cache is closed, or if {@code loader} reads a key it is loading
   * @throws CacheLoadException if some keys could not be loaded and had no stale value
   */
  <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type, BulkCacheLoader<? extends V> loader);

  /**
   * {@link #getAll(Collection, Class, BulkCacheLoader)} for a generic value type: loaded values are stored
   * as {@code type}, so that other instances decode them into the same type.
   *
   * @param keys the keys; duplicates are read once
   * @param type the value type
   * @param loader loads the missing keys in one call
   * @param <V> the value type
   * @return the values found or loaded, by key, in the order of {@code keys}; keys with no data are left
   *     out
   * @throws NullPointerException if an argument or a key is null
   * @throws IllegalStateException if the cache is closed, or if {@code loader} reads a key it is loading
   * @throws CacheLoadException if some keys could not be loaded and had no stale value
   */
  <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, TypeRef<V> type, BulkCacheLoader<? extends V> loader);

  /**
   * Stores a value with the TTL of its kind and market, in every healthy tier. Tier failures are
   * logged and counted, never thrown.
   *
   * @param key the key
   * @param value the value; immutable by contract
   * @throws NullPointerException if an argument is null
   * @throws CacheSerializationException if the value cannot be encoded by the codec
   */
  void put(CacheKey key, Object value);

  /**
   * Stores a value with an explicit TTL.
   *
   * @param key the key
   * @param value the value; immutable by contract
   * @param ttl positive; longer than {@link #MAXIMUM_TTL} is clamped to it
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws CacheSerializationException if the value cannot be encoded by the codec
   */
  void put(CacheKey key, Object value, Duration ttl);

  /**
   * Stores a value of a generic type with the TTL of its kind and market, recording {@code type} so that
   * readers decode it into that type and in-process readers with that token get it without a check.
   *
   * @param key the key
   * @param value the value; immutable by contract
   * @param type its type
   * @param <V> the value type
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheSerializationException if the value cannot be encoded by the codec
   */
  <V> void put(CacheKey key, V value, TypeRef<V> type);

  /**
   * Stores a value until an absolute instant (for example the next session's open), in every tier.
   *
   * @param key the key
   * @param value the value; immutable by contract
   * @param expiresAt when it expires; at most {@link #MAXIMUM_TTL} from now (later is clamped)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code expiresAt} is not in the future
   * @throws IllegalStateException if the cache is closed
   * @throws CacheSerializationException if the value cannot be encoded by the codec
   */
  void put(CacheKey key, Object value, java.time.Instant expiresAt);

  /**
   * Runs one refresh-ahead round now on the calling thread, reloads included: every hot key that is due is
   * reloaded within the rate limits, as the background round would. The background rounds run on wall-clock
   * time; this is for tools, tests and simulations that drive time with an injected clock (the builder's
   * {@code clock}).
   *
   * @return reloads started (and finished); 0 if refresh-ahead is off or the cache is closed
   * @see io.tradingagents.market.RefreshAhead
   */
  default int refreshNow() {
    return 0;
  }

  /**
   * Stores many values, each tier in one batch where the tier supports it.
   *
   * @param values values by key
   * @throws NullPointerException if an argument, key or value is null
   * @throws CacheSerializationException if a value cannot be encoded (nothing is written then)
   */
  void putAll(Map<CacheKey, ?> values);

  /**
   * Removes a key from every tier.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  void invalidate(CacheKey key);

  /**
   * Removes every key of a namespace from every tier (by key prefix; never a whole database).
   *
   * @param namespace the namespace
   * @throws IllegalArgumentException if the namespace is malformed
   */
  void invalidateNamespace(String namespace);

  /** @return counters since the cache was built */
  CacheStats stats();

  /**
   * @return upstream calls avoided per data kind (loader calls answered by a tier) and their declared cost
   *     per unit; see {@link AdaptiveCacheBuilder#upstreamCost}
   */
  CacheSavings savings();

  /** @return the tiers, their health and sizes */
  BackendInfo backendInfo();

  /**
   * @return the performance mode of the tiers in use now, recomputed whenever a tier's health changes; a
   *     mode fixed by configuration limits which tiers may be used and is reported apart, in
   *     {@link BackendInfo#configuredMode()}
   */
  PerformanceMode performanceMode();

  /**
   * Asynchronous {@link #get(CacheKey, Class)} on the cache's executor.
   *
   * @param key the key
   * @param type the value type
   * @param <V> the value type
   * @return a future of the value or {@code null}
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type);

  /**
   * Asynchronous {@link #get(CacheKey, Class, CacheLoader)} on the cache's executor; the future fails
   * with a {@link CacheLoadException} where the synchronous call would throw it.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param <V> the value type
   * @return a future of the value or {@code null}
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type, CacheLoader<? extends V> loader);

  /**
   * Returns the cached value or loads it with an asynchronous loader, holding no thread while the
   * upstream call is in flight: a hit in memory completes at once on the caller's thread; the shared tiers
   * are read on the cache's executor; on a miss the loader is called once per key in this JVM (concurrent
   * callers share its result, each through a future of its own, so cancelling one never cancels the load)
   * and its value is stored on the executor. Stale-on-error and negative caching apply as for
   * {@link #get(CacheKey, Class, CacheLoader)}, and so does the cross-instance load lock: with Redis one
   * instance loads the key while the others re-read what it stored, waiting on scheduled re-reads, not on
   * a thread. A load that does not complete within the load-lock lease fails (cause:
   * {@code TimeoutException}).
   *
   * @param key the key
   * @param type the value type
   * @param loader returns the future value
   * @param <V> the value type
   * @return a future of the value, or of {@code null} for "no data"; failed with a
   *     {@link CacheLoadException} where the blocking call would throw one, with an
   *     {@link IllegalStateException} if the cache is closed
   * @throws NullPointerException if an argument is null
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type, AsyncCacheLoader<? extends V> loader);

  /**
   * {@link #getAsync(CacheKey, Class, AsyncCacheLoader)} for a generic value type.
   *
   * @param key the key
   * @param type the value type
   * @param loader returns the future value
   * @param <V> the value type
   * @return a future of the value, or of {@code null} for "no data"
   * @throws NullPointerException if an argument is null
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type,
      AsyncCacheLoader<? extends V> loader);

  /**
   * Asynchronous {@link #get(CacheKey, TypeRef)} on the cache's executor.
   *
   * @param key the key
   * @param type the value type
   * @param <V> the value type
   * @return a future of the value or {@code null}
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type);

  /**
   * Asynchronous {@link #get(CacheKey, TypeRef, CacheLoader)} on the cache's executor.
   *
   * @param key the key
   * @param type the value type
   * @param loader computes the value on a miss
   * @param <V> the value type
   * @return a future of the value or {@code null}
   */
  <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader);

  /**
   * Asynchronous {@link #put(CacheKey, Object)} on the cache's executor.
   *
   * @param key the key
   * @param value the value
   * @return a future completed when every tier was written (or its failure counted)
   */
  CompletableFuture<Void> putAsync(CacheKey key, Object value);

  /**
   * Asynchronous {@link #invalidate(CacheKey)} on the cache's executor.
   *
   * @param key the key
   * @return a future completed when every tier was told
   */
  CompletableFuture<Void> invalidateAsync(CacheKey key);

  /**
   * Stops background work and closes every tier, after waiting for writes already running. Idempotent.
   * From then on every read, write, load and invalidation throws {@link IllegalStateException} (the
   * asynchronous methods return a future failed with it) and nothing more is written; {@link #stats()}
   * and {@link #savings()} stay readable for a final report.
   */
  @Override
  void close();
}
