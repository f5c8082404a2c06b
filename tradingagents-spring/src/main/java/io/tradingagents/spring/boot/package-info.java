/**
 * Spring Boot auto-configuration of the tradingagents cache: an {@link io.tradingagents.cache.AdaptiveCache}
 * built from {@code tradingagents.cache.*} (the library's setting names and validation), the Spring Cache
 * beans of {@code io.tradingagents.spring}, its meters bound to the application's {@code MeterRegistry},
 * an Actuator health indicator and an info contributor. See {@code docs/spring.md}.
 */
@NullMarked
package io.tradingagents.spring.boot;

import org.jspecify.annotations.NullMarked;
