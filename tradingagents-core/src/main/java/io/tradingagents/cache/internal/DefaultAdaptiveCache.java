package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AsyncCacheLoader;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.BulkCacheLoader;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.CacheRead;
import io.tradingagents.cache.ExpiringLoader;
import io.tradingagents.cache.CacheSavings;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.cache.ReadOptions;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.TypeRef;
import io.tradingagents.monitoring.CacheInstrumentation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: see {@link AdaptiveCache} for the contract and {@code docs/architecture.md} for the read and
 * write paths.
 */
public final class DefaultAdaptiveCache implements AdaptiveCache {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdaptiveCache.class);
  private static final Object MISS = Reads.MISS;
  private static final Object MISMATCH = Reads.MISMATCH;

  private final Clock clock;
  private final TtlPolicy ttlPolicy;
  private final Envelope envelope;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final LocalTier local;
  private final Tiers tiers;
  private final Copies copies;
  private final Savings savings;
  private final @Nullable InvalidationRelay relay;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final EngineCounters counters = new EngineCounters();
  private final Reads reads;
  private final Writes writes;
  private final Loads loads;
  private final AsyncLoads asyncLoads;
  private final FreshReads freshReads;
  private final @Nullable Refresher refresher;
  private final BulkLoads bulkLoads;
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
    this.copies = new Copies(tiers, executor, counters.writeFailures);
    this.savings = new Savings(config.upstreamCosts());
    for (GuardedTier tier : tiers.all()) {
      tier.meters = meters;
    }
    this.instrumentation = new EngineInstrumentation(local, tiers, savings, meters, config.maximumBytes(),
        counters.forMeters(local));
    GuardedTier busTier = tiers.busTier();
    this.relay = busTier == null ? null : new InvalidationRelay(busTier, local, copies::invalidateLocalFiles,
        tiers::maintainNow, tiers.scheduler(), config.maxServeWithoutLog(), meters);
    if (relay != null) {
      relay.start();
      tiers.afterEachProbe(relay::afterProbe);
    }
    this.reads = new Reads(clock, envelope, local, tiers, copies, counters, () -> relay);
    this.writes = new Writes(clock, ttlPolicy, envelope, local, tiers, reads, counters, meters, relay, closed);
    CrossInstanceLoads crossInstanceLoads = new CrossInstanceLoads(tiers, config.loadLockLease());
    this.loads = new Loads(clock, ttlPolicy, local, reads, counters, meters, savings, crossInstanceLoads,
        writes::put);
    this.bulkLoads = new BulkLoads(loads, reads, counters, meters, savings, crossInstanceLoads,
        writes::storeLoaded);
    this.asyncLoads = new AsyncLoads(loads, reads, crossInstanceLoads, counters, meters, savings, executor,
        config.loadLockLease());
    this.freshReads = new FreshReads(clock, local, tiers, reads, loads, savings, meters, () -> relay);
    this.refresher = config.refreshAhead() == null ? null : new Refresher(config.refreshAhead(), clock, local,
        tiers, loads, counters, meters, config.loadLockLease());
    if (refresher != null) {
      refresher.start(tiers.scheduler(), executor);
    }
    log.atInfo().setMessage("AdaptiveCache started: mode {}, tiers {}, memory bound {} bytes, codec {}")
        .addArgument(tiers.mode()).addArgument(List.of(tiers.all()).stream().map(GuardedTier::name).toList())
        .addArgument(config.maximumBytes()).addArgument(envelope.codec().name())
        .addKeyValue("event", "cache_started").addKeyValue("mode", tiers.mode().name().toLowerCase(Locale.ROOT))
        .log();
    if (!local.enabled && tiers.all().length == 0) {
      log.atWarn().setMessage("This cache stores nothing: the in-process tier is off (TA_CACHE_MEMORY_ENABLED="
          + "false) and no shared tier is configured, so every read misses and every loader call goes upstream. "
          + "Configure a tier (REDIS_HOST, MONGODB_HOST, or the file tier's jar with TA_CACHE_FILE_ENABLED=true) "
          + "or turn the in-process tier back on").addKeyValue("event", "cache_stores_nothing").log();
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type) {
    ensureOpen();
    Object found = reads.readLocal(requireNonNull(key, "key"), requireNonNull(type, "type"), null);
    if (found == MISS) {
      long start = System.nanoTime();
      found = reads.readShared(key, ValueType.of(type), true);
      meters.missPath(start);
    }
    return found == LocalTier.NEGATIVE || found == MISMATCH || found == MISS ? null : (V) found;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, TypeRef<V> type) {
    ensureOpen();
    ValueType valueType = ValueType.of(requireNonNull(type, "type"));
    Object found = reads.readLocal(requireNonNull(key, "key"), valueType.raw, valueType);
    if (found == MISS) {
      long start = System.nanoTime();
      found = reads.readShared(key, valueType, true);
      meters.missPath(start);
    }
    return found == LocalTier.NEGATIVE || found == MISMATCH || found == MISS ? null : (V) found;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  static IllegalStateException closedException() {
    return new IllegalStateException("This AdaptiveCache is closed; build a new one with "
        + "AdaptiveCache.builder().build() (a closed cache neither reads nor writes)");
  }

  @Override
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type) {
    ensureOpen();
    return reads.readAll(keys, ValueType.of(requireNonNull(type, "type")));
  }

  @Override
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, TypeRef<V> type) {
    ensureOpen();
    return reads.readAll(keys, ValueType.of(requireNonNull(type, "type")));
  }

  // ---------------------------------------------------------------- reads that say how fresh

  @Override
  public <V> CacheRead<V> read(CacheKey key, Class<V> type, ReadOptions options) {
    ensureOpen();
    return freshReads.read(requireNonNull(key, "key"), ValueType.of(requireNonNull(type, "type")), null, options);
  }

  @Override
  public <V> CacheRead<V> read(CacheKey key, TypeRef<V> type, ReadOptions options) {
    ensureOpen();
    return freshReads.read(requireNonNull(key, "key"), ValueType.of(requireNonNull(type, "type")), null, options);
  }

  @Override
  public <V> CacheRead<V> read(CacheKey key, Class<V> type, CacheLoader<? extends V> loader, ReadOptions options) {
    ensureOpen();
    ValueType valueType = ValueType.of(requireNonNull(type, "type"));
    touch(requireNonNull(key, "key"), valueType, requireNonNull(loader, "loader"));
    return freshReads.read(key, valueType, loader, options);
  }

  @Override
  public <V> CacheRead<V> read(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader,
      ReadOptions options) {
    ensureOpen();
    ValueType valueType = ValueType.of(requireNonNull(type, "type"));
    touch(requireNonNull(key, "key"), valueType, requireNonNull(loader, "loader"));
    return freshReads.read(key, valueType, loader, options);
  }

  @Override
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, Class<V> type,
      BulkCacheLoader<? extends V> loader) {
    ensureOpen();
    return bulkLoads.getAll(keys, ValueType.of(requireNonNull(type, "type")), requireNonNull(loader, "loader"));
  }

  @Override
  public <V> Map<CacheKey, V> getAll(Collection<CacheKey> keys, TypeRef<V> type,
      BulkCacheLoader<? extends V> loader) {
    ensureOpen();
    return bulkLoads.getAll(keys, ValueType.of(requireNonNull(type, "type")), requireNonNull(loader, "loader"));
  }

  // ---------------------------------------------------------------- loads

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V get(CacheKey key, Class<V> type, CacheLoader<? extends V> loader) {
    return getOrLoad(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> @Nullable V getWithExpiry(CacheKey key, Class<V> type, ExpiringLoader<? extends V> loader) {
    requireNonNull(loader, "loader");
    // The engine's loads unwrap a Loaded and store its value with the expiry it carries.
    CacheLoader<V> unwrapping = k -> (V) requireNonNull(loader.load(k), () -> "The ExpiringLoader of " + k
        + " returned null; return Loaded.lasting(null, ttl) for \"no data\"");
    return getOrLoad(key, ValueType.of(requireNonNull(type, "type")), unwrapping);
  }

  @Override
  public <V> @Nullable V get(CacheKey key, TypeRef<V> type, CacheLoader<? extends V> loader) {
    return getOrLoad(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  @SuppressWarnings("unchecked")
  private <V> @Nullable V getOrLoad(CacheKey key, ValueType type, CacheLoader<? extends V> loader) {
    ensureOpen();
    touch(requireNonNull(key, "key"), type, requireNonNull(loader, "loader"));
    Object found = reads.readLocal(key, type.raw, type.isGeneric() ? type : null);
    if (found != MISS && found != MISMATCH) {
      savings.avoided(key);
      return found == LocalTier.NEGATIVE ? null : (V) found;
    }
    long start = System.nanoTime();
    try {
      if (found == MISS) {
        found = reads.readShared(key, type, true);
      }
      if (found == MISMATCH) {
        return loads.uncached(key, type, loader);
      }
      if (found != MISS) {
        savings.avoided(key);
        return (V) found;
      }
      return loads.shared(key, type, loader);
    } finally {
      meters.missPath(start);
    }
  }

  /** Tells refresh-ahead, if on, that the key was read with this loader; nothing more if it is off. */
  private void touch(CacheKey key, ValueType type, CacheLoader<?> loader) {
    Refresher current = refresher;
    if (current != null) {
      current.touch(key, type, loader);
    }
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
  public void put(CacheKey key, Object value, Instant expiresAt) {
    Duration ttl = Duration.between(clock.instant(), requireNonNull(expiresAt, "expiresAt"));
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("expiresAt must be in the future but was " + expiresAt
          + " (now " + clock.instant() + ")");
    }
    put(key, value, ttl);
  }

  @Override
  public <V> void put(CacheKey key, V value, TypeRef<V> type) {
    requireNonNull(type, "type");
    requireNonNull(value, "value");
    put(key, value, ttlPolicy.ttlForWrite(requireNonNull(key, "key"), clock.instant()), ValueType.of(type));
  }

  /** @param declared the type the value is stored as */
  void put(CacheKey key, Object value, Duration ttl, ValueType declared) {
    writes.put(key, value, ttl, declared);
  }

  @Override
  public void putAll(Map<CacheKey, ?> values) {
    writes.putAll(values);
  }

  @Override
  public void invalidate(CacheKey key) {
    writes.invalidate(key);
  }

  @Override
  public void invalidateNamespace(String namespace) {
    writes.invalidateNamespace(namespace);
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
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, Class<V> type,
      AsyncCacheLoader<? extends V> loader) {
    return loadAsync(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  @Override
  public <V> CompletableFuture<@Nullable V> getAsync(CacheKey key, TypeRef<V> type,
      AsyncCacheLoader<? extends V> loader) {
    return loadAsync(key, ValueType.of(requireNonNull(type, "type")), loader);
  }

  /** A memory hit on the caller's thread; the shared read on the executor; the load holds no thread. */
  @SuppressWarnings("unchecked")
  private <V> CompletableFuture<@Nullable V> loadAsync(CacheKey key, ValueType type,
      AsyncCacheLoader<? extends V> loader) {
    requireNonNull(key, "key");
    requireNonNull(loader, "loader");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    Object found = reads.readLocal(key, type.raw, type.isGeneric() ? type : null);
    if (found != MISS && found != MISMATCH) {
      savings.avoided(key);
      return CompletableFuture.completedFuture(found == LocalTier.NEGATIVE ? null : (V) found);
    }
    boolean heldByAnotherType = found == MISMATCH;
    return this.<Object>async(() -> heldByAnotherType ? MISMATCH : reads.readShared(key, type, true))
        .thenCompose(shared -> {
          if (shared == MISMATCH) {
            return asyncLoads.uncached(key, loader);
          }
          if (shared != MISS) {
            savings.avoided(key);
            return CompletableFuture.completedFuture(shared);
          }
          return asyncLoads.shared(key, type, loader);
        })
        .thenApply(result -> result == LocalTier.NEGATIVE ? null : (V) result);
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
    return counters.snapshot(local, tiers);
  }

  @Override
  public CacheSavings savings() {
    return savings.snapshot();
  }

  @Override
  public BackendInfo backendInfo() {
    List<BackendInfo.TierInfo> infos = new ArrayList<>();
    infos.add(new BackendInfo.TierInfo("memory", local.enabled, local.enabled ? "LOCAL" : "DISABLED", local.estimatedSize(), local.weightedSize(),
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
  public int refreshNow() {
    return refreshNow(Runnable::run);
  }

  /**
   * Runs one refresh-ahead round now, handing the reloads to {@code executor}; for tests and tools.
   *
   * @param executor runs each reload started
   * @return reloads started; 0 if refresh-ahead is off or the cache is closed
   */
  public int refreshNow(java.util.concurrent.Executor executor) {
    requireNonNull(executor, "executor");
    Refresher current = refresher;
    return current == null || closed.get() ? 0 : current.runRound(executor);
  }

  /** @return keys in the refresh-ahead hot set; 0 if refresh-ahead is off */
  public long refreshHotKeys() {
    Refresher current = refresher;
    return current == null ? 0 : current.hotKeys();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (refresher != null) {
      refresher.close();
    }
    writes.awaitWriters();
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

  @Override
  public String toString() {
    return "AdaptiveCache{mode=" + tiers.mode() + ", tiers="
        + List.of(tiers.all()).stream().map(GuardedTier::name).toList() + '}';
  }
}
