package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.springframework.cache.interceptor.BasicOperation;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Hands Spring's caching interceptor the view of each cache typed with the cached method's declared
 * return type (see {@link AdaptiveSpringCache#typed}), so that {@code @Cacheable} reads decode shared-tier
 * JSON into exactly that type, with no type information stored in the JSON.
 *
 * <p>The value type is the declared return type, boxed if primitive, unwrapped from {@link Optional}. A
 * {@code @Cacheable} method is refused at its first call, with an {@link IllegalStateException} naming it,
 * when that type is {@code Object}, generic (e.g. {@code List<Quote>}: a shared tier would decode it
 * into a list of maps, because values decode by class only) or asynchronous ({@link CompletionStage},
 * {@link Future}, a reactive {@code Publisher}); wrap such results in a record
 * ({@code record Quotes(List<Quote> items)}). {@code @CachePut} and {@code @CacheEvict} accept any method.
 * Thread-safe; each method and operation is resolved once (a refused method is refused at every call).
 */
public final class TypedCacheResolver implements CacheResolver {
  private final AdaptiveCacheManager manager;
  private final Map<Method, Class<?>> types = new ConcurrentHashMap<>();
  private final Map<Resolution, List<AdaptiveSpringCache>> resolved = new ConcurrentHashMap<>();

  /** One cache operation of one method: what it resolves to never changes. */
  private record Resolution(Method method, BasicOperation operation) {}

  /** @param manager the caches to resolve */
  public TypedCacheResolver(AdaptiveCacheManager manager) {
    this.manager = requireNonNull(manager, "manager");
  }

  /**
   * @throws IllegalStateException if the operation names no cache, or a {@code @Cacheable} method's
   *     return type cannot be cached (see the class description)
   * @throws IllegalArgumentException if a cache name is not a valid namespace
   */
  @Override
  public Collection<AdaptiveSpringCache> resolveCaches(CacheOperationInvocationContext<?> context) {
    Resolution resolution = new Resolution(context.getMethod(), context.getOperation());
    List<AdaptiveSpringCache> caches = resolved.get(resolution);
    if (caches == null) {
      caches = resolve(context);
      resolved.putIfAbsent(resolution, caches);
    }
    return caches;
  }

  private List<AdaptiveSpringCache> resolve(CacheOperationInvocationContext<?> context) {
    Method method = context.getMethod();
    Class<?> type = types.computeIfAbsent(method, TypedCacheResolver::valueType);
    if (context.getOperation() instanceof CacheableOperation) {
      checkReadable(method, type);
    }
    Collection<String> names = context.getOperation().getCacheNames();
    if (names.isEmpty()) {
      throw new IllegalStateException("No cache named for " + CacheKeyGenerator.describe(method)
          + "; give the annotation a cache name or the class @CacheConfig(cacheNames = ...)");
    }
    List<AdaptiveSpringCache> caches = new ArrayList<>(names.size());
    for (String name : names) {
      caches.add(manager.getCache(name).typed(type));
    }
    return List.copyOf(caches);
  }

  /**
   * @param method a cached method
   * @return the class its cached values are read as
   */
  static Class<?> valueType(Method method) {
    Class<?> raw = method.getReturnType();
    if (raw == void.class) {
      return Object.class;
    }
    if (raw == Optional.class) {
      Class<?> inner = ResolvableType.forMethodReturnType(method).getGeneric(0).resolve(Object.class);
      return inner;
    }
    return ClassUtils.resolvePrimitiveIfNecessary(raw);
  }

  private static void checkReadable(Method method, Class<?> type) {
    ResolvableType declared = ResolvableType.forMethodReturnType(method);
    if (declared.resolve() == Optional.class) {
      declared = declared.getGeneric(0);
    }
    String problem = null;
    if (type == Object.class) {
      problem = "returns Object, which a shared tier cannot decode into anything but maps";
    } else if (CompletionStage.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)
        || type.getName().equals("org.reactivestreams.Publisher") || implementsPublisher(type)) {
      problem = "returns " + type.getSimpleName() + "; asynchronous and reactive results are not supported";
    } else if (declared.hasGenerics() || type.getTypeParameters().length > 0) {
      problem = "returns the generic type " + declared + ", but values decode by class only, so a shared tier "
          + "would hand back its elements as maps; return a record that holds it, e.g. record Quotes(List<Quote> items)";
    }
    if (problem != null) {
      throw new IllegalStateException("Cannot cache " + CacheKeyGenerator.describe(method) + " with @Cacheable: it "
          + problem);
    }
  }

  private static boolean implementsPublisher(Class<?> type) {
    for (Class<?> i : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (i.getName().equals("org.reactivestreams.Publisher")) {
        return true;
      }
    }
    return false;
  }
}
