package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path: the in-process tier, then each readable shared tier in order, a hit copied into memory
 * and back-filled into the tiers above it. Counts each lookup once (see {@link EngineCounters}).
 */
final class Reads {
  private static final Logger log = LoggerFactory.getLogger(DefaultAdaptiveCache.class);
  /** {@link #readLocal} answers: nothing usable in memory. */
  static final Object MISS = new Object();
  /** {@link #readLocal} answers: a value of another type is stored. */
  static final Object MISMATCH = new Object();

  private final Clock clock;
  private final Envelope envelope;
  private final LocalTier local;
  private final Tiers tiers;
  private final Copies copies;
  private final EngineCounters counters;
  private final Supplier<@Nullable InvalidationRelay> relay;

  Reads(Clock clock, Envelope envelope, LocalTier local, Tiers tiers, Copies copies, EngineCounters counters,
      Supplier<@Nullable InvalidationRelay> relay) {
    this.clock = clock;
    this.envelope = envelope;
    this.local = local;
    this.tiers = tiers;
    this.copies = copies;
    this.counters = counters;
    this.relay = relay;
  }

  /**
   * @return the in-process weight of a value: its estimated heap footprint, or its uncompressed encoded
   *     size where the estimate cannot walk it
   */
  int weight(Object value) {
    if (!local.enabled) {
      return 0; // nothing is kept in memory: not worth weighing
    }
    long estimate = HeapWeigher.weigh(value);
    return (int) Math.min(Integer.MAX_VALUE / 2, estimate >= 0 ? estimate : envelope.payloadSize(value));
  }

  /**
   * @param raw the class asked for
   * @param generic the generic type asked for, or {@code null} for a plain class (the hot path)
   * @return the value, {@link LocalTier#NEGATIVE}, {@link #MISMATCH} or {@link #MISS}; counts all
   */
  Object readLocal(CacheKey key, Class<?> raw, @Nullable ValueType generic) {
    LocalTier.Entry entry = local.getIfPresent(key);
    if (entry == null) {
      if (local.enabled) {
        local.misses.increment();
      }
      return MISS;
    }
    Object value = entry.value;
    if (raw.isInstance(value) && (generic == null || generic.accepts(value, entry.type))) {
      local.hits.increment();
      return value;
    }
    if (value == LocalTier.NEGATIVE) {
      counters.negativeHits.increment();
      return value;
    }
    counters.typeMismatches.increment();
    counters.misses.increment();
    return MISMATCH;
  }

  /**
   * Reads the shared tiers in order and copies a hit into memory and the tiers above it.
   *
   * @param lookup whether this read answers a caller's lookup, and so counts as its one hit or miss; a
   *     re-read while waiting for another instance's load counts only at tier level
   * @return the value, {@link #MISMATCH} if a tier holds a value of another type, or {@link #MISS}
   */
  Object readShared(CacheKey key, ValueType type, boolean lookup) {
    String id = key.asString();
    InvalidationRelay following = relay.get();
    if (following != null) {
      following.follow(id);
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
        counters.sharedHits.increment();
      }
      local.fill(key, value, type.type, entry.expiresAtMillis(), weight(value), epoch);
      copies.backfill(readable, i, Map.of(id, entry));
      return value;
    }
    if (lookup) {
      counters.misses.increment();
      if (mismatch) {
        counters.typeMismatches.increment();
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
      return envelope.decode(entry.buffer(), entry.offset(), entry.length(), type);
    } catch (Envelope.TypeMismatchException e) {
      log.debug("Cache entry {} in tier {} holds another type: {}", id, tier.name(), e.getMessage());
      return MISMATCH;
    } catch (Envelope.UndecodableException e) {
      counters.decodeFailures.increment();
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

  /**
   * One in-process pass, then one batch read per shared tier for the keys still missing. Per key it
   * allocates only the result's map entry (and what the tier and the codec make); the keys still missing
   * are kept in arrays, compacted after each tier.
   */
  @SuppressWarnings("unchecked")
  <V> Map<CacheKey, V> readAll(Collection<CacheKey> keys, ValueType type) {
    int size = requireNonNull(keys, "keys").size();
    Map<CacheKey, V> result = new LinkedHashMap<>((int) (size / 0.75f) + 1);
    CacheKey[] missingKeys = new CacheKey[size];
    String[] missingIds = new String[size];
    long[] epochs = new long[size];
    boolean[] mismatched = null;
    int missing = 0;
    InvalidationRelay following = relay.get();
    for (CacheKey key : keys) {
      Object found = readLocal(requireNonNull(key, "keys contains null"), type.raw,
          type.isGeneric() ? type : null);
      if (found == MISS) {
        String id = key.asString();
        if (following != null) {
          following.follow(id);
        }
        missingKeys[missing] = key;
        missingIds[missing] = id;
        epochs[missing] = local.epoch(key);
        missing++;
      } else if (found != LocalTier.NEGATIVE && found != MISMATCH) {
        result.put(key, (V) found);
      }
    }
    GuardedTier[] readable = tiers.readable();
    for (int t = 0; t < readable.length && missing > 0; t++) {
      GuardedTier tier = readable[t];
      Map<String, TierEntry> found = tier.getAll(Arrays.asList(missingIds).subList(0, missing));
      // Only a hit below the first tier has tiers above it to copy into.
      Map<String, TierEntry> decoded = t == 0 ? null : new LinkedHashMap<>();
      int hits = 0;
      int still = 0;
      for (int i = 0; i < missing; i++) {
        String id = missingIds[i];
        TierEntry entry = found.get(id);
        Object value = entry == null ? null : decodeOrDrop(tier, id, entry, type);
        if (value == null || value == MISMATCH) {
          if (value == MISMATCH) {
            mismatched = mismatched != null ? mismatched : new boolean[size];
            mismatched[i] = true;
          }
          missingKeys[still] = missingKeys[i];
          missingIds[still] = id;
          epochs[still] = epochs[i];
          if (mismatched != null) {
            mismatched[still] = mismatched[i];
          }
          still++;
          continue;
        }
        CacheKey key = missingKeys[i];
        result.put(key, (V) value);
        local.fill(key, value, type.type, entry.expiresAtMillis(), weight(value), epochs[i]);
        hits++;
        if (decoded != null) {
          decoded.put(id, entry);
        }
      }
      missing = still;
      tier.hits.add(hits);
      tier.misses.add(missing);
      counters.sharedHits.add(hits);
      if (decoded != null && !decoded.isEmpty()) {
        copies.backfill(readable, t, decoded);
      }
    }
    counters.misses.add(missing);
    int mismatches = 0;
    for (int i = 0; mismatched != null && i < missing; i++) {
      mismatches += mismatched[i] ? 1 : 0;
    }
    counters.typeMismatches.add(mismatches);
    return result;
  }
}
