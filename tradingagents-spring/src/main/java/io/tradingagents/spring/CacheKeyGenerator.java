package io.tradingagents.spring;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Turns a cached method's arguments into a {@link MethodCacheKey}, so that market detection and the TTL
 * table apply to Spring-cached methods as they do to direct calls. The rules, by parameter:
 *
 * <ul>
 *   <li>a single {@link CacheKey} or {@link MethodCacheKey} argument is the key itself;
 *   <li>the <b>symbol</b> is the {@code String} parameter named {@code symbol} or {@code ticker}, else the
 *       first {@code String} parameter;
 *   <li>a parameter named {@code source} is the upstream source;
 *   <li>a {@link Market} parameter states the market (otherwise it is detected from the symbol);
 *   <li><b>dates</b>: {@link LocalDate} parameters named {@code from} and {@code to} (or {@code start} and
 *       {@code end}) are the date range; without those names, exactly two {@code LocalDate} parameters
 *       are the range in order, and a single one is a one-day range;
 *   <li>every other argument of a simple type (string, number, boolean, character, enum, date or time)
 *       becomes a parameter of the key under its parameter name; {@code null} is kept apart from every
 *       value.
 * </ul>
 *
 * An argument of any other type (a record, a collection, an array), or a method with no symbol, cannot
 * become a key: {@link #generate} throws an {@link IllegalArgumentException} naming the method and the
 * parameter, and the method is not called. Take the parts as parameters instead, or give such a method a
 * key expression that makes a {@link CacheKey} (for example {@code @Cacheable(key = "#request.cacheKey()")}).
 * A key expression that gives a plain string is taken as a bare symbol by {@link AdaptiveSpringCache}: every
 * date range and source of that symbol would then share one entry.
 *
 * <p>Parameter names come from the class files: compile with {@code -parameters} (Spring Boot's Maven and
 * Gradle plugins do); without names only the type-based rules apply and other arguments are named
 * {@code arg0}, {@code arg1}, ... The data kind comes from {@link CacheKind} on the method or its class,
 * else from the cache. Thread-safe; the per-method analysis is done once.
 */
public final class CacheKeyGenerator implements KeyGenerator {
  private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  private final Map<Method, Plan> plans = new ConcurrentHashMap<>();

  /** Creates a generator. */
  public CacheKeyGenerator() {}

  /**
   * @param target the bean
   * @param method the cached method
   * @param params its arguments
   * @return a {@link MethodCacheKey}, or the argument itself if it is the only one and a {@link CacheKey}
   *     or {@link MethodCacheKey}
   * @throws IllegalArgumentException if the arguments cannot become a key; the message names the method
   */
  @Override
  public Object generate(Object target, Method method, @Nullable Object... params) {
    if (params.length == 1 && (params[0] instanceof CacheKey || params[0] instanceof MethodCacheKey)) {
      return params[0];
    }
    Plan plan = plans.computeIfAbsent(method, CacheKeyGenerator::plan);
    Object symbol = params[plan.symbol];
    if (!(symbol instanceof CharSequence)) {
      throw new IllegalArgumentException("Cannot make a cache key for " + describe(method) + ": its symbol "
          + "argument '" + plan.names[plan.symbol] + "' is null; pass a symbol");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i : plan.params) {
      Object value = params[i];
      extra.put(plan.names[i], value == null ? "\u0000null" : value.toString());
    }
    try {
      return new MethodCacheKey(plan.kind, symbol.toString(),
          plan.market < 0 ? null : (Market) params[plan.market],
          plan.source < 0 || params[plan.source] == null ? null : params[plan.source].toString(),
          plan.from < 0 ? null : (LocalDate) params[plan.from], plan.to < 0 ? null : (LocalDate) params[plan.to],
          extra);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Cannot make a cache key for " + describe(method) + ": "
          + e.getMessage(), e);
    }
  }

  /** Which argument plays which part, worked out once per method. */
  private record Plan(@Nullable DataKind kind, String[] names, int symbol, int source, int market, int from, int to,
      int[] params) {}

  private static Plan plan(Method method) {
    Class<?>[] types = method.getParameterTypes();
    String[] discovered = NAMES.getParameterNames(method);
    String[] names = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      names[i] = discovered != null ? discovered[i] : "arg" + i;
    }
    int symbol = -1;
    int source = -1;
    int market = -1;
    List<Integer> dates = new ArrayList<>();
    int from = -1;
    int to = -1;
    for (int i = 0; i < types.length; i++) {
      String name = names[i].toLowerCase(Locale.ROOT);
      if (types[i] == String.class && (name.equals("symbol") || name.equals("ticker"))) {
        symbol = i;
      } else if (name.equals("source") && types[i] == String.class) {
        source = i;
      } else if (Market.class.isAssignableFrom(types[i]) && market < 0) {
        market = i;
      } else if (types[i] == LocalDate.class) {
        dates.add(i);
        from = name.equals("from") || name.equals("start") ? i : from;
        to = name.equals("to") || name.equals("end") ? i : to;
      }
    }
    if (from < 0 || to < 0) {
      from = -1;
      to = -1;
      if (dates.size() == 2) {
        from = dates.get(0);
        to = dates.get(1);
      } else if (dates.size() == 1) {
        from = dates.get(0);
        to = from;
      }
    }
    for (int i = 0; symbol < 0 && i < types.length; i++) {
      if (types[i] == String.class && i != source) {
        symbol = i;
      }
    }
    List<Integer> params = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      if (i == symbol || i == source || i == market || i == from || i == to) {
        continue;
      }
      if (!isSimple(types[i])) {
        throw new IllegalArgumentException("Cannot make a cache key for " + describe(method) + ": parameter '"
            + names[i] + "' of type " + types[i].getSimpleName() + " is not a symbol, source, market, date or "
            + "simple value; take its parts as parameters (symbol, from, to, source), or give @Cacheable a key "
            + "expression that makes a CacheKey (e.g. key = \"#" + names[i] + ".cacheKey()\")");
      }
      params.add(i);
    }
    if (symbol < 0) {
      throw new IllegalArgumentException("Cannot make a cache key for " + describe(method) + ": it has no "
          + "String parameter to use as the symbol; name one 'symbol', or give @Cacheable a key");
    }
    CacheKind kind = AnnotatedElementUtils.findMergedAnnotation(method, CacheKind.class);
    if (kind == null) {
      kind = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), CacheKind.class);
    }
    DataKind dataKind;
    try {
      dataKind = kind == null ? null : DataKind.of(kind.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot make a cache key for " + describe(method) + ": @CacheKind(\""
          + kind.value() + "\") " + e.getMessage(), e);
    }
    return new Plan(dataKind, names, symbol, source, market, from, to,
        params.stream().mapToInt(Integer::intValue).toArray());
  }

  private static boolean isSimple(Class<?> type) {
    return type.isPrimitive() || CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type)
        || type == Boolean.class || type == Character.class || type.isEnum()
        || TemporalAccessor.class.isAssignableFrom(type) || type == java.time.Duration.class
        || type == java.time.Period.class || type == java.util.UUID.class;
  }

  static String describe(Method method) {
    StringBuilder sb = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
        .append(method.getName()).append('(');
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return sb.append(')').toString();
  }
}
