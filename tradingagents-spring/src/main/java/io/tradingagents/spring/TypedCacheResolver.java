package io.tradingagents.spring;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.springframework.cache.interceptor.BasicOperation;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.CacheableOperation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Hands Spring's caching interceptor the view of each cache typed with the cached method's declared
 * return type (see {@link AdaptiveSpringCache#typed}), so that {@code @Cacheable} reads decode shared-tier
 * JSON into exactly that type, with no type information stored in the JSON.
 *
 * <p>The value type is the declared return type with its type arguments ({@code List<Quote>} is decoded
 * into a list of {@code Quote}s, see {@link io.tradingagents.cache.TypeRef}), boxed if primitive, unwrapped
 * from {@link Optional}; for an asynchronous method it is what Spring caches: {@code T} of a
 * {@code CompletableFuture<T>} or {@code CompletionStage<T>} (or a Reactor {@code Mono<T>}), and
 * {@code List<T>} of a {@code Flux<T>}. A {@code @Cacheable} method is refused at its first call, with an
 * {@link IllegalStateException} naming it, when that type is {@code Object}, a raw or unresolvable generic
 * type (a type variable), or still asynchronous (a {@link Future} that is not a {@code CompletableFuture},
 * a future of a future). {@code @CachePut} and {@code @CacheEvict} accept any method.
 * Thread-safe; each method and operation is resolved once (a refused method is refused at every call).
 */
public final class TypedCacheResolver implements CacheResolver {
  private static final boolean REACTIVE_STREAMS =
      ClassUtils.isPresent("org.reactivestreams.Publisher", TypedCacheResolver.class.getClassLoader());
  private final AdaptiveCacheManager manager;
  private final Map<Method, Type> types = new ConcurrentHashMap<>();
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
    Type type = types.computeIfAbsent(method, TypedCacheResolver::valueType);
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
   * @return the type its cached values are read as: its generic return type (unwrapped from
   *     {@code Optional}, primitives boxed)
   */
  static Type valueType(Method method) {
    Class<?> raw = method.getReturnType();
    if (raw == void.class) {
      return Object.class;
    }
    ResolvableType declared = ResolvableType.forMethodReturnType(method);
    if (raw == CompletableFuture.class || raw == CompletionStage.class) {
      declared = declared.getGeneric(0); // Spring caches what the future completes with
    } else {
      ReactiveAdapter adapter = reactiveAdapter(raw);
      if (adapter != null && !adapter.isNoValue()) {
        // Spring caches what a Mono emits, and the list of what a Flux emits.
        declared = adapter.isMultiValue()
            ? ResolvableType.forClassWithGenerics(List.class, declared.getGeneric(0)) : declared.getGeneric(0);
      }
    }
    if (declared.resolve() == Optional.class) {
      declared = declared.getGeneric(0);
    }
    if (!declared.hasGenerics()) {
      return ClassUtils.resolvePrimitiveIfNecessary(declared.resolve(Object.class));
    }
    return declared.getType();
  }

  private static void checkReadable(Method method, Type declaredType) {
    Class<?> type = ResolvableType.forType(declaredType).resolve(Object.class);
    String problem = null;
    if (type == Object.class) {
      problem = "returns Object, which a shared tier cannot decode into anything but maps";
    } else if (CompletionStage.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)
        || type.getName().equals("org.reactivestreams.Publisher") || implementsPublisher(type)) {
      problem = "returns " + type.getSimpleName() + " (or a future of one); declare CompletableFuture<T> "
          + "(or a Mono<T> or Flux<T>) of the concrete value type T";
    } else if (type.getTypeParameters().length > 0 && declaredType instanceof Class) {
      problem = "returns the raw generic type " + type.getName() + ", whose elements a shared tier could only "
          + "decode as maps; declare its type arguments, e.g. List<Quote>";
    } else {
      try {
        io.tradingagents.cache.TypeRef.of(declaredType);
      } catch (IllegalStateException e) {
        problem = "returns " + declaredType.getTypeName() + ": " + e.getMessage();
      }
    }
    if (problem != null) {
      throw new IllegalStateException("Cannot cache " + CacheKeyGenerator.describe(method) + " with @Cacheable: it "
          + problem);
    }
  }

  /** @return Spring's adapter of a reactive type (Reactor's Mono, Flux...), or {@code null} */
  private static @Nullable ReactiveAdapter reactiveAdapter(Class<?> type) {
    if (!REACTIVE_STREAMS || CompletionStage.class.isAssignableFrom(type)) {
      return null;
    }
    return ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
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
