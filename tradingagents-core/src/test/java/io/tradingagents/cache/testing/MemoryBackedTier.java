package io.tradingagents.cache.testing;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tier for engine tests whose every operation goes to a {@link MemoryTier}: subclasses add what a test
 * needs (faults, recording, a lock, a bus, a log) and override only that.
 */
public class MemoryBackedTier implements CacheTier {
  /** Where the entries are. */
  protected final MemoryTier store;

  /** @param store the entries, possibly shared with other tiers (instances of one server) */
  public MemoryBackedTier(MemoryTier store) {
    this.store = store;
  }

  /** A tier of its own, 1 MiB, on the system clock. */
  public MemoryBackedTier(String name, TierKind kind) {
    this(new MemoryTier(name, kind, 1 << 20, Clock.systemUTC()));
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public TierKind kind() {
    return store.kind();
  }

  @Override
  public @Nullable TierEntry get(String key) {
    return store.get(key);
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    return store.getAll(keys);
  }

  @Override
  public void put(String key, TierEntry entry) {
    store.put(key, entry);
  }

  @Override
  public void putAll(Map<String, TierEntry> entries) {
    store.putAll(entries);
  }

  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    return store.putIfAbsent(key, entry);
  }

  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    return store.putUnlessNewer(key, entry);
  }

  @Override
  public boolean remove(String key) {
    return store.remove(key);
  }

  @Override
  public long removeNamespace(String prefix) {
    return store.removeNamespace(prefix);
  }

  @Override
  public void ping() {
    // in-process: always answers
  }

  @Override
  public TierUsage usage() {
    return store.usage();
  }

  @Override
  public void close() {
    // nothing to release
  }
}
