package io.tradingagents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.spring.boot.AdaptiveCacheHealthIndicator;
import io.tradingagents.spring.boot.TradingAgentsCacheAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Start-up of the auto-configuration from properties, without any server (the in-process tier only). */
class TradingAgentsCacheAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TradingAgentsCacheAutoConfiguration.class));

  private static String builderMessage(Map<String, String> settings) {
    var builder = AdaptiveCache.builder();
    settings.forEach(builder::setting);
    Throwable thrown = catchThrowable(builder::build);
    assertThat(thrown).isInstanceOf(CacheConfigurationException.class);
    return thrown.getMessage();
  }

  /** @return the outermost exception of ours (or of the argument checks) in a start-up failure's chain */
  private static Throwable failure(Throwable startup) {
    for (Throwable t = startup; t != null; t = t.getCause()) {
      if (t instanceof CacheConfigurationException || t instanceof IllegalArgumentException) {
        return t;
      }
    }
    throw new AssertionError("no configuration error in", startup);
  }

  @Test
  void badRedisPort_failsStartUp_withTheBuildersMessageAndTheProperty() {
    String expected = builderMessage(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", "abc"));

    runner.withPropertyValues("tradingagents.cache.redis.host=127.0.0.1", "tradingagents.cache.redis.port=abc")
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable cause = failure(context.getStartupFailure());
          assertThat(cause).isInstanceOf(CacheConfigurationException.class);
          assertThat(((CacheConfigurationException) cause).setting()).isEqualTo("REDIS_PORT");
          assertThat(cause.getMessage()).isEqualTo(expected + " (set as tradingagents.cache.redis.port)")
              .isEqualTo("REDIS_PORT must be an integer from 1 to 65535 but was 'abc' "
                  + "(set as tradingagents.cache.redis.port)"); // as docs/spring.md quotes it
        });
  }

  @Test
  void mistypedCoreSetting_failsStartUp_withTheBuildersSuggestion() {
    String expected = builderMessage(Map.of("TA_CACHE_MEMORY_MAX_BYTE", "128MB"));
    assertThat(expected).contains("did you mean TA_CACHE_MEMORY_MAX_BYTES");

    runner.withPropertyValues("tradingagents.cache.memory-max-byte=128MB").run(context -> {
      assertThat(context).hasFailed();
      assertThat(failure(context.getStartupFailure()).getMessage())
          .isEqualTo(expected + " (set as tradingagents.cache.memory-max-byte)");
    });
  }

  @Test
  void badCoreValue_failsStartUp_namingTheSettingAndTheProperty() {
    String expected = builderMessage(Map.of("TA_CACHE_SLOW_CALL_THRESHOLD", "2h"));

    runner.withPropertyValues("tradingagents.cache.slow-call-threshold=2h").run(context -> {
      assertThat(context).hasFailed();
      assertThat(failure(context.getStartupFailure()).getMessage())
          .isEqualTo(expected + " (set as tradingagents.cache.slow-call-threshold)");
    });
  }

  @Test
  void badDataKindOfACache_failsStartUp_namingTheProperty() {
    runner.withPropertyValues("tradingagents.spring.kinds.news=no such kind!").run(context -> {
      assertThat(context).hasFailed();
      assertThat(failure(context.getStartupFailure()).getMessage())
          .contains("tradingagents.spring.kinds.news must name a data kind but was 'no such kind!'");
    });
  }

  @Test
  void validSettings_startTheCache_withTheSpringCacheBeans() {
    runner.withPropertyValues("tradingagents.cache.memory-max-bytes=32MB", "tradingagents.spring.kinds.news=news")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(AdaptiveCache.class)
              .hasSingleBean(AdaptiveCacheManager.class).hasSingleBean(CacheKeyGenerator.class)
              .hasSingleBean(CachingConfigurer.class);
          AdaptiveCacheManager manager = context.getBean(AdaptiveCacheManager.class);
          assertThat(manager.getCache("news").kind().name()).isEqualTo("news");
          assertThat(manager.getCache("quotes").kind().name()).isEqualTo("stock_data");
          assertThat(context.getBean(CachingConfigurer.class).cacheResolver()).isInstanceOf(TypedCacheResolver.class);
          assertThat(context.getBean(AdaptiveCacheHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  void requiredTierThatIsNotConfigured_isReportedDown() {
    runner.withPropertyValues("tradingagents.spring.health.required-tiers=redis").run(context -> {
      var health = context.getBean(AdaptiveCacheHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("requiredTiersDown", java.util.List.of("redis"));
    });
  }

  @Test
  void applicationsOwnCacheManager_isKept_andSpringsDefaultsAreLeftAlone() {
    runner.withUserConfiguration(OwnCacheManager.class).run(context -> {
      assertThat(context).hasNotFailed().getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class);
      assertThat(context).doesNotHaveBean(AdaptiveCacheManager.class);
      CachingConfigurer configurer = context.getBean(CachingConfigurer.class);
      assertThat(configurer.cacheResolver()).isNull();
      assertThat(configurer.keyGenerator()).isNull();
    });
  }

  @Test
  void disabled_configuresNothing() {
    runner.withPropertyValues("tradingagents.spring.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AdaptiveCache.class)
            .doesNotHaveBean(CachingConfigurer.class));
  }

  @Test
  void closingTheContext_closesTheCache() {
    AdaptiveCache[] cache = new AdaptiveCache[1];
    runner.run(context -> cache[0] = context.getBean(AdaptiveCache.class));

    assertThat(catchThrowable(() -> cache[0].get(io.tradingagents.cache.CacheKey.of(
        io.tradingagents.cache.DataKind.NEWS, "AAPL"), String.class))).isInstanceOf(IllegalStateException.class);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }
}
