/**
 * Spring Cache over one {@link io.tradingagents.cache.AdaptiveCache}: a {@code CacheManager} whose caches
 * are namespaces of the cache, a {@code CacheResolver} that carries each cached method's declared return
 * type to the cache (values in shared tiers are JSON decoded only into that type), and a
 * {@code KeyGenerator} that turns method arguments (symbol, dates, source) into a
 * {@link io.tradingagents.cache.CacheKey}. Needs {@code spring-context} on the class path; see
 * {@code docs/spring.md}.
 */
@NullMarked
package io.tradingagents.spring;

import org.jspecify.annotations.NullMarked;
