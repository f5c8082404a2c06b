package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.CacheLoader;
import io.tradingagents.cache.CacheRead;
import io.tradingagents.cache.CacheRead.StaleReason;
import io.tradingagents.cache.ReadOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code read}: the read path of {@code get} (with or without a loader) that also says where the value came
 * from, when it was written and expires, and whether it was served stale; records the served age per kind.
 * The plain {@code get} does not come here, so its in-process hit stays allocation-free.
 */
final class FreshReads {
  private static final Object MISS = Reads.MISS;
  private static final Object MISMATCH = Reads.MISMATCH;
  /** An expiry that is not known: the value was not stored. */
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final Clock clock;
  private final LocalTier local;
  private final Tiers tiers;
  private final Reads reads;
  private final Loads loads;
  private final Savings savings;
  private final EngineMeters meters;
  private final Supplier<@Nullable InvalidationRelay> relay;

  FreshReads(Clock clock, LocalTier local, Tiers tiers, Reads reads, Loads loads, Savings savings,
      EngineMeters meters, Supplier<@Nullable InvalidationRelay> relay) {
    this.clock = clock;
    this.local = local;
    this.tiers = tiers;
    this.reads = reads;
    this.loads = loads;
    this.savings = savings;
    this.meters = meters;
    this.relay = relay;
  }

  /**
   * @param loader loads on a miss; {@code null} for a read without a loader
   * @throws CacheLoadException if the loader failed and no stale value within the limits could be served
   */
  <V> CacheRead<V> read(CacheKey key, ValueType type, @Nullable CacheLoader<? extends V> loader,
      ReadOptions options) {
    Duration limit = requireNonNull(options, "options").maxStaleness();
    long maxStaleMillis = limit == null ? Long.MAX_VALUE : limit.toMillis();
    LocalTier.Entry entry = local.getIfPresent(key);
    Object found = reads.answer(entry, type.raw, type.isGeneric() ? type : null);
    if (entry != null && found != MISMATCH) {
      if (loader != null) {
        savings.avoided(key);
      }
      InvalidationRelay following = relay.get();
      return served(key, found, CacheRead.MEMORY, entry.writtenAtMillis, entry.expiresAtMillis,
          following != null && following.disconnected() ? StaleReason.TIER_DOWN : StaleReason.NONE);
    }
    long start = System.nanoTime();
    try {
      Reads.Found where = new Reads.Found();
      if (found == MISS) {
        found = reads.readShared(key, type, true, where);
      }
      if (found != MISS && found != MISMATCH) {
        if (loader != null) {
          savings.avoided(key);
        }
        return served(key, found, where.tier, where.writtenAtMillis, where.expiresAtMillis, StaleReason.NONE);
      }
      if (loader == null) {
        return found == MISS ? staleWhileTiersDown(key, type, maxStaleMillis) : miss();
      }
      if (found == MISMATCH) {
        return served(key, loads.uncached(key, type, loader), CacheRead.LOADER, clock.millis(), UNKNOWN,
            StaleReason.NONE);
      }
      return loaded(key, loads.shared(key, type, loader, maxStaleMillis), maxStaleMillis);
    } finally {
      meters.missPath(start);
    }
  }

  /** Says what a load answered: the value it stored, a stale value, or a value it could not store. */
  private <V> CacheRead<V> loaded(CacheKey key, @Nullable Object value, long maxStaleMillis) {
    LocalTier.Entry stored = local.getIfPresent(key);
    if (stored != null && (stored.value == value || (value == null && stored.value == LocalTier.NEGATIVE))) {
      return served(key, stored.value, CacheRead.LOADER, stored.writtenAtMillis, stored.expiresAtMillis,
          StaleReason.NONE);
    }
    LocalTier.Entry stale = value == null ? null : local.staleEntry(key);
    if (stale != null && stale.value == value) {
      if (clock.millis() - stale.expiresAtMillis > maxStaleMillis) { // served by a load this call waited for
        throw new CacheLoadException(key, new IllegalStateException("the concurrent load this read waited for "
            + "failed, and the last value expired longer ago than this read's maxStaleness"));
      }
      return served(key, value, CacheRead.MEMORY, stale.writtenAtMillis, stale.expiresAtMillis,
          StaleReason.LOADER_FAILED);
    }
    return served(key, value == null ? LocalTier.NEGATIVE : value, CacheRead.LOADER, clock.millis(), UNKNOWN,
        StaleReason.NONE);
  }

  /**
   * A read without a loader that no tier answered: the last value, expired within its stale window and
   * the read's limit, if every shared tier the mode allows is down; otherwise a miss.
   */
  private <V> CacheRead<V> staleWhileTiersDown(CacheKey key, ValueType type, long maxStaleMillis) {
    if (tiers.readable().length > 0 || !anyAllowed()) {
      return miss();
    }
    LocalTier.Entry stale = local.staleEntry(key);
    if (stale == null || !type.accepts(stale.value, stale.type)
        || clock.millis() - stale.expiresAtMillis > maxStaleMillis) {
      return miss();
    }
    return served(key, stale.value, CacheRead.MEMORY, stale.writtenAtMillis, stale.expiresAtMillis,
        StaleReason.TIER_DOWN);
  }

  private boolean anyAllowed() {
    for (GuardedTier tier : tiers.all()) {
      if (tiers.allowed(tier)) {
        return true;
      }
    }
    return false;
  }

  private <V> CacheRead<V> miss() {
    return new CacheRead<>(null, CacheRead.NONE, null, null, clock.instant(), StaleReason.NONE);
  }

  @SuppressWarnings("unchecked")
  private <V> CacheRead<V> served(CacheKey key, Object found, String tier, long writtenAtMillis,
      long expiresAtMillis, StaleReason reason) {
    long now = clock.millis();
    meters.served(key, Math.max(0, now - writtenAtMillis), reason);
    return new CacheRead<>(found == LocalTier.NEGATIVE ? null : (V) found, tier, Instant.ofEpochMilli(writtenAtMillis),
        expiresAtMillis == UNKNOWN ? null : Instant.ofEpochMilli(expiresAtMillis), Instant.ofEpochMilli(now),
        reason);
  }
}
