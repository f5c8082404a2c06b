package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.TypeRef;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.monitoring.CacheInstrumentation;
import io.tradingagents.monitoring.CacheInstrumentation.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: see {@link AdaptiveCache} for the contract and {@code docs/architecture.md} for the read and
 * write paths.
 */
public final class DefaultAdaptiveCache implements AdaptiveCache {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdaptiveCache.class);
  /** {@link #readLocal} answers: nothing usable in memory. */
  private static final Object MISS = new Object();
  /** {@link #readLocal} answers: a value of another type is stored. */
  private static final Object MISMATCH = new Object();

  private final Clock clock;
  private final TtlPolicy ttlPolicy;
  private final Envelope envelope;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final LocalTier local;
  private final Tiers tiers;
  private final CrossInstanceLoads crossInstanceLoads;
  private final Copies copies;
  private final Savings savings;
  private final @Nullable InvalidationRelay relay;
  private final ConcurrentHashMap<CacheKey, Flight> inflight = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Writes running now: {@link #close()} waits for them, so nothing is written after it returns. */
  private final AtomicInteger writers = new AtomicInteger();
  /** Whether a loader's value was already served uncached because the key holds another type. */
  private final AtomicBoolean mismatchLogged = new AtomicBoolean();
  /** Hits in the shared tiers; in-process hits are counted by {@link LocalTier#hits} alone. */
  private final LongAdder sharedHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder negativeHits = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder staleServed = new LongAdder();
  private final LongAdder decodeFailures = new LongAdder();
  private final LongAdder typeMismatches = new LongAdder();
  private final LongAdder writeFailures = new LongAdder();
  private final LongAdder oversizedValues = new LongAdder();
  private final EngineMeters meters = new EngineMeters();
  private final EngineInstrumentation instrumentation;

  /**
   * @param config the resolved configuration; the cache owns its tiers from now on
   */
  public DefaultAdaptiveCache(EngineConfig config) {
    this.clock = config.clock();
    this.ttlPolicy = config.ttlPolicy();
    this.envelope = new Envelope(config.codec(), config.compressionThreshold(), config.maximumEntryBytes());
    this.executor = config.executor();
    this.ownsExecutor = config.ownsExecutor();
    this.local = new LocalTier(config.maximumBytes(), clock, ttlPolicy);
    this.tiers = new Tiers(config.tiers(), config.modeOverride(), config.slowCallThreshold(),
        config.probeInterval(), clock);
    this.crossInstanceLoads = new CrossInstanceLoads(tiers, config.loadLockLease());
    this.copies = new Copies(tiers, executor, writeFailures);
    this.savings = new Savings(config.upstreamCosts());
    for (GuardedTier tier : tiers.all()) {
      tier.meters = meters;
    }
    this.instrumentation = new EngineInstrumentation(local, tiers, savings, meters, config.maximumBytes(),
        Map.of(Counter.HITS, () -> local.hits.sum() + sharedHits.sum(), Counter.MISSES, misses::sum,
            Counter.NEGATIVE_HITS, negativeHits::sum, Counter.LOADS, loads::sum,
            Counter.LOAD_FAILURES, loadFailures::sum, Counter.STALE_SERVED, staleServed::sum,
            Counter.DECODE_FAILURES, decodeFailures::sum, Counter.TYPE_MISMATCHES, typeMismatches::sum,
            Counter.WRITE_FAILURES, writeFailures::sum));
    GuardedTier busTier = tiers.busTier();
    this.relay = busTier == null ? null : new InvalidationRelay(busTier, local, copies::invalidateLocalFiles,
        tiers::maintainNow, tiers.scheduler(), config.maxServeWithoutLog(), meters);
    if (relay != null) {
      relay.start();
      tiers.afterEachProbe(relay::afterProbe);
    }
    log.atInfo().setMessage("AdaptiveCache started: mode {}, tiers {}, memory bound {} bytes, codec {}")
        .addArgument(tiers.mode()).addArgument(List.of(tiers.all()).stream().map(GuardedTier::name).toList())
        .addArgument(config.maximumBytes()).addArgument(envelope.codec().name())
        .addKeyValue("event", "cache_started").addKeyValue("mode", tiers.mode().name().toLowerCase(Locale.ROOT))
        .log();
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type) {
    ensureOpen();
    Object found = readLocal(requireNonNull(key, "key"), requireNonNull(type, "type"), null);
    if (found == MISS) {
      long start = System.nanoTime();
      found = readShared(key, ValueType.of(type), true);
      meters.missPath(start);
    }
    return found == LocalTier.NEGATIVE || found == MISMATCH || found == MISS ? null : (V) found;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, TypeRef<V> type) {
    ensureOpen();
    ValueType valueType = ValueType.of(requireNonNull(type, "type"));
    Object found = readLocal(requireNonNull(key, "key"), valueType.raw, valueType);
    if (found == MISS) {
      long start = System.nanoTime();
      found = readShared(key, valueType, true);
      meters.missPath(start);
    }
    return found == LocalTier.NEGATIVE || found == MISMATCH || found == MISS ? null : (V) found;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("This AdaptiveCache is closed; build a new one with "
        + "AdaptiveCache.builder().build() (a closed cache neither reads nor writes)");
  }

  /**
   * @param raw the class asked for
   * @param generic the generic type asked for, or {@code null} for a plain class (the hot path)
   * @return the value, {@link LocalTier#NEGATIVE}, {@link #MISMATCH} or {@link #MISS}; counts all
   */
  private Object readLocal(CacheKey key, Class<?> raw, @Nullable ValueType generic) {
    LocalTier.Entry entry = local.getIfPresent(key);
    if (entry == null) {
      local.misses.increment();
      return MISS;
    }
    Object value = entry.value;
    if (raw.isInstance(value) && (generic == null || generic.accepts(value, entry.type))) {
      local.hits.increment();
      return value;
    }
    if (value == LocalTier.NEGATIVE) {
      negativeHits.increment();
      return value;
    }
    typeMismatches.increment();
    misses.increment();
    return MISMATCH;
  }

  /**
   * Reads the shared tiers in order and copies a hit into memory and the tiers above it.
   *
   * @param lookup whether this read answers a caller's lookup, and so counts as its one hit or miss; a
   *     re-read while waiting for another instance's load counts only at tier level
   * @return the value, {@link #MISMATCH} if a tier holds a value of another type, or {@link #MISS}
   */
  private Object readShared(CacheKey key, ValueType type, boolean lookup) {
    String id = key.asString();
    if (relay != null) {
      relay.follow(id);
    }
    long epoch = local.epoch(key);
    GuardedTier[] readable = tiers.readable();
    boolean mismatch = false;
    for (int i = 0; i < readable.length; i++) {
      GuardedTier tier = readable[i];
      TierEntry entry = tier.get(id);
      Object value = entry == null ? null : decodeOrDrop(tier, id, entry, type);
      if (value == null || value == MISMATCH) {
        mismatch |= value == MISMATCH;
        tier.misses.increment();
        continue;
      }
      tier.hits.increment();
      if (lookup) {
        sharedHits.increment();
      }
      local.fill(key, value, type.type, entry.expiresAtMillis(), weight(value), epoch);
      copies.backfill(readable, i, Map.of(id, entry));
      return value;
    }
    if (lookup) {
      misses.increment();
      if (mismatch) {
        typeMismatches.increment();
      }
    }
    return mismatch ? MISMATCH : MISS;
  }

  /**
   * @return the decoded value; {@link #MISMATCH} if the entry holds another type (left in place);
   *     {@code null} if it expired, or could not be decoded (then it is removed from the tier and counted)
   */
  private @Nullable Object decodeOrDrop(GuardedTier tier, String id, TierEntry entry, ValueType type) {
    if (entry.isExpired(clock.millis())) {
      return null;
    }
    try {
      return envelope.decode(entry.value(), type);
    } catch (Envelope.TypeMismatchException e) {
      log.debug("Cache entry {} in tier {} holds another type: {}", id, tier.name(), e.getMessage());
      return MISMATCH;
    } catch (Envelope.UndecodableException e) {
      decodeFailures.increment();
      String[] parts = id.split(":", 4); // ta:<namespace>:<kind>:...
      log.atWarn().setMessage("Dropping cache entry {} from tier {}: it {}").addArgument(id)
          .addArgument(tier.name()).addArgument(e.getMessage()).addKeyValue("event", "decode_failure")
          .addKeyValue("tier", tier.name()).addKeyValue("namespace", parts.length > 2 ? parts[1] : "")
          .addKeyValue("kind", parts.length > 2 ? parts[2] : "").addKeyValue("error_category", "decode").log();
      log.debug("Decode failure of {}", id, e.getCause());
      tier.remove(id);
      return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type) {
    return readAll(keys, ValueType.of(requireNonNull(type, "type")));
  }

  @Override
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, TypeRef<V> type) {
    return readAll(keys, ValueType.of(requireNonNull(type, "type")));
  }

  @SuppressWarnings("unchecked")
  private <V> Map<CacheKey, V> readAll(Collection<CacheKey> keys, ValueType type) {
    ensureOpen();
    Map<CacheKey, V> result = new LinkedHashMap<>();
    Map<String, CacheKey> missing = new LinkedHashMap<>();
    Map<CacheKey, Long> epochs = new java.util.HashMap<>();
    for (CacheKey key : requireNonNull(keys, "keys")) {
      Object found = readLocal(requireNonNull(key, "keys contains null"), type.raw,
          type.isGeneric() ? type : null);
      if (found == MISS) {
        missing.put(key.asString(), key);
        if (relay != null) {
          relay.follow(key.asString());
        }
        epochs.put(key, local.epoch(key));
      } else if (found != LocalTier.NEGATIVE && found != MISMATCH) {
        result.put(key, (V) found);
      }
    }
    java.util.Set<String> mismatched = new java.util.HashSet<>();
    GuardedTier[] readable = tiers.readable();
    for (int i = 0; i < readable.length && !missing.isEmpty(); i++) {
      GuardedTier tier = readable[i];
      Map<String, TierEntry> found = tier.getAll(List.copyOf(missing.keySet()));
      Map<String, TierEntry> decoded = new LinkedHashMap<>();
      for (Map.Entry<String, TierEntry> e : found.entrySet()) {
        Object value = decodeOrDrop(tier, e.getKey(), e.getValue(), type);
        CacheKey key = missing.get(e.getKey());
        if (value == MISMATCH) {
          mismatched.add(e.getKey());
        } else if (value != null && key != null) {
          result.put(key, (V) value);
          local.fill(key, value, type.type, e.getValue().expiresAtMillis(), weight(value),
              epochs.get(key));
          missing.remove(e.getKey());
          mismatched.remove(e.getKey());
          decoded.put(e.getKey(), e.getValue());
        }
      }
      tier.hits.add(decoded.size());
      tier.misses.add(missing.size());
      sharedHits.add(decoded.size());
      if (!decoded.isEmpty()) {
        copies.backfill(readable, i, decoded);
      }
    }
    misses.add(missing.size());
    typeMismatches.add(mismatched.size());
    return result;
  }

  // ---------------------------------------------------------------- loads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    return getOrLoad(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  @Override
  public <V> @Nullable V get(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader) {
    return getOrLoad(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  @SuppressWarnings("unchecked")
  private <V> @Nullable V getOrLoad(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    ensureOpen();
    requireNonNull(loader, "loader");
    Object found = readLocal(requireNonNull(key, "key"), type.raw, type.isGeneric() ? type : null);
    if (found != MISS && found != MISMATCH) {
      savings.avoided(key);
      return found == LocalTier.NEGATIVE ? null : (V) found;
    }
    long start = System.nanoTime();
    try {
      if (found == MISS) {
        found = readShared(key, type, true);
      }
      if (found == MISMATCH) {
        return loadUncached(key, type, loader);
      }
      if (found != MISS) {
        savings.avoided(key);
        return (V) found;
      }
      return loadShared(key, type, loader);
    } finally {
      meters.missPath(start);
    }
  }

  /**
   * The key holds a value of another type (two callers use one key for different types): the loader's
   * value is returned to this caller but not stored, so that it does not replace the other caller's value.
   */
  private <V> @Nullable V loadUncached(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    if (mismatchLogged.compareAndSet(false, true)) {
      log.atWarn().setMessage("Key {} holds a value of another type than {}; the loader's value is served "
          + "uncached so that the stored value is kept. Use one type per key (give the two uses different "
          + "keys or namespaces). Logged once per cache; counted in stats().typeMismatches()")
          .addArgument(key).addArgument(type.name).log();
    }
    try {
      V value = loader.load(key);
      loads.increment();
      return value;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      loadFailures.increment();
      throw new CacheLoadException(key, e);
    }
  }

  /** Single-flight: the first caller of a key loads, concurrent callers wait for its result. */
  @SuppressWarnings("unchecked")
  private <V> @Nullable V loadShared(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    Flight mine = new Flight(type);
    Flight running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      if (running.owner == Thread.currentThread()) {
        throw new IllegalStateException("The loader of " + key + " asked the cache for " + key
            + " itself; a loader must not read the key it is loading");
      }
      meters.coalescedLoads.increment();
      Object result = await(key, running);
      savings.avoided(key); // another caller's load answered this one
      if (result == LocalTier.NEGATIVE) {
        return null;
      }
      return running.type == type || (!type.isGeneric() && type.raw.isInstance(result)) ? (V) result
          : (V) load(key, type, loader);
    }
    try {
      Object result = load(key, type, loader);
      mine.complete(result);
      return result == LocalTier.NEGATIVE ? null : (V) result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine);
    }
  }

  /** A load in progress, the thread running it and the type it loads. */
  private static final class Flight extends CompletableFuture<Object> {
    final Thread owner = Thread.currentThread();
    final ValueType type;

    Flight(ValueType type) {
      this.type = type;
    }
  }

  private static Object await(CacheKey key, CompletableFuture<Object> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException(key, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new CacheLoadException(key, cause);
    }
  }

  /** @return the value or {@link LocalTier#NEGATIVE} */
  private <V> Object load(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    LocalTier.Entry done = local.getIfPresent(key); // a load that finished just before ours registered
    if (done != null && (type.accepts(done.value, done.type) || done.value == LocalTier.NEGATIVE)) {
      return done.value;
    }
    return crossInstanceLoads.run(key, () -> {
      Object stored = readShared(key, type, false);
      return stored == MISS || stored == MISMATCH ? null : stored;
    }, () -> callLoader(key, type, loader));
  }

  /** @return the loaded value, {@link LocalTier#NEGATIVE} or a stale value */
  private <V> Object callLoader(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    V value;
    long start = System.nanoTime();
    try {
      value = loader.load(key);
    } catch (Exception e) {
      meters.load(key, start, false);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      loadFailures.increment();
      LocalTier.Entry stale = local.staleEntry(key);
      if (stale != null && type.accepts(stale.value, stale.type)) {
        staleServed.increment();
        log.debug("Loader of {} failed; serving the stale value", key, e);
        return stale.value;
      }
      throw new CacheLoadException(key, e);
    }
    meters.load(key, start, true);
    loads.increment();
    if (value == null) {
      Duration negativeTtl = ttlPolicy.negativeTtl();
      if (!negativeTtl.isZero()) {
        local.putNegative(key, clock.millis() + negativeTtl.toMillis());
      }
      return LocalTier.NEGATIVE;
    }
    try {
      put(key, value, ttlPolicy.ttlForWrite(key, clock.instant()),
          type.isGeneric() ? type : ValueType.ofValue(value));
    } catch (CacheEntryTooLargeException e) {
      oversizedValues.increment();
      log.debug("Serving the loaded value of {} uncached: {}", key, e.getMessage());
    }
    return value;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(CacheKey key, Object value) {
    put(key, value, ttlPolicy.ttlForWrite(requireNonNull(key, "key"), clock.instant()));
  }

  @Override
  public void put(CacheKey key, Object value, Duration ttl) {
    put(key, value, ttl, ValueType.ofValue(requireNonNull(value, "value")));
  }

  @Override
  public <V> void put(CacheKey key, V value, TypeRef<V> type) {
    requireNonNull(type, "type");
    requireNonNull(value, "value");
    put(key, value, ttlPolicy.ttlForWrite(requireNonNull(key, "key"), clock.instant()), ValueType.of(type));
  }

  /** @param declared the type the value is stored as */
  private void put(CacheKey key, Object value, Duration ttl, ValueType declared) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    beginWrite();
    try {
      write(key, value, ttl, declared);
    } finally {
      writers.decrementAndGet();
    }
  }

  /**
   * Registers a write, so that {@link #close()} waits for it; every {@code beginWrite} is followed by
   * {@code writers.decrementAndGet()} in a {@code finally}.
   *
   * @throws IllegalStateException if the cache is closed
   */
  private void beginWrite() {
    writers.incrementAndGet();
    if (closed.get()) {
      writers.decrementAndGet();
      throw closedException();
    }
  }

  private void write(CacheKey key, Object value, Duration ttl, ValueType declared) {
    long now = clock.millis();
    long expiresAt = now + positiveMillis(ttl);
    String id = key.asString();
    meters.puts.increment();
    if (relay != null) {
      relay.follow(id);
    }
    boolean reachedBusTier = true;
    if (tiers.writable().length > 0) { // encode only when some tier stores bytes
      TierEntry entry = new TierEntry(envelope.encode(value, now, expiresAt, declared), now, expiresAt);
      reachedBusTier = writeThrough(tier -> tier.put(id, entry), 1);
    }
    // After the shared tiers: a concurrent read that fetched the old value from them must not keep it.
    local.bump(key);
    local.put(key, value, declared.type, expiresAt, weight(value));
    if (relay != null) {
      relay.publishKeys(List.of(id), reachedBusTier);
    }
  }

  /**
   * Runs one write or removal on every tier the mode allows, counting the ones that do not reach their
   * tier (each is kept by its guard for the repair).
   *
   * @return whether the tier carrying the invalidation bus, if any, took it: if not, the invalidation must
   *     wait until that tier has been repaired
   */
  private boolean writeThrough(java.util.function.Predicate<GuardedTier> write, int weight) {
    boolean reachedBusTier = true;
    for (GuardedTier tier : tiers.writable()) {
      if (!write.test(tier)) {
        writeFailures.add(weight);
        reachedBusTier &= tier.bus == null;
      }
    }
    return reachedBusTier;
  }

  /**
   * @return the in-process weight of a value: its estimated heap footprint, or its uncompressed encoded
   *     size where the estimate cannot walk it
   */
  private int weight(Object value) {
    long estimate = HeapWeigher.weigh(value);
    return (int) Math.min(Integer.MAX_VALUE / 2, estimate >= 0 ? estimate : envelope.payloadSize(value));
  }

  /** @return the TTL in milliseconds, at least 1, at most {@link AdaptiveCache#MAXIMUM_TTL} */
  private static long positiveMillis(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return ttl.compareTo(MAXIMUM_TTL) > 0 ? MAXIMUM_TTL.toMillis() : Math.max(1, ttl.toMillis());
  }

  @Override
  public void putAll(Map<CacheKey, ?> values) {
    requireNonNull(values, "values");
    beginWrite();
    try {
      writeAll(values);
    } finally {
      writers.decrementAndGet();
    }
  }

  private void writeAll(Map<CacheKey, ?> values) {
    long now = clock.millis();
    Map<CacheKey, TierEntry> encoded = new LinkedHashMap<>();
    requireNonNull(values, "values").forEach((key, value) -> {
      requireNonNull(key, "values contains a null key");
      requireNonNull(value, () -> "value of " + key + " is null");
      long expiresAt = now + positiveMillis(ttlPolicy.ttlForWrite(key, java.time.Instant.ofEpochMilli(now)));
      encoded.put(key, new TierEntry(envelope.encode(value, now, expiresAt), now, expiresAt));
    });
    Map<String, TierEntry> byId = new LinkedHashMap<>();
    encoded.forEach((key, entry) -> byId.put(key.asString(), entry));
    meters.puts.add(byId.size());
    if (relay != null) {
      byId.keySet().forEach(relay::follow);
    }
    boolean reachedBusTier = byId.isEmpty() || writeThrough(tier -> tier.putAll(byId), byId.size());
    encoded.forEach((key, entry) -> {
      local.bump(key);
      Object value = values.get(key);
      local.put(key, value, value.getClass(), entry.expiresAtMillis(), weight(value));
    });
    if (relay != null && !byId.isEmpty()) {
      relay.publishKeys(List.copyOf(byId.keySet()), reachedBusTier);
    }
  }

  @Override
  public void invalidate(CacheKey key) {
    String id = requireNonNull(key, "key").asString();
    beginWrite();
    try {
      remove(key, id);
    } finally {
      writers.decrementAndGet();
    }
  }

  private void remove(CacheKey key, String id) {
    boolean reachedBusTier = writeThrough(tier -> tier.remove(id), 1);
    local.bump(key);
    local.invalidate(key);
    if (relay != null) {
      relay.publishKeys(List.of(id), reachedBusTier);
    }
  }

  @Override
  public void invalidateNamespace(String namespace) {
    String prefix = CacheKey.namespacePrefix(namespace);
    beginWrite();
    try {
      boolean reachedBusTier = writeThrough(tier -> tier.removeNamespace(prefix), 1);
      local.invalidateNamespace(namespace);
      if (relay != null) {
        relay.publishNamespace(prefix, reachedBusTier);
      }
    } finally {
      writers.decrementAndGet();
    }
  }

  // ---------------------------------------------------------------- async

  @Override
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type) {
    return async(() -> get(key, type));
  }

  @Override
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type,
      CacheLoader<? extends V> loader) {
    return async(() -> get(key, type, loader));
  }

  @Override
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type) {
    return async(() -> get(key, type));
  }

  @Override
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type,
      CacheLoader<? extends V> loader) {
    return async(() -> get(key, type, loader));
  }

  @Override
  public CompletableFuture<Void> putAsync(CacheKey key, Object value) {
    return async(() -> {
      put(key, value);
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> invalidateAsync(CacheKey key) {
    return async(() -> {
      invalidate(key);
      return null;
    });
  }

  /**
   * Runs on the executor; a closed cache gives a future failed with {@link IllegalStateException}, a
   * saturated executor one failed with {@link RejectedExecutionException}; never a throw.
   */
  private <T> CompletableFuture<T> async(java.util.function.Supplier<T> operation) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    try {
      return CompletableFuture.supplyAsync(operation, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closed.get() ? closedException() : e);
    }
  }

  // ---------------------------------------------------------------- reporting

  @Override
  public CacheStats stats() {
    List<CacheStats.TierStats> tierStats = new ArrayList<>();
    tierStats.add(new CacheStats.TierStats("memory", local.hits.sum(), local.misses.sum(),
        local.puts.sum(), 0, 0, 0));
    for (GuardedTier tier : tiers.all()) {
      long reads = tier.reads.sum();
      tierStats.add(new CacheStats.TierStats(tier.name(), tier.hits.sum(), tier.misses.sum(),
          tier.puts.sum(), tier.errors.sum(), tier.rejected.sum(),
          reads == 0 ? 0 : tier.readNanos.sum() / reads));
    }
    return new CacheStats(local.hits.sum() + sharedHits.sum(), misses.sum(), negativeHits.sum(), loads.sum(), loadFailures.sum(),
        staleServed.sum(), decodeFailures.sum(), typeMismatches.sum(), writeFailures.sum(),
        oversizedValues.sum(), tierStats);
  }

  @Override
  public CacheSavings savings() {
    return savings.snapshot();
  }

  @Override
  public BackendInfo backendInfo() {
    List<BackendInfo.TierInfo> infos = new ArrayList<>();
    infos.add(new BackendInfo.TierInfo("memory", true, "LOCAL", local.estimatedSize(), local.weightedSize(),
        Map.of("codec", envelope.codec().name())));
    for (GuardedTier tier : tiers.all()) {
      infos.add(TierReport.describe(tier, tiers.allowed(tier)));
    }
    GuardedTier[] readable = tiers.readable();
    return new BackendInfo(tiers.mode(), tiers.configuredMode(), readable.length == 0 ? "memory" : readable[0].name(),
        readable.length > 1, infos);
  }

  /** @return cheap readings of this cache's counters for binders; see {@link CacheInstrumentation} */
  public CacheInstrumentation instrumentation() {
    return instrumentation;
  }

  @Override
  public PerformanceMode performanceMode() {
    return tiers.mode();
  }

  /** Runs pending maintenance and one round of health probes now; for tests and tools. */
  public void runMaintenance() {
    local.cleanUp();
    tiers.probeAll();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    awaitWriters();
    if (ownsExecutor) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        executor.shutdownNow();
      }
    }
    tiers.close();
    log.atInfo().setMessage("AdaptiveCache closed").addKeyValue("event", "cache_closed").log();
  }

  /** Waits (up to 10 s) for writes that began before {@link #close()}, so none lands after it returns. */
  private void awaitWriters() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writers.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (writers.get() > 0) {
      log.warn("Closing the cache while {} writes are still running after 10 s", writers.get());
    }
  }

  @Override
  public String toString() {
    return "AdaptiveCache{mode=" + tiers.mode() + ", tiers="
        + List.of(tiers.all()).stream().map(GuardedTier::name).toList() + '}';
  }
}
