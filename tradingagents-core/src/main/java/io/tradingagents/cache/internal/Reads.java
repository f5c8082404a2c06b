package io.tradingagents.cache.internal;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
      following.follow(key);
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
   * allocates only the result's map entry (and what the tier and the codec make).
   */
  <V> Map<CacheKey, V> readAll(Collection<CacheKey> keys, ValueType type) {
    int size = requireNonNull(keys, "keys").size();
    Map<CacheKey, V> result = new LinkedHashMap<>((int) (size / 0.75f) + 1);
    readSharedBatch(readLocalAll(keys, type, result, null), type, result, true);
    return result;
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

  /** {@link #readAll} that also says which keys were missing, of another type, or "no data". */
  <V> Batch<V> readBatch(Collection<CacheKey> keys, ValueType type) {
    Batch<V> batch = new Batch<>();
    Pending pending = readLocalAll(requireNonNull(keys, "keys"), type, batch.found, batch);
    readSharedBatch(pending, type, batch.found, true);
    for (int i = 0; i < pending.size; i++) {
      (pending.mismatched(i) ? batch.mismatched : batch.missing).add(pending.keys[i]);
    }
    return batch;
  }

  /**
   * The in-process pass of a batch: values found go into {@code found}; with a {@code batch}, "no data" and
   * another type are recorded in it.
   *
   * @return the keys memory did not answer, to read from the shared tiers
   */
  @SuppressWarnings("unchecked")
  private <V> Pending readLocalAll(Collection<CacheKey> keys, ValueType type, Map<CacheKey, V> found,
      @Nullable Batch<V> batch) {
    Pending pending = new Pending(keys.size());
    for (CacheKey key : keys) {
      Object value = readLocal(requireNonNull(key, "keys contains null"), type.raw,
          type.isGeneric() ? type : null);
      if (value == MISS) {
        pending.add(key);
      } else if (value == LocalTier.NEGATIVE || value == MISMATCH) {
        if (batch != null) {
          (value == MISMATCH ? batch.mismatched : batch.negative).add(key);
        }
      } else {
        found.put(key, (V) value);
      }
    }
    return pending;
  }

  /**
   * Re-reads the shared tiers for keys another instance may have loaded meanwhile, one batch per tier;
   * counts only at tier level (the caller's lookup was counted already).
   *
   * @return the values found
   */
  <V> Map<CacheKey, V> rereadShared(Collection<CacheKey> keys, ValueType type) {
    Pending pending = new Pending(keys.size());
    keys.forEach(pending::add);
    Map<CacheKey, V> found = new LinkedHashMap<>();
    readSharedBatch(pending, type, found, false);
    return found;
  }

  /** Keys still to read from the shared tiers, kept in arrays compacted after each tier. */
  private final class Pending {
    final CacheKey[] keys;
    final String[] ids;
    final long[] epochs;
    boolean @Nullable [] mismatched;
    int size;
    final @Nullable InvalidationRelay following = relay.get();

    Pending(int capacity) {
      keys = new CacheKey[capacity];
      ids = new String[capacity];
      epochs = new long[capacity];
    }

    void add(CacheKey key) {
      String id = key.asString();
      if (following != null) {
        following.follow(key);
      }
      keys[size] = key;
      ids[size] = id;
      epochs[size] = local.epoch(key);
      size++;
    }

    boolean mismatched(int i) {
      return mismatched != null && mismatched[i];
    }
  }

  /**
   * Reads the pending keys from the shared tiers, one batch per tier, moving what is found into
   * {@code result} (and memory, and the tiers above); leaves the keys still missing in {@code pending},
   * flagged where a tier holds them with another type.
   *
   * @param lookup whether this read answers a caller's lookups, and so counts their misses
   */
  @SuppressWarnings("unchecked")
  private <V> void readSharedBatch(Pending pending, ValueType type, Map<CacheKey, V> result, boolean lookup) {
    GuardedTier[] readable = tiers.readable();
    for (int t = 0; t < readable.length && pending.size > 0; t++) {
      GuardedTier tier = readable[t];
      Map<String, TierEntry> found = tier.getAll(Arrays.asList(pending.ids).subList(0, pending.size));
      // Only a hit below the first tier has tiers above it to copy into.
      Map<String, TierEntry> decoded = t == 0 ? null : new LinkedHashMap<>();
      int hits = 0;
      int still = 0;
      for (int i = 0; i < pending.size; i++) {
        String id = pending.ids[i];
        TierEntry entry = found.get(id);
        Object value = entry == null ? null : decodeOrDrop(tier, id, entry, type);
        if (value == null || value == MISMATCH) {
          if (value == MISMATCH) {
            pending.mismatched = pending.mismatched != null ? pending.mismatched : new boolean[pending.keys.length];
            pending.mismatched[i] = true;
          }
          pending.keys[still] = pending.keys[i];
          pending.ids[still] = id;
          pending.epochs[still] = pending.epochs[i];
          if (pending.mismatched != null) {
            pending.mismatched[still] = pending.mismatched[i];
          }
          still++;
          continue;
        }
        CacheKey key = pending.keys[i];
        result.put(key, (V) value);
        local.fill(key, value, type.type, entry.createdAtMillis(), entry.expiresAtMillis(), weight(value),
            pending.epochs[i]);
        hits++;
        if (decoded != null) {
          decoded.put(id, entry);
        }
      }
      pending.size = still;
      tier.hits.add(hits);
      tier.misses.add(still);
      if (lookup) {
        counters.sharedHits.add(hits);
      }
      if (decoded != null && !decoded.isEmpty()) {
        copies.backfill(readable, t, decoded);
      }
    }
    if (lookup) {
      counters.misses.add(pending.size);
      int mismatches = 0;
      for (int i = 0; i < pending.size; i++) {
        mismatches += pending.mismatched(i) ? 1 : 0;
      }
      counters.typeMismatches.add(mismatches);
    }
  }
}
