package io.tradingagents.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * States the {@link io.tradingagents.cache.DataKind} of the keys that {@link CacheKeyGenerator} makes for
 * a method (or for every method of a class), so that the TTL of that kind and market applies. Without it
 * the kind configured for the cache ({@code tradingagents.spring.kinds.<cache>}) or the default kind
 * ({@code tradingagents.spring.default-kind}, {@code stock_data}) is used.
 *
 * <pre>{@code
 * @Cacheable("news")
 * @CacheKind("news")
 * public Headlines headlines(String symbol, LocalDate day) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CacheKind {

  /** @return a data kind name as accepted by {@link io.tradingagents.cache.DataKind#of(String)}, e.g. {@code news} */
  String value();
}
