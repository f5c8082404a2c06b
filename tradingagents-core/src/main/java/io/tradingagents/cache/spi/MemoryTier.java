package io.tradingagents.cache.spi;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A bounded in-process tier of encoded entries on Caffeine, each expiring at its own time. It is the
 * reference implementation of {@link CacheTier}: small enough to read in one sitting, and useful as a
 * stand-in shared tier in tests and examples. It is not shared between JVMs. Thread-safe.
 */
public final class MemoryTier implements CacheTier {
  private final String name;
  private final TierKind kind;
  private final Clock clock;
  private final Cache<String, TierEntry> cache;

  /**
   * @param name the tier name reported in stats
   * @param kind the role it plays in the read order
   * @param maximumBytes bound on the sum of the stored values' sizes; positive
   * @param clock the time source for expiry
   * @throws IllegalArgumentException if {@code maximumBytes} is not positive
   */
  public MemoryTier(String name, TierKind kind, long maximumBytes, Clock clock) {
    if (maximumBytes <= 0) {
      throw new IllegalArgumentException("maximumBytes must be positive but was " + maximumBytes);
    }
    this.name = requireNonNull(name, "name");
    this.kind = requireNonNull(kind, "kind");
    this.clock = requireNonNull(clock, "clock");
    this.cache = Caffeine.newBuilder()
        .executor(Runnable::run) // as the engine's own in-process tier: no hand-off to the common pool
        .maximumWeight(maximumBytes)
        .weigher((String k, TierEntry e) -> e.length())
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .expireAfter(Expiry.writing((String key, TierEntry entry) ->
            Duration.ofMillis(entry.remainingMillis(clock.millis()))))
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TierKind kind() {
    return kind;
  }

  @Override
  public @Nullable TierEntry get(String key) {
    TierEntry entry = cache.getIfPresent(requireNonNull(key, "key"));
    return entry == null || entry.isExpired(clock.millis()) ? null : entry;
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    long now = clock.millis();
    Map<String, TierEntry> found = new LinkedHashMap<>();
    cache.getAllPresent(keys).forEach((k, e) -> {
      if (!e.isExpired(now)) {
        found.put(k, e);
      }
    });
    return found;
  }

  @Override
  public void put(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    if (entry.isExpired(clock.millis())) {
      cache.invalidate(key);
    } else {
      cache.put(key, entry);
    }
  }

  /** Checks and writes in one atomic step of the map. */
  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    return putIf(key, entry, current -> false);
  }

  /** Compares and writes in one atomic step of the map. */
  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    return putIf(key, entry, current -> current.createdAtMillis() <= entry.createdAtMillis());
  }

  /** Writes {@code entry} if the key holds no live entry, or one {@code replaces} accepts. */
  private boolean putIf(String key, TierEntry entry, java.util.function.Predicate<TierEntry> replaces) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long now = clock.millis();
    if (entry.isExpired(now)) {
      return false;
    }
    boolean[] stored = new boolean[1];
    cache.asMap().compute(key, (k, current) -> {
      stored[0] = current == null || current.isExpired(now) || replaces.test(current);
      return stored[0] ? entry : current;
    });
    return stored[0];
  }

  @Override
  public boolean remove(String key) {
    return cache.asMap().remove(requireNonNull(key, "key")) != null;
  }

  @Override
  public long removeNamespace(String prefix) {
    requireNonNull(prefix, "prefix");
    long before = cache.estimatedSize();
    cache.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    return Math.max(0, before - cache.estimatedSize());
  }

  @Override
  public void ping() {
    // in-process: always answers
  }

  @Override
  public TierUsage usage() {
    long bytes = cache.policy().eviction().flatMap(e -> {
      java.util.OptionalLong size = e.weightedSize();
      return size.isPresent() ? java.util.Optional.of(size.getAsLong()) : java.util.Optional.empty();
    }).orElse(-1L);
    return new TierUsage(cache.estimatedSize(), bytes, Map.of());
  }

  /** Nothing to release: the entries stay, as a shared tier's data would. */
  @Override
  public void close() {
    // no connections, files or threads
  }

  @Override
  public String toString() {
    return "MemoryTier{" + name + ", " + kind + '}';
  }
}
