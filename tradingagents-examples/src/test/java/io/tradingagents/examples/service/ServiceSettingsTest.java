package io.tradingagents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  @Test
  void defaults_loopbackPort8501_noRequiredTier_demoOn() {
    ServiceSettings s = ServiceSettings.fromEnvironment(Map.of());

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8501);
    assertThat(s.requiredTiers()).isEmpty();
    assertThat(s.demoWorkload()).isTrue();
    assertThat(s.demoInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.statusCache()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.usageDirectory()).isEqualTo(Path.of("./data/usage"));
  }

  @Test
  void requiredTiers_areTrimmedLowerCasedAndDeduplicated() {
    ServiceSettings s = ServiceSettings.fromEnvironment(Map.of("TA_REQUIRED_TIERS", " Redis, mongodb ,redis"));

    assertThat(s.requiredTiers()).containsExactly("redis", "mongodb");
  }

  @Test
  void unknownRequiredTier_isRefusedWithTheKnownNames() {
    assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("TA_REQUIRED_TIERS", "redis,postgres")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown tier 'postgres'").hasMessageContaining("[file, memory, mongodb, redis]");
  }

  @Test
  void badPort_isRefusedWithRangeAndValue() {
    assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("TA_HTTP_PORT", "70000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TA_HTTP_PORT must be a whole number from 0 to 65535 but was '70000'; e.g. TA_HTTP_PORT=8501");
  }

  @Test
  void badBooleanAndDuration_areRefused() {
    assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("TA_DEMO_WORKLOAD", "off")))
        .hasMessage("TA_DEMO_WORKLOAD must be true or false but was 'off'");
    assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("TA_STATUS_CACHE", "0s")))
        .hasMessageContaining("TA_STATUS_CACHE must be a positive duration");
  }

  @Test
  void placeholderInAnySecretVariable_isRefused_withoutShowingTheValue() {
    for (String name : ServiceSettings.SECRET_VARIABLES) {
      for (String value : List.of("change-me", "CHANGE_ME_please", "redis://:changeme@redis:6379", "<password>")) {
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of(name, value)))
            .as(name + "=" + value)
            .hasMessageStartingWith(name + " still holds the placeholder from .env.example")
            .hasMessageNotContaining(value);
      }
    }
  }

  @Test
  void realSecret_isAccepted() {
    assertThat(ServiceSettings.fromEnvironment(Map.of("REDIS_PASSWORD", "q8Vd2kLr0x", "MONGODB_URL",
        "mongodb://app:q8Vd2kLr0x@mongodb:27017/tradingagents")).port()).isEqualTo(8501);
  }
}
