package io.tradingagents.spring.boot;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.DataKind;
import io.tradingagents.monitoring.CacheMetrics;
import io.tradingagents.spring.AdaptiveCacheManager;
import io.tradingagents.spring.CacheKeyGenerator;
import io.tradingagents.spring.TypedCacheResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configures the tradingagents cache in a Spring Boot application (registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}), before Spring
 * Boot's own cache auto-configuration so that its {@link CacheManager} is the application's:
 *
 * <ul>
 *   <li>an {@link AdaptiveCache} built from {@code tradingagents.cache.*} (see {@link CacheSettings}), closed
 *       with the context; a bad setting fails start-up with the builder's
 *       {@link CacheConfigurationException}, whose message names the property;
 *   <li>an {@link AdaptiveCacheManager}, a {@link TypedCacheResolver} and a {@link CacheKeyGenerator}, made
 *       the defaults of {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} by a
 *       {@link CachingConfigurer} (the application still adds {@code @EnableCaching});
 *   <li>{@link CacheMetrics} as a {@code MeterBinder}, which Spring Boot binds to the application's
 *       {@code MeterRegistry}, when Micrometer is present;
 *   <li>{@link AdaptiveCacheHealthIndicator} ({@code health/tradingagents}) and
 *       {@link AdaptiveCacheInfoContributor} when Actuator is present.
 * </ul>
 *
 * Every bean backs off when the application defines its own. {@code tradingagents.spring.enabled=false}
 * turns it all off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnProperty(prefix = "tradingagents.spring", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TradingAgentsSpringProperties.class)
public class TradingAgentsCacheAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TradingAgentsCacheAutoConfiguration.class);

  /** Created by Spring. */
  public TradingAgentsCacheAutoConfiguration() {}

  /**
   * @param environment the settings under {@code tradingagents.cache}
   * @return the cache, closed with the context
   * @throws CacheConfigurationException if a setting is invalid; the message is the builder's, followed by
   *     the property it came from
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public AdaptiveCache tradingAgentsAdaptiveCache(Environment environment) {
    AdaptiveCacheBuilder builder = AdaptiveCache.builder();
    Map<String, CacheSettings.Setting> settings = CacheSettings.read(environment);
    Map<String, String> processEnvironment = System.getenv();
    settings.forEach((name, setting) -> {
      if (processEnvironment.containsKey(name)) {
        log.info("{} is set in the environment, which wins over {}", name, setting.property());
      } else {
        builder.setting(name, setting.value());
      }
    });
    try {
      return builder.build();
    } catch (CacheConfigurationException e) {
      CacheSettings.Setting from = settings.get(e.setting());
      if (from == null) {
        throw e;
      }
      throw new CacheConfigurationException(e.setting(), e.getMessage() + " (set as " + from.property() + ")", e);
    }
  }

  /**
   * @param cache the cache
   * @param properties kinds by cache name and the default kind
   * @return the cache manager
   * @throws IllegalArgumentException if a configured kind or cache name is malformed; the message names
   *     the property
   */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public AdaptiveCacheManager cacheManager(AdaptiveCache cache, TradingAgentsSpringProperties properties) {
    DataKind defaultKind = kind("tradingagents.spring.default-kind", properties.getDefaultKind());
    Map<String, DataKind> kinds = new LinkedHashMap<>();
    properties.getKinds().forEach((name, kind) -> kinds.put(name, kind("tradingagents.spring.kinds." + name, kind)));
    return new AdaptiveCacheManager(cache, defaultKind, kinds);
  }

  /** @return the key generator that makes {@code CacheKey}s of method arguments */
  @Bean
  @ConditionalOnMissingBean(CacheKeyGenerator.class)
  public CacheKeyGenerator cacheKeyGenerator() {
    return new CacheKeyGenerator();
  }

  /**
   * Makes the {@link TypedCacheResolver} and the {@link CacheKeyGenerator} the defaults of the caching
   * annotations when the application's cache manager is an {@link AdaptiveCacheManager}; with another
   * cache manager it leaves Spring's defaults alone.
   *
   * @param managers the application's cache manager
   * @param keyGenerator the key generator
   * @return the caching defaults of {@code @EnableCaching}
   */
  @Bean
  @ConditionalOnMissingBean(CachingConfigurer.class)
  public CachingConfigurer tradingAgentsCachingConfigurer(ObjectProvider<CacheManager> managers,
      CacheKeyGenerator keyGenerator) {
    return new CachingConfigurer() {
      @Override
      public @Nullable CacheResolver cacheResolver() {
        return managers.getIfUnique() instanceof AdaptiveCacheManager manager ? new TypedCacheResolver(manager)
            : null;
      }

      @Override
      public @Nullable KeyGenerator keyGenerator() {
        return managers.getIfUnique() instanceof AdaptiveCacheManager ? keyGenerator : null;
      }
    };
  }

  private static DataKind kind(String property, String value) {
    try {
      return DataKind.of(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + " must name a data kind but was '" + value + "': "
          + e.getMessage(), e);
    }
  }

  /** Binds the cache's meters to the application's registries when Micrometer is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Metrics {
    /**
     * @param cache the cache
     * @param properties the {@code cache} tag
     * @return the binder; Spring Boot binds every {@code MeterBinder} bean to its registries
     */
    @Bean
    @ConditionalOnMissingBean(CacheMetrics.class)
    CacheMetrics tradingAgentsCacheMetrics(AdaptiveCache cache, TradingAgentsSpringProperties properties) {
      return new CacheMetrics(cache, properties.getMetricsName());
    }
  }

  /** The Actuator health indicator, when Spring Boot's health module is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    /**
     * @param cache the cache
     * @param properties the required tiers
     * @return the indicator, named {@code tradingagents} in the health endpoint
     */
    @Bean
    @ConditionalOnMissingBean(name = "tradingagentsHealthIndicator")
    AdaptiveCacheHealthIndicator tradingagentsHealthIndicator(AdaptiveCache cache,
        TradingAgentsSpringProperties properties) {
      return new AdaptiveCacheHealthIndicator(cache, properties.getHealth().getRequiredTiers());
    }
  }

  /** The Actuator info contributor, when Spring Boot's actuator module is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
  static class InfoConfiguration {
    /**
     * @param cache the cache
     * @return the contributor of {@code tradingagents} to the info endpoint
     */
    @Bean
    @ConditionalOnMissingBean(name = "tradingagentsInfoContributor")
    AdaptiveCacheInfoContributor tradingagentsInfoContributor(AdaptiveCache cache) {
      return new AdaptiveCacheInfoContributor(cache);
    }
  }
}
