package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes and removals that did not reach a tier (it was down, or the call failed), kept so the tier can be
 * brought up to date before it is used again: a missed write is written unless the tier holds an entry of
 * a newer version ({@link CacheTier#putUnlessNewer}, compared and written atomically by the
 * server, so a write another instance made meanwhile is never replaced); a missed removal is removed
 * (unless the entry is newer than the removal; a write that lands between that check and the removal is
 * removed too, which costs a miss, never a stale read). Bounded: past {@value #MAX_KEYS} keys or {@value #MAX_BYTES} bytes of values, every namespace
 * the missed keys belong to is cleared instead, which is safe but costs misses.
 */
final class MissedWrites {
  static final int MAX_KEYS = 10_000;
  static final long MAX_BYTES = 32L << 20;

  /** One missed operation: the entry to write, or {@code null} for a removal, and when it happened. */
  private record Missed(@Nullable TierEntry entry, long atMillis) {}

  private final Map<String, Missed> missed = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final Set<String> namespacesOfKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> failedNamespaceRemovals = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean overflow = new AtomicBoolean();
  /** Operations replayed into the tier (or resolved by a namespace removal), for the tier's meters. */
  final java.util.concurrent.atomic.LongAdder replayed = new java.util.concurrent.atomic.LongAdder();

  void put(String key, TierEntry entry) {
    remember(key, new Missed(entry, entry.createdAtMillis()));
  }

  void remove(String key, long nowMillis) {
    remember(key, new Missed(null, nowMillis));
  }

  void namespaceRemoval(String prefix) {
    failedNamespaceRemovals.add(prefix);
  }

  boolean isEmpty() {
    return missed.isEmpty() && failedNamespaceRemovals.isEmpty() && !overflow.get();
  }

  private void remember(String key, Missed operation) {
    int end = key.indexOf(':', CacheKey.PREFIX.length());
    if (key.startsWith(CacheKey.PREFIX) && end > 0) {
      namespacesOfKeys.add(key.substring(0, end + 1));
    }
    long size = operation.entry() == null ? 0 : operation.entry().length();
    if (overflow.get() || missed.size() >= MAX_KEYS || bytes.get() + size > MAX_BYTES) {
      overflow.set(true);
      return;
    }
    Missed previous = missed.put(key, operation);
    bytes.addAndGet(size - (previous == null || previous.entry() == null ? 0 : previous.entry().length()));
  }

  /**
   * Brings the tier up to date. Operations missed while this runs stay for the next repair.
   *
   * @throws RuntimeException if the tier fails; what was not repaired stays
   */
  void repair(CacheTier tier, long nowMillis) {
    for (String prefix : Set.copyOf(failedNamespaceRemovals)) {
      tier.removeNamespace(prefix);
      failedNamespaceRemovals.remove(prefix);
      replayed.increment();
    }
    if (overflow.getAndSet(false)) {
      Set<String> keys = Set.copyOf(missed.keySet());
      for (String prefix : Set.copyOf(namespacesOfKeys)) {
        tier.removeNamespace(prefix);
      }
      keys.forEach(this::forget);
      replayed.add(keys.size());
      return;
    }
    for (Map.Entry<String, Missed> e : Map.copyOf(missed).entrySet()) {
      String key = e.getKey();
      Missed operation = e.getValue();
      TierEntry entry = operation.entry();
      if (entry != null && !entry.isExpired(nowMillis)) {
        tier.putUnlessNewer(key, entry); // atomic on the server: never over a write made after this one
      } else {
        TierEntry current = tier.get(key);
        if (current != null && current.createdAtMillis() <= operation.atMillis()) {
          tier.remove(key);
        }
      }
      if (missed.remove(key, operation)) {
        replayed.increment();
        if (entry != null) {
          bytes.addAndGet(-entry.length());
        }
      }
    }
  }

  private void forget(String key) {
    Missed removed = missed.remove(key);
    if (removed != null && removed.entry() != null) {
      bytes.addAndGet(-removed.entry().length());
    }
  }
}
