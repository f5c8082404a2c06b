package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheLoadException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.TypeRef;
import java.lang.reflect.Type;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>{@link #put} writes every healthy tier; a {@code null} value is not stored.
 *   <li>{@link #evict} removes the key from every tier and tells other instances through the
 *       invalidation bus; {@link #clear()} is {@link AdaptiveCache#invalidateNamespace}: only this cache's
 *       namespace, removed by key prefix (SCAN in Redis), never FLUSHDB or KEYS.
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
   * @throws IllegalStateException on the untyped view, which has no type to decode into
   */
  @Override
  public @Nullable ValueWrapper get(Object key) {
    Object value = cache.get(cacheKey(key), requireType("get(key)"));
    return value == null ? null : new SimpleValueWrapper(value);
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
    try {
      return cache.get(cacheKey(key), valueType, k -> valueLoader.call());
    } catch (CacheLoadException e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause() != null ? e.getCause() : e);
    }
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    CacheKey cacheKey = cacheKey(key);
    if (value == null) {
      log.debug("Not storing null under {} in cache {}", cacheKey, name);
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

  /** Removes every entry of this cache's namespace from every tier, by key prefix. */
  @Override
  public void clear() {
    cache.invalidateNamespace(name);
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
