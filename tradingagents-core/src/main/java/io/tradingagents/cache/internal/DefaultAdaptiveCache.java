package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine: see {@link AdaptiveCache} for the contract and DESIGN.md for the read and write paths. */
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

  /**
   * @param config the resolved configuration; the cache owns its tiers from now on
   */
  public DefaultAdaptiveCache(EngineConfig config) {
    this.clock = config.clock();
    this.ttlPolicy = config.ttlPolicy();
    this.envelope = new Envelope(config.codec(), config.compressionThreshold());
    this.executor = config.executor();
    this.ownsExecutor = config.ownsExecutor();
    this.local = new LocalTier(config.maximumBytes(), clock, ttlPolicy);
    this.tiers = new Tiers(config.tiers(), config.modeOverride(), config.slowCallThreshold(),
        config.probeInterval(), clock);
    this.crossInstanceLoads = new CrossInstanceLoads(tiers, config.loadLockLease());
    this.copies = new Copies(tiers, executor, writeFailures);
    this.savings = new Savings(config.upstreamCosts());
    GuardedTier busTier = tiers.busTier();
    this.relay = busTier == null ? null : new InvalidationRelay(busTier, local, copies::invalidateLocalFiles,
        tiers::maintainNow, tiers.scheduler(), config.maxServeWithoutLog());
    if (relay != null) {
      relay.start();
      tiers.afterEachProbe(relay::afterProbe);
    }
    log.info("AdaptiveCache started: mode {}, tiers {}, memory bound {} bytes, codec {}",
        tiers.mode(), List.of(tiers.all()).stream().map(GuardedTier::name).toList(),
        config.maximumBytes(), envelope.codec().name());
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type) {
    Object found = readLocal(requireNonNull(key, "key"), requireNonNull(type, "type"));
    if (found == MISS) {
      return readShared(key, type);
    }
    return found == LocalTier.NEGATIVE || found == MISMATCH ? null : (V) found;
  }

  /** @return the value, {@link LocalTier#NEGATIVE}, {@link #MISMATCH} or {@link #MISS}; counts all */
  private Object readLocal(CacheKey key, Class<?> type) {
    LocalTier.Entry entry = local.getIfPresent(key);
    if (entry == null) {
      local.misses.increment();
      return MISS;
    }
    Object value = entry.value;
    if (type.isInstance(value)) {
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

  private <V> @Nullable V readShared(CacheKey key, Class<V> type) {
    String id = key.asString();
    if (relay != null) {
      relay.follow(id);
    }
    long epoch = local.epoch(key);
    GuardedTier[] readable = tiers.readable();
    for (int i = 0; i < readable.length; i++) {
      GuardedTier tier = readable[i];
      TierEntry entry = tier.get(id);
      V value = entry == null ? null : decodeOrDrop(tier, id, entry, type);
      if (value == null) {
        tier.misses.increment();
        continue;
      }
      tier.hits.increment();
      sharedHits.increment();
      local.fill(key, value, entry.expiresAtMillis(), entry.value().length, epoch);
      copies.backfill(readable, i, Map.of(id, entry));
      return value;
    }
    misses.increment();
    return null;
  }

  private <V> @Nullable V decodeOrDrop(GuardedTier tier, String id, TierEntry entry, Class<V> type) {
    if (entry.isExpired(clock.millis())) {
      return null;
    }
    try {
      return envelope.decode(entry.value(), type);
    } catch (Envelope.UndecodableException e) {
      decodeFailures.increment();
      log.warn("Dropping cache entry {} from tier {}: it {}", id, tier.name(), e.getMessage());
      log.debug("Decode failure of {}", id, e.getCause());
      tier.remove(id);
      return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type) {
    requireNonNull(type, "type");
    Map<CacheKey, V> result = new LinkedHashMap<>();
    Map<String, CacheKey> missing = new LinkedHashMap<>();
    Map<CacheKey, Long> epochs = new java.util.HashMap<>();
    for (CacheKey key : requireNonNull(keys, "keys")) {
      Object found = readLocal(requireNonNull(key, "keys contains null"), type);
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
    GuardedTier[] readable = tiers.readable();
    for (int i = 0; i < readable.length && !missing.isEmpty(); i++) {
      GuardedTier tier = readable[i];
      Map<String, TierEntry> found = tier.getAll(List.copyOf(missing.keySet()));
      Map<String, TierEntry> decoded = new LinkedHashMap<>();
      for (Map.Entry<String, TierEntry> e : found.entrySet()) {
        V value = decodeOrDrop(tier, e.getKey(), e.getValue(), type);
        CacheKey key = missing.get(e.getKey());
        if (value != null && key != null) {
          result.put(key, value);
          local.fill(key, value, e.getValue().expiresAtMillis(), e.getValue().value().length,
              epochs.get(key));
          missing.remove(e.getKey());
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
    return result;
  }

  // ---------------------------------------------------------------- loads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    requireNonNull(loader, "loader");
    Object found = readLocal(requireNonNull(key, "key"), requireNonNull(type, "type"));
    if (found != MISS && found != MISMATCH) {
      savings.avoided(key);
      return found == LocalTier.NEGATIVE ? null : (V) found;
    }
    if (found == MISS) {
      V shared = readShared(key, type);
      if (shared != null) {
        savings.avoided(key);
        return shared;
      }
    }
    return loadShared(key, type, loader);
  }

  /** Single-flight: the first caller of a key loads, concurrent callers wait for its result. */
  @SuppressWarnings("unchecked")
  private <V> @Nullable V loadShared(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    Flight mine = new Flight();
    Flight running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      if (running.owner == Thread.currentThread()) {
        throw new IllegalStateException("The loader of " + key + " asked the cache for " + key
            + " itself; a loader must not read the key it is loading");
      }
      Object result = await(key, running);
      savings.avoided(key); // another caller's load answered this one
      if (result == LocalTier.NEGATIVE) {
        return null;
      }
      return type.isInstance(result) ? (V) result : (V) load(key, type, loader);
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

  /** A load in progress, and the thread running it. */
  private static final class Flight extends CompletableFuture<Object> {
    final Thread owner = Thread.currentThread();
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
  private <V> Object load(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    LocalTier.Entry done = local.getIfPresent(key); // a load that finished just before ours registered
    if (done != null && (type.isInstance(done.value) || done.value == LocalTier.NEGATIVE)) {
      return done.value;
    }
    return crossInstanceLoads.run(key, () -> readShared(key, type), () -> callLoader(key, type, loader));
  }

  /** @return the loaded value, {@link LocalTier#NEGATIVE} or a stale value */
  private <V> Object callLoader(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    V value;
    try {
      value = loader.load(key);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      loadFailures.increment();
      Object stale = local.staleValue(key);
      if (type.isInstance(stale)) {
        staleServed.increment();
        log.debug("Loader of {} failed; serving the stale value", key, e);
        return stale;
      }
      throw new CacheLoadException(key, e);
    }
    loads.increment();
    if (value == null) {
      Duration negativeTtl = ttlPolicy.negativeTtl();
      if (!negativeTtl.isZero()) {
        local.putNegative(key, clock.millis() + negativeTtl.toMillis());
      }
      return LocalTier.NEGATIVE;
    }
    put(key, value, ttlPolicy.ttlForWrite(key));
    return value;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(CacheKey key, Object value) {
    put(key, value, ttlPolicy.ttlForWrite(requireNonNull(key, "key")));
  }

  @Override
  public void put(CacheKey key, Object value, Duration ttl) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    long now = clock.millis();
    long expiresAt = now + positiveMillis(ttl);
    byte[] bytes = envelope.encode(value, now, expiresAt);
    TierEntry entry = new TierEntry(bytes, now, expiresAt);
    String id = key.asString();
    if (relay != null) {
      relay.follow(id);
    }
    boolean reachedBusTier = writeThrough(tier -> tier.put(id, entry), 1);
    // After the shared tiers: a concurrent read that fetched the old value from them must not keep it.
    local.bump(key);
    local.put(key, value, expiresAt, bytes.length);
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

  private static long positiveMillis(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return Math.max(1, ttl.toMillis());
  }

  @Override
  public void putAll(Map<CacheKey, ?> values) {
    long now = clock.millis();
    Map<CacheKey, TierEntry> encoded = new LinkedHashMap<>();
    requireNonNull(values, "values").forEach((key, value) -> {
      requireNonNull(key, "values contains a null key");
      requireNonNull(value, () -> "value of " + key + " is null");
      long expiresAt = now + ttlPolicy.ttlForWrite(key).toMillis();
      encoded.put(key, new TierEntry(envelope.encode(value, now, expiresAt), now, expiresAt));
    });
    Map<String, TierEntry> byId = new LinkedHashMap<>();
    encoded.forEach((key, entry) -> byId.put(key.asString(), entry));
    if (relay != null) {
      byId.keySet().forEach(relay::follow);
    }
    boolean reachedBusTier = byId.isEmpty() || writeThrough(tier -> tier.putAll(byId), byId.size());
    encoded.forEach((key, entry) -> {
      local.bump(key);
      local.put(key, values.get(key), entry.expiresAtMillis(), entry.value().length);
    });
    if (relay != null && !byId.isEmpty()) {
      relay.publishKeys(List.copyOf(byId.keySet()), reachedBusTier);
    }
  }

  @Override
  public void invalidate(CacheKey key) {
    String id = requireNonNull(key, "key").asString();
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
    boolean reachedBusTier = writeThrough(tier -> tier.removeNamespace(prefix), 1);
    local.invalidateNamespace(namespace);
    if (relay != null) {
      relay.publishNamespace(prefix, reachedBusTier);
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

  /** Runs on the executor; a saturated or closed executor gives a failed future, never a throw. */
  private <T> CompletableFuture<T> async(java.util.function.Supplier<T> operation) {
    try {
      return CompletableFuture.supplyAsync(operation, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
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
        staleServed.sum(), decodeFailures.sum(), typeMismatches.sum(), writeFailures.sum(), tierStats);
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
    return new BackendInfo(tiers.mode(), readable.length == 0 ? "memory" : readable[0].name(),
        readable.length > 1, infos);
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
    log.info("AdaptiveCache closed");
  }

  @Override
  public String toString() {
    return "AdaptiveCache{mode=" + tiers.mode() + ", tiers="
        + List.of(tiers.all()).stream().map(GuardedTier::name).toList() + '}';
  }
}
