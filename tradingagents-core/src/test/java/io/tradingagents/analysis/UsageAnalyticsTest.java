package io.tradingagents.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.testing.MutableClock;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageAnalyticsTest {
  private static final PricingTable PRICES = PricingTable.parse(new StringReader("""
      [
        {"provider": "openai", "model": "gpt-4o-mini", "inputPer1k": "0.00015", "outputPer1k": "0.0006", "currency": "USD"},
        {"provider": "dashscope", "model": "qwen-max", "inputPer1k": "0.02", "outputPer1k": "0.06", "currency": "CNY"}
      ]"""), "test");

  // 2024-06-03T15:30Z is 23:30 in Shanghai; 16:30Z is 00:30 on the 4th.
  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-03T15:30:00Z"));
  private final InMemoryUsageStore store = new InMemoryUsageStore();
  private final List<CostAlert> alerts = new ArrayList<>();
  private final UsageTracker tracker = UsageTracker.builder(store).pricing(PRICES).clock(clock)
      .alertThreshold("CNY", new BigDecimal("1.00")).alertListener(alerts::add).build();

  private void playFixedDay() {
    tracker.record("openai", "gpt-4o-mini", 1000, 1000, "s1", "technical", "market_analyst"); // 0.00075 USD
    tracker.record("dashscope", "qwen-max", 10_000, 5_000, "s1", "technical", "news_analyst"); // 0.5 CNY
    clock.advance(Duration.ofHours(1)); // past midnight in Shanghai
    tracker.record("dashscope", "qwen-max", 10_000, 5_000, "s2", "fundamental", "news_analyst"); // 0.5 CNY
    tracker.record("openai", "gpt-4o-mini", 2000, 0, "s2", "fundamental", null); // 0.0003 USD
  }

  @Test
  void pricing_usesTheTableAndTheReportedTokens() {
    Money cost = PRICES.price("dashscope", "qwen-max").cost(10_000, 5_000);
    assertThat(cost.amount()).isEqualByComparingTo("0.5");
    assertThat(cost.currency()).isEqualTo(Currency.getInstance("CNY"));
  }

  @Test
  void report_groupsByDayAndHourInShanghai_andNeverMixesCurrencies() {
    playFixedDay();

    UsageReport report = new UsageAnalytics().report(store, UsagePeriod.all());

    assertThat(report.zone()).isEqualTo("Asia/Shanghai");
    assertThat(report.total().calls()).isEqualTo(4);
    assertThat(report.total().costByCurrency()).containsOnlyKeys("CNY", "USD");
    assertThat(report.total().costByCurrency().get("CNY")).isEqualByComparingTo("1.0");
    assertThat(report.total().costByCurrency().get("USD")).isEqualByComparingTo("0.00105");
    assertThat(report.byDay()).containsOnlyKeys(LocalDate.of(2024, 6, 3), LocalDate.of(2024, 6, 4));
    assertThat(report.byDay().get(LocalDate.of(2024, 6, 3)).costByCurrency().get("CNY"))
        .isEqualByComparingTo("0.5");
    assertThat(report.byHour()).containsOnlyKeys(23, 0);
    assertThat(report.byProviderModel()).containsOnlyKeys("openai/gpt-4o-mini", "dashscope/qwen-max");
    assertThat(report.byModule().get("news_analyst").calls()).isEqualTo(2);
    assertThat(report.byModule()).containsKey("(none)");
    assertThat(report.byAnalysisType().get("fundamental").inputTokens()).isEqualTo(12_000);
    assertThat(new UsageAnalytics().session(store.query(null, null), "s2").costByCurrency().get("CNY"))
        .isEqualByComparingTo("0.5");
  }

  @Test
  void report_inUtc_putsEverythingOnOneDay() {
    playFixedDay();

    UsageReport utc = new UsageAnalytics(java.time.ZoneOffset.UTC).report(store, UsagePeriod.all());

    assertThat(utc.byDay()).containsOnlyKeys(LocalDate.of(2024, 6, 3));
    assertThat(utc.byHour()).containsOnlyKeys(15, 16);
  }

  @Test
  void periodFilter_lastDaysStartsAtMidnightInTheZone() {
    playFixedDay();

    UsageReport today = new UsageAnalytics().report(store, UsagePeriod.lastDays(1, clock,
        UsageAnalytics.DEFAULT_ZONE));

    assertThat(today.total().calls()).isEqualTo(2);
  }

  @Test
  void costAlert_raisedOncePerCurrencyAndDay_whenTheThresholdIsCrossed() {
    tracker.record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // 0.5
    assertThat(alerts).isEmpty();
    tracker.record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // 1.0: crossed
    tracker.record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // 1.5: already raised
    tracker.record("openai", "gpt-4o-mini", 1_000_000, 1_000_000, null, null, null); // USD: no threshold

    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).currency().getCurrencyCode()).isEqualTo("CNY");
    assertThat(alerts.get(0).total()).isEqualByComparingTo("1.0");
    assertThat(tracker.spentToday(Currency.getInstance("CNY"))).isEqualByComparingTo("1.5");
  }

  @Test
  void aCallOfYesterdayRecordedAfterMidnight_neitherResetsTodayNorAlertsTwice() {
    // 15:59:59.900Z is 23:59:59.900 in Shanghai; its record reaches the tracker after today's first ones
    MutableClock late = new MutableClock(Instant.parse("2024-06-03T15:59:59.900Z"));
    List<CostAlert> raised = new ArrayList<>();
    UsageStore slowStore = new InMemoryUsageStore() {
      private boolean first = true;

      @Override
      public synchronized void append(UsageRecord record) {
        super.append(record);
        if (first) { // while yesterday's call is being stored, the clock passes midnight and others record
          first = false;
          late.advance(Duration.ofSeconds(1));
          raisedTracker[0].record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // 0.5
          raisedTracker[0].record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // 1.0: alert
        }
      }
    };
    raisedTracker[0] = UsageTracker.builder(slowStore).pricing(PRICES).clock(late)
        .alertThreshold("CNY", new BigDecimal("1.00")).alertListener(raised::add).build();

    raisedTracker[0].record("dashscope", "qwen-max", 10_000, 5_000, null, null, null); // yesterday, 0.5

    assertThat(raisedTracker[0].spentToday(Currency.getInstance("CNY"))).isEqualByComparingTo("1.0");
    assertThat(raised).extracting(CostAlert::day).containsExactly(LocalDate.of(2024, 6, 4));
  }

  private final UsageTracker[] raisedTracker = new UsageTracker[1];

  @Test
  void unknownModel_costsZero_andIsReportedOnce() {
    tracker.record("acme", "mystery-1", 100, 100, null, null, null);
    tracker.record("acme", "mystery-1", 100, 100, null, null, null);

    assertThat(tracker.unknownModels()).containsExactly("acme/mystery-1");
    assertThat(store.query(null, null)).allSatisfy(r -> assertThat(r.cost().amount()).isZero());
  }

  @Test
  void badInput_isRejectedWithAClearMessage() {
    assertThatThrownBy(() -> tracker.record("openai", "gpt-4o-mini", -1, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("inputTokens must be >= 0 but was -1");
    assertThatThrownBy(() -> tracker.record(" ", "gpt-4o-mini", 1, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("provider must not be blank");
    assertThatThrownBy(() -> Money.of("1.0", "XXY")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'XXY'");
    assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "CNY")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different currencies");
    assertThat(store.count()).isZero();
  }

  @Test
  void malformedPricingFile_namesTheLine() {
    String json = """
        [
          {"provider": "openai", "model": "a", "inputPer1k": "0.1", "outputPer1k": "0.2", "currency": "USD"},
          {"provider": "openai", "model": "b", "inputPer1k": "cheap", "outputPer1k": "0.2", "currency": "USD"}
        ]""";
    assertThatThrownBy(() -> PricingTable.parse(new StringReader(json), "prices.json"))
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("prices.json, line 3").hasMessageContaining("'cheap'");
    assertThatThrownBy(() -> PricingTable.parse(new StringReader("[\n{\"provider\": }"), "broken.json"))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("broken.json, line 2");
    assertThatThrownBy(() -> PricingTable.parse(new StringReader("[\n{\"provider\": \"x\", \"model\": \"m\", "
        + "\"inputPer1k\": \"1\", \"outputPer1k\": \"1\", \"currency\": \"USD\"},\n\"oops\"]"), "d.json"))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("d.json, line 3")
        .hasMessageContaining("found VALUE_STRING");
    String twice = "{\"provider\": \"x\", \"model\": \"m\", \"inputPer1k\": \"1\", \"outputPer1k\": \"1\", "
        + "\"currency\": \"USD\"}";
    assertThatThrownBy(() -> PricingTable.parse(new StringReader("[" + twice + ",\n" + twice + "]"), "e.json"))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("e.json, line 2")
        .hasMessageContaining("second price for x/m");
    assertThatThrownBy(() -> PricingTable.parse(new StringReader("[]\n[]"), "f.json"))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("after the array");
    assertThatThrownBy(() -> PricingTable.parse(new StringReader("[\n\n{\"provider\": \"x\", \"model\": \"m\", "
        + "\"inputPer1k\": \"1\", \"outputPer1k\": \"1\", \"currency\": \"EURO\"}]"), "c.json"))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("c.json, line 3")
        .hasMessageContaining("EURO");
  }

  @Test
  void defaultPricing_loadsFromTheShippedResource() {
    PricingTable defaults = PricingTable.defaults();
    assertThat(defaults.price("openai", "GPT-4")).isNotNull();
    assertThat(defaults.price("dashscope", "qwen-max").currency().getCurrencyCode()).isEqualTo("CNY");
  }

  @Test
  void report_serializesToJson() throws Exception {
    playFixedDay();
    UsageReport report = new UsageAnalytics().report(store, UsagePeriod.all());

    String json = new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(report);

    assertThat(json).contains("\"2024-06-04\"").contains("\"CNY\"").contains("\"news_analyst\"");
  }
}
