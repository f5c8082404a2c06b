package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.DataKind;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} over one {@link AdaptiveCache}: each cache is a namespace of it, created
 * on first use, with the data kind configured for its name or the default kind. Closing the
 * {@link AdaptiveCache} is its owner's business (the auto-configuration closes the bean it made).
 * Thread-safe.
 */
public final class AdaptiveCacheManager implements CacheManager {
  private final AdaptiveCache cache;
  private final DataKind defaultKind;
  private final Map<String, DataKind> kinds;
  private final ConcurrentHashMap<String, AdaptiveSpringCache> caches = new ConcurrentHashMap<>();

  /**
   * @param cache the cache every Spring cache reads and writes
   * @param defaultKind the data kind of keys that state none, in caches without a kind of their own
   * @param kinds data kinds by cache name
   * @throws IllegalArgumentException if a cache name in {@code kinds} is not a valid namespace
   */
  public AdaptiveCacheManager(AdaptiveCache cache, DataKind defaultKind, Map<String, DataKind> kinds) {
    this.cache = requireNonNull(cache, "cache");
    this.defaultKind = requireNonNull(defaultKind, "defaultKind");
    this.kinds = Map.copyOf(kinds);
    this.kinds.keySet().forEach(this::getCache);
  }

  /**
   * @param name the cache's name, which becomes the namespace of its keys
   * @return the untyped view of the cache (see {@link AdaptiveSpringCache}); never {@code null}
   * @throws IllegalArgumentException if the name is not a valid namespace (1-64 letters, digits, {@code _ . -})
   */
  @Override
  public AdaptiveSpringCache getCache(String name) {
    requireNonNull(name, "name");
    AdaptiveSpringCache existing = caches.get(name);
    return existing != null ? existing : caches.computeIfAbsent(name,
        n -> new AdaptiveSpringCache(n, cache, kinds.getOrDefault(n, defaultKind)));
  }

  /** @return the names of the caches used so far and of those configured with a kind */
  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(caches.keySet());
  }

  /** @return the {@link AdaptiveCache} behind every cache */
  public AdaptiveCache adaptiveCache() {
    return cache;
  }
}
