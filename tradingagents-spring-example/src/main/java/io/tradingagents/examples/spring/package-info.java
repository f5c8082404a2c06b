/**
 * A Spring Boot application whose market-data service caches through Spring's {@code @Cacheable} on the
 * tradingagents cache. See {@code docs/spring.md}.
 */
@NullMarked
package io.tradingagents.examples.spring;

import org.jspecify.annotations.NullMarked;
