package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TypeRef;
import java.lang.reflect.Type;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring {@link Cache}: a namespace of an {@link AdaptiveCache} (the namespace is the cache's name)
 * with a default data kind for keys that do not state one.
 *
 * <p>Values in shared tiers are JSON decoded only into a type the caller names, and
 * {@link #get(Object)} names none. So this cache comes in <em>views</em>: the view returned by
 * {@link AdaptiveCacheManager#getCache} has no value type and refuses {@code get(key)} and
 * {@code get(key, Callable)}; {@link #typed(Class)} returns the view of one value type, which
 * {@link TypedCacheResolver} hands to Spring's caching interceptor for each method (its declared return
 * type). {@link #get(Object, Class)}, {@code put}, {@code evict} and {@code clear} work on every view.
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} is {@link AdaptiveCache#get(CacheKey, Class,
 *       io.tradingagents.cache.CacheLoader)}: concurrent callers share one load in this JVM and, with
 *       Redis, across instances; a failing loader may be answered with a stale value; {@code null} is
 *       remembered as "no data" for the negative TTL. This is what {@code @Cacheable(sync = true)} calls.
 *   <li>{@link #retrieve(Object, Supplier)} is {@link AdaptiveCache#getAsync(CacheKey, TypeRef,
 *       io.tradingagents.cache.AsyncCacheLoader)}: the same single-flight in this JVM for methods returning a
 *       {@code CompletableFuture}, holding no thread while the method's future is pending;
 *       {@link #retrieve(Object)} reads on the cache's executor.
 *   <li>{@link #put} writes every healthy tier; a {@code null} value is not stored, it removes the key's
 *       value instead.
 *   <li>{@link #evict} removes the key from every tier and tells other instances through the
 *       invalidation bus; {@link #evictIfPresent} reads the key first to say whether it was there;
 *       {@link #clear()} (and {@link #invalidate()}) is {@link AdaptiveCache#invalidateNamespace}: only this
 *       cache's namespace, removed by key prefix (SCAN in Redis), never FLUSHDB or KEYS.
 *   <li>A {@code null} is never handed out as a cached value: {@link #get(Object)} answers a miss for a
 *       remembered "no data" (core's {@code get} does not tell the two apart), so a non-{@code sync}
 *       {@code @Cacheable} method that returns {@code null} runs again on the next call.
 *   <li>A value of another type under the key is a counted miss, never a {@link ClassCastException}.
 * </ul>
 *
 * Keys may be a {@link CacheKey} (used as it is: build it in this cache's namespace for {@link #clear()}
 * to reach it), a {@link MethodCacheKey} (completed with this cache's namespace and kind), or a
 * {@link CharSequence} (a symbol of this cache's kind, e.g. {@code key = "#symbol"}); anything else is
 * refused with an {@link IllegalArgumentException}. Thread-safe.
 */
public final class AdaptiveSpringCache implements Cache {
  private static final Logger log = LoggerFactory.getLogger(AdaptiveSpringCache.class);

  private final String name;
  private final AdaptiveCache cache;
  private final DataKind kind;
  private final @Nullable TypeRef<?> type;
  /** The value type when it is a plain class: reads take core's class path, which needs no generic check. */
  private final @Nullable Class<?> valueClass;
  private final ConcurrentHashMap<Type, AdaptiveSpringCache> views;

  /**
   * @param name the cache's name, which is the namespace of its keys
   * @param cache the cache
   * @param kind the data kind of keys that do not state one
   * @throws IllegalArgumentException if {@code name} is not a valid namespace
   */
  public AdaptiveSpringCache(String name, AdaptiveCache cache, DataKind kind) {
    this(checkName(name), cache, kind, null, new ConcurrentHashMap<>());
  }

  private AdaptiveSpringCache(String name, AdaptiveCache cache, DataKind kind, @Nullable TypeRef<?> type,
      ConcurrentHashMap<Type, AdaptiveSpringCache> views) {
    this.name = name;
    this.cache = requireNonNull(cache, "cache");
    this.kind = requireNonNull(kind, "kind");
    this.type = type;
    this.valueClass = type != null && type.type() instanceof Class<?> c ? c : null;
    this.views = views;
  }

  private static String checkName(String name) {
    requireNonNull(name, "name");
    try {
      CacheKey.namespacePrefix(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cache name '" + name + "' cannot be a namespace of the AdaptiveCache: "
          + e.getMessage() + "; rename the cache", e);
    }
    return name;
  }

  /**
   * @param valueType the value type reads decode into: a class, or a generic type such as
   *     {@code List<Quote>} (a method's generic return type), decoded into in full
   * @return the view of this cache whose untyped reads use {@code valueType}; one instance per type
   * @throws IllegalStateException if the type holds a type variable
   */
  public AdaptiveSpringCache typed(Type valueType) {
    requireNonNull(valueType, "valueType");
    AdaptiveSpringCache view = views.get(valueType);
    return view != null ? view : views.computeIfAbsent(valueType,
        t -> new AdaptiveSpringCache(name, cache, kind, TypeRef.of(t), views));
  }

  /** @return the value type of this view, or {@code null} for the untyped view */
  public @Nullable Type valueType() {
    return type == null ? null : type.type();
  }

  /** @return the data kind of keys that do not state one */
  public DataKind kind() {
    return kind;
  }

  @Override
  public String getName() {
    return name;
  }

  /** @return the {@link AdaptiveCache} */
  @Override
  public Object getNativeCache() {
    return cache;
  }

  /**
   * @param key a {@link CacheKey}, {@link MethodCacheKey} or symbol
   * @return the key in this cache's namespace
   * @throws IllegalArgumentException for any other key
   */
  public CacheKey cacheKey(Object key) {
    if (key instanceof CacheKey cacheKey) {
      return cacheKey;
    }
    if (key instanceof MethodCacheKey methodKey) {
      return methodKey.toCacheKey(name, kind);
    }
    if (key instanceof CharSequence symbol) {
      return CacheKey.builder(kind, symbol.toString()).namespace(name).build();
    }
    throw new IllegalArgumentException("Cache '" + name + "' got a key of type "
        + (key == null ? "null" : key.getClass().getName()) + ", which cannot become a CacheKey; use the "
        + "tradingagents CacheKeyGenerator (the default key generator of the auto-configuration), a key "
        + "expression that gives the symbol (key = \"#symbol\"), or a CacheKey");
  }

  /**
   * @return the value in a wrapper, or {@code null} on a miss, a remembered "no data" (which core does not
   *     tell apart from a miss) or a value of another type (a counted type mismatch)
   * @throws IllegalStateException on the untyped view, which has no type to decode into
   */
  @Override
  public @Nullable ValueWrapper get(Object key) {
    Object value = read(cacheKey(key), "get(key)");
    return value == null ? null : new SimpleValueWrapper(value);
  }

  /** The hit path of {@code get(key)}: a plain class goes through core's class path (no generic check). */
  private @Nullable Object read(CacheKey cacheKey, String operation) {
    Class<?> plain = valueClass;
    return plain != null ? cache.get(cacheKey, plain) : cache.get(cacheKey, requireType(operation));
  }

  /**
   * @return the value, or {@code null} on a miss or when the stored value is not a {@code type} (a counted
   *     type mismatch; Spring's other caches throw {@link IllegalStateException} there)
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
    return type != null ? cache.get(cacheKey(key), type)
        : cache.get(cacheKey(key), (TypeRef<T>) requireType("get(key, null)"));
  }

  /**
   * @throws ValueRetrievalException if the loader threw and no stale value could be served; its cause is
   *     the loader's exception
   * @throws IllegalStateException on the untyped view
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    TypeRef<T> valueType = (TypeRef<T>) requireType("get(key, Callable)");
    CacheKey cacheKey = cacheKey(key);
    try {
      Class<T> plain = (Class<T>) valueClass;
      return plain != null ? cache.get(cacheKey, plain, k -> valueLoader.call())
          : cache.get(cacheKey, valueType, k -> valueLoader.call());
    } catch (CacheLoadException e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause() != null ? e.getCause() : e);
    }
  }

  /**
   * What {@code @Cacheable} (without {@code sync}) calls for a method returning a {@code CompletableFuture}
   * (or a reactive type): {@link AdaptiveCache#getAsync(CacheKey, TypeRef)}, which reads on the cache's
   * executor and so never blocks the caller.
   *
   * @return a future of the value, or of {@code null} for a miss (Spring's "late-determined miss"); a
   *     remembered "no data" and a value of another type read as a miss, as in {@link #get(Object)}; never
   *     {@code null} itself and never a {@link ValueWrapper} inside, since no {@code null} value is ever
   *     handed out as a hit
   * @throws IllegalStateException on the untyped view
   * @throws IllegalArgumentException if the key cannot become a {@link CacheKey}
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    CacheKey cacheKey = cacheKey(key);
    Class<?> plain = valueClass;
    return plain != null ? cache.getAsync(cacheKey, plain) : cache.getAsync(cacheKey, requireType("retrieve(key)"));
  }

  /**
   * What {@code @Cacheable(sync = true)} calls for a method returning a {@code CompletableFuture} (or a
   * reactive type): {@link AdaptiveCache#getAsync(CacheKey, TypeRef, io.tradingagents.cache.AsyncCacheLoader)}.
   * A hit in memory completes at once; the shared tiers are read on the cache's executor; on a miss the
   * method is called once per key in this JVM however many callers wait, and no thread is held while its
   * future is pending. Each caller gets a future of its own: cancelling one never cancels the load the others
   * wait for. A {@code null} result is remembered as "no data" for {@code TA_CACHE_NEGATIVE_TTL} (in this
   * instance's memory) and completes the callers' futures with {@code null}. Across instances the Redis load
   * lock is taken as for {@code sync} methods (the others wait on scheduled re-reads, holding no thread).
   *
   * @return a future of the value or {@code null}; failed with the method's own exception (that of its
   *     future, or the one it threw) when it failed and no stale value could be served, with a
   *     {@link java.util.concurrent.TimeoutException} when its future did not complete within
   *     {@code TA_CACHE_LOAD_LOCK_LEASE}
   * @throws IllegalStateException on the untyped view
   * @throws IllegalArgumentException if the key cannot become a {@link CacheKey}
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    requireNonNull(valueLoader, "valueLoader");
    TypeRef<T> valueType = (TypeRef<T>) requireType("retrieve(key, Supplier)");
    CompletableFuture<@Nullable T> loaded = cache.getAsync(cacheKey(key), valueType,
        (k, executor) -> valueLoader.get());
    CompletableFuture<T> result = new CompletableFuture<>();
    loaded.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(loaderFailure(error));
      }
    });
    return result;
  }

  /** The method's own exception where the cache wrapped it, so Spring hands it to the caller unchanged. */
  private static Throwable loaderFailure(Throwable error) {
    Throwable failure = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return failure instanceof CacheLoadException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /**
   * Stores the value in every healthy tier. A {@code null} value cannot be stored (the cache remembers
   * "no data" only from a loader, see {@link #get(Object, Callable)}): the key's previous value is removed
   * instead, as by {@link #evict}, so that nobody reads a value the method no longer returns.
   */
  @Override
  public void put(Object key, @Nullable Object value) {
    CacheKey cacheKey = cacheKey(key);
    if (value == null) {
      log.debug("Cache {} got null for {}: removing the key's value instead of storing null", name, cacheKey);
      cache.invalidate(cacheKey);
      return;
    }
    store(cacheKey, value);
  }

  /** Stores with this view's type when the value is one (so readers decode it into the full type). */
  @SuppressWarnings("unchecked")
  private void store(CacheKey cacheKey, Object value) {
    if (type != null && type.rawType().isInstance(value)) {
      cache.put(cacheKey, value, (TypeRef<Object>) type);
    } else {
      cache.put(cacheKey, value);
    }
  }

  /** Not atomic across instances: a read, then a write if nothing of the value's type was there. */
  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    CacheKey cacheKey = cacheKey(key);
    if (value == null) {
      return null;
    }
    Object existing = type != null ? cache.get(cacheKey, type) : cache.get(cacheKey, value.getClass());
    if (existing != null) {
      return new SimpleValueWrapper(existing);
    }
    store(cacheKey, value);
    return null;
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(cacheKey(key));
  }

  /**
   * Reads the key, then removes it as {@link #evict} does: when this returns, this instance's memory and
   * every reachable shared tier no longer hold it (a tier that is down gets the removal replayed when it
   * returns), and other instances drop their in-process copy when the invalidation reaches them. The read
   * is an ordinary lookup (counted in the statistics as one; a value found in a shared tier is decoded)
   * with this view's value type, or as {@code Object} on the untyped view, so any stored value counts.
   *
   * <p>The answer is true at the moment of the read: a value written by another caller between the read
   * and the removal is removed too but not reported, and one removed by another caller in between is
   * reported. A remembered "no data" (a {@code null} from a loader) is removed and reported as absent.
   *
   * @return whether a value was found under the key just before it was removed
   */
  @Override
  public boolean evictIfPresent(Object key) {
    CacheKey cacheKey = cacheKey(key);
    Class<?> probe = valueClass != null ? valueClass : type != null ? type.rawType() : Object.class;
    boolean present = cache.get(cacheKey, probe) != null;
    cache.invalidate(cacheKey);
    return present;
  }

  /** Removes every entry of this cache's namespace from every tier, by key prefix. */
  @Override
  public void clear() {
    cache.invalidateNamespace(name);
  }

  /**
   * {@link #clear()}, which is already immediate for this instance and every reachable shared tier (other
   * instances drop their in-process copies when the invalidation reaches them).
   *
   * @return {@code false}: whether the namespace held entries is not known (finding out would take a full
   *     SCAN of Redis), which Spring's contract allows
   */
  @Override
  public boolean invalidate() {
    clear();
    return false;
  }

  @Override
  public String toString() {
    return "AdaptiveSpringCache[" + name + ", kind=" + kind + (type != null ? ", type=" + type.type().getTypeName() : "")
        + "]";
  }

  private TypeRef<?> requireType(String operation) {
    if (type == null) {
      throw new IllegalStateException("Cache '" + name + "' cannot " + operation + " without a value type: "
          + "values in shared tiers decode only into a named type. Read through @Cacheable with the "
          + "tradingagents TypedCacheResolver (the auto-configuration's default), or call get(key, Type.class)");
    }
    return type;
  }
}
