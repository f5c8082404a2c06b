package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheEntryTooLargeException;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheSerializationException;
import io.tradingagents.cache.TtlPolicy;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's write path: puts, batch puts, the storing of bulk-loaded values, and invalidations. A write
 * is encoded once (only when some tier stores bytes), written to every shared tier the mode allows (the
 * tier with the invalidation log last, with its log appends in the same call), then put into memory, and
 * its invalidation sent; see {@code docs/architecture.md}. Writes register themselves so that closing the
 * cache waits for them. Thread-safe.
 */
final class Writes {
  private static final Logger log = LoggerFactory.getLogger(Writes.class);

  private final Clock clock;
  private final TtlPolicy ttlPolicy;
  private final Envelope envelope;
  private final LocalTier local;
  private final Tiers tiers;
  private final Reads reads;
  private final EngineCounters counters;
  private final EngineMeters meters;
  private final @Nullable InvalidationRelay relay;
  /** The writable tier whose writes carry their invalidation-log appends ({@link #writeShared}), if any. */
  private final @Nullable GuardedTier logTier;
  private final AtomicBoolean closed;
  /** Writes running now: {@link #awaitWriters()} waits for them, so nothing is written after close. */
  private final AtomicInteger writers = new AtomicInteger();

  /** @param closed the cache's closed flag: a write that begins after it was set is refused */
  Writes(Clock clock, TtlPolicy ttlPolicy, Envelope envelope, LocalTier local, Tiers tiers, Reads reads,
      EngineCounters counters, EngineMeters meters, @Nullable InvalidationRelay relay, AtomicBoolean closed) {
    this.clock = clock;
    this.ttlPolicy = ttlPolicy;
    this.envelope = envelope;
    this.local = local;
    this.tiers = tiers;
    this.reads = reads;
    this.counters = counters;
    this.meters = meters;
    this.relay = relay;
    this.closed = closed;
    GuardedTier withLog = relay == null ? null : relay.logTier();
    this.logTier = java.util.Arrays.asList(tiers.writable()).contains(withLog) ? withLog : null;
  }

  /** @param declared the type the value is stored as */
  void put(CacheKey key, Object value, Duration ttl, ValueType declared) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    registered(() -> write(key, value, ttl, declared));
  }

  /**
   * Runs a write registered, so that {@link #awaitWriters()} (the cache's close) waits for it.
   *
   * @throws IllegalStateException if the cache is closed
   */
  private <T> T registered(java.util.function.Supplier<T> write) {
    writers.incrementAndGet();
    try {
      if (closed.get()) {
        throw DefaultAdaptiveCache.closedException();
      }
      return write.get();
    } finally {
      writers.decrementAndGet();
    }
  }

  private void registered(Runnable write) {
    registered(() -> {
      write.run();
      return null;
    });
  }

  private void write(CacheKey key, Object value, Duration ttl, ValueType declared) {
    long now = clock.millis();
    long expiresAt = now + positiveMillis(ttl);
    String id = key.asString();
    meters.puts.increment();
    if (relay != null) {
      relay.follow(key);
    }
    TierEntry entry = tiers.writable().length == 0 ? null // encode only when some tier stores bytes
        : envelope.encode(value, now, expiresAt, declared);
    writeShared(List.of(id), entry == null ? Map.of() : Map.of(id, entry), tier -> tier.put(id, entry),
        () -> intoMemory(key, value, declared, expiresAt));
  }

  /** After the shared tiers: a concurrent read that fetched the old value from them must not keep it. */
  private void intoMemory(CacheKey key, Object value, ValueType declared, long expiresAt) {
    local.bump(key);
    local.put(key, value, declared.type, expiresAt, reads.weight(value));
  }

  /**
   * Writes {@code entries} to every tier the mode allows, counting the ones that do not reach their tier
   * (each is kept by its guard for the repair), then runs {@code intoMemory}, and sends the invalidation
   * of {@code ids}. The tier that carries the invalidation log is written last, with the log appends in
   * the same call ({@link InvalidationRelay#writeAndLog}, one round trip on Redis), so that its log entry
   * follows every tier's write; without a log the message is published after the writes, and waits for
   * the repair if the bus tier missed them (publishing now would send other instances to re-read the old
   * value).
   *
   * @param write how each tier without the log stores {@code entries} (one {@code put} or a {@code putAll})
   */
  private void writeShared(List<String> ids, Map<String, TierEntry> entries,
      java.util.function.Predicate<GuardedTier> write, Runnable intoMemory) {
    boolean reachedBusTier = true;
    boolean sent = false;
    if (!entries.isEmpty()) {
      reachedBusTier = writeThrough(write, entries.size(), logTier);
      if (logTier != null) {
        sent = true;
        if (relay.writeAndLog(ids, entries) == GuardedTier.LoggedWrite.FAILED) {
          counters.writeFailures.add(entries.size());
        }
      }
    }
    intoMemory.run();
    if (relay != null && !sent && !ids.isEmpty()) {
      relay.publishKeys(ids, reachedBusTier);
    }
  }

  /**
   * Runs one write or removal on every tier the mode allows but {@code skip}, counting the ones that do
   * not reach their tier (each is kept by its guard for the repair).
   *
   * @return whether the tier carrying the invalidation bus, if any, took it: if not, the invalidation must
   *     wait until that tier has been repaired
   */
  private boolean writeThrough(java.util.function.Predicate<GuardedTier> write, int weight,
      @Nullable GuardedTier skip) {
    boolean reachedBusTier = true;
    for (GuardedTier tier : tiers.writable()) {
      if (tier != skip && !write.test(tier)) {
        counters.writeFailures.add(weight);
        reachedBusTier &= tier.bus == null;
      }
    }
    return reachedBusTier;
  }

  /** @return the TTL in milliseconds, at least 1, at most {@link AdaptiveCache#MAXIMUM_TTL} */
  private static long positiveMillis(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    Duration maximum = AdaptiveCache.MAXIMUM_TTL;
    return ttl.compareTo(maximum) > 0 ? maximum.toMillis() : Math.max(1, ttl.toMillis());
  }

  void putAll(Map<CacheKey, ?> values) {
    requireNonNull(values, "values");
    registered(() -> writeAll(values));
  }

  private void writeAll(Map<CacheKey, ?> values) {
    long now = clock.millis();
    Map<CacheKey, BulkLoads.Write> writes = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      requireNonNull(key, "values contains a null key");
      requireNonNull(value, () -> "value of " + key + " is null");
      writes.put(key, new BulkLoads.Write(value, ttlPolicy.ttlForWrite(key, Instant.ofEpochMilli(now)),
          ValueType.ofValue(value)));
    });
    Map<String, TierEntry> byId = new LinkedHashMap<>();
    writes.forEach((key, write) -> byId.put(key.asString(), encode(write, now))); // may throw: none written
    writeBatch(writes, byId, now);
  }

  /**
   * Stores what a bulk load returned, one batch per tier. A value too large to store is left out and
   * served uncached (counted); one the codec cannot encode is left out and reported.
   *
   * @return the keys whose value could not be encoded, with why
   */
  Map<CacheKey, RuntimeException> storeLoaded(Map<CacheKey, BulkLoads.Write> writes) {
    if (writes.isEmpty()) {
      return new LinkedHashMap<>();
    }
    return registered(() -> {
      long now = clock.millis();
      Map<String, TierEntry> byId = new LinkedHashMap<>();
      Map<CacheKey, RuntimeException> refused = new LinkedHashMap<>();
      java.util.Set<CacheKey> leftOut = new java.util.HashSet<>(); // the refused and the too large
      if (tiers.writable().length > 0) { // encode only when some tier stores bytes, as put does
        for (Map.Entry<CacheKey, BulkLoads.Write> write : writes.entrySet()) {
          try {
            byId.put(write.getKey().asString(), encode(write.getValue(), now));
          } catch (CacheEntryTooLargeException e) {
            counters.oversizedValues.increment();
            log.debug("Serving the loaded value of {} uncached: {}", write.getKey(), e.getMessage());
            leftOut.add(write.getKey()); // served, not stored
          } catch (CacheSerializationException e) {
            leftOut.add(write.getKey());
            refused.put(write.getKey(), e);
          }
        }
      }
      Map<CacheKey, BulkLoads.Write> storable = writes;
      if (!leftOut.isEmpty()) {
        storable = new LinkedHashMap<>(writes);
        storable.keySet().removeAll(leftOut);
      }
      writeBatch(storable, byId, now);
      return refused;
    });
  }

  private TierEntry encode(BulkLoads.Write write, long now) {
    long expiresAt = now + positiveMillis(write.ttl());
    return envelope.encode(write.value(), now, expiresAt, write.declared());
  }

  /** Writes {@code byId} to every writable tier in one batch each, then {@code writes} into memory. */
  private void writeBatch(Map<CacheKey, BulkLoads.Write> writes, Map<String, TierEntry> byId, long now) {
    meters.puts.add(writes.size());
    List<String> ids = relay == null ? List.of() : writes.keySet().stream().map(CacheKey::asString).toList();
    if (relay != null) {
      writes.keySet().forEach(relay::follow);
    }
    writeShared(ids, byId, tier -> tier.putAll(byId), () -> writes.forEach((key, write) ->
        intoMemory(key, write.value(), write.declared(), now + positiveMillis(write.ttl()))));
  }

  void invalidate(CacheKey key) {
    String id = requireNonNull(key, "key").asString();
    registered(() -> remove(key, id));
  }

  private void remove(CacheKey key, String id) {
    boolean reachedBusTier = writeThrough(tier -> tier.remove(id), 1, null);
    local.bump(key);
    local.invalidate(key);
    if (relay != null) {
      relay.publishKeys(List.of(id), reachedBusTier);
    }
  }

  void invalidateNamespace(String namespace) {
    String prefix = CacheKey.namespacePrefix(namespace);
    registered(() -> {
      boolean reachedBusTier = writeThrough(tier -> tier.removeNamespace(prefix), 1, null);
      local.invalidateNamespace(namespace);
      if (relay != null) {
        relay.publishNamespace(prefix, reachedBusTier);
      }
    });
  }

  /** Waits (up to 10 s) for writes that began before the cache was closed, so none lands after it. */
  void awaitWriters() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writers.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (writers.get() > 0) {
      log.warn("Closing the cache while {} writes are still running after 10 s", writers.get());
    }
  }
}
