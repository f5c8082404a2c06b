package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    return answer(local.getIfPresent(key), raw, generic);
  }

  /**
   * {@link #readLocal} of an entry already looked up, so that a caller can also see its times.
   *
   * @param entry the in-process entry, or {@code null} if there is none
   */
  Object answer(LocalTier.@Nullable Entry entry, Class<?> raw, @Nullable ValueType generic) {
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
    return readShared(key, type, lookup, null);
  }

  /** Where a shared read found its value, for {@code read}'s answer. */
  static final class Found {
    String tier = "";
    long writtenAtMillis;
    long expiresAtMillis;
  }

  /**
   * {@link #readShared(CacheKey, ValueType, boolean)} that also says where the value was found.
   *
   * @param found filled with the tier and the entry's times on a hit; {@code null} if not wanted
   */
  Object readShared(CacheKey key, ValueType type, boolean lookup, @Nullable Found found) {
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
      local.fill(key, value, type.type, entry.createdAtMillis(), entry.expiresAtMillis(), weight(value), epoch);
      copies.backfill(readable, i, Map.of(id, entry));
      if (found != null) {
        found.tier = tier.name();
        found.writtenAtMillis = entry.createdAtMillis();
        found.expiresAtMillis = entry.expiresAtMillis();
      }
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
      return envelope.decode(entry.value(), type);
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

  <V> Map<CacheKey, V> readAll(Collection<CacheKey> keys, ValueType type) {
    return this.<V>readBatch(keys, type).found;
  }

  /** What {@link #readBatch} found, and what it did not. */
  static final class Batch<V> {
    /** Values found, in the order asked. */
    final Map<CacheKey, V> found = new LinkedHashMap<>();
    /** Keys no tier holds. */
    final Set<CacheKey> missing = new LinkedHashSet<>();
    /** Keys holding a value of another type. */
    final Set<CacheKey> mismatched = new LinkedHashSet<>();
    /** Keys answered "no data" from memory. */
    final Set<CacheKey> negative = new LinkedHashSet<>();
  }

  /** Reads many keys: memory first, then each shared tier in one batch; counts each key once. */
  @SuppressWarnings("unchecked")
  <V> Batch<V> readBatch(Collection<CacheKey> keys, ValueType type) {
    Batch<V> batch = new Batch<>();
    Map<String, CacheKey> missing = new LinkedHashMap<>();
    Map<CacheKey, Long> epochs = new java.util.HashMap<>();
    for (CacheKey key : requireNonNull(keys, "keys")) {
      Object found = readLocal(requireNonNull(key, "keys contains null"), type.raw,
          type.isGeneric() ? type : null);
      if (found == MISS) {
        prepareShared(key, missing, epochs);
      } else if (found == LocalTier.NEGATIVE) {
        batch.negative.add(key);
      } else if (found == MISMATCH) {
        batch.mismatched.add(key);
      } else {
        batch.found.put(key, (V) found);
      }
    }
    Set<String> mismatched = readSharedAll(missing, epochs, type, batch.found, true);
    for (CacheKey key : missing.values()) {
      (mismatched.contains(key.asString()) ? batch.mismatched : batch.missing).add(key);
    }
    return batch;
  }

  /**
   * Re-reads the shared tiers for keys another instance may have loaded meanwhile, one batch per tier;
   * counts only at tier level (the caller's lookup was counted already).
   *
   * @return the values found
   */
  <V> Map<CacheKey, V> rereadShared(Collection<CacheKey> keys, ValueType type) {
    Map<String, CacheKey> missing = new LinkedHashMap<>();
    Map<CacheKey, Long> epochs = new java.util.HashMap<>();
    keys.forEach(key -> prepareShared(key, missing, epochs));
    Map<CacheKey, V> found = new LinkedHashMap<>();
    readSharedAll(missing, epochs, type, found, false);
    return found;
  }

  private void prepareShared(CacheKey key, Map<String, CacheKey> missing, Map<CacheKey, Long> epochs) {
    missing.put(key.asString(), key);
    InvalidationRelay following = relay.get();
    if (following != null) {
      following.follow(key.asString());
    }
    epochs.put(key, local.epoch(key));
  }

  /**
   * Reads {@code missing} from the shared tiers, one batch per tier, moving what is found into
   * {@code result} (and memory, and the tiers above).
   *
   * @param lookup whether this read answers a caller's lookups, and so counts their misses
   * @return the ids still missing that a tier holds with another type
   */
  @SuppressWarnings("unchecked")
  private <V> Set<String> readSharedAll(Map<String, CacheKey> missing, Map<CacheKey, Long> epochs,
      ValueType type, Map<CacheKey, V> result, boolean lookup) {
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
          local.fill(key, value, type.type, e.getValue().createdAtMillis(), e.getValue().expiresAtMillis(),
              weight(value), epochs.get(key));
          missing.remove(e.getKey());
          mismatched.remove(e.getKey());
          decoded.put(e.getKey(), e.getValue());
        }
      }
      tier.hits.add(decoded.size());
      tier.misses.add(missing.size());
      if (lookup) {
        counters.sharedHits.add(decoded.size());
      }
      if (!decoded.isEmpty()) {
        copies.backfill(readable, i, decoded);
      }
    }
    if (lookup) {
      counters.misses.add(missing.size());
      counters.typeMismatches.add(mismatched.size());
    }
    return mismatched;
  }
}
