package io.tradingagents.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradingagents.monitoring.UsageMetrics;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UsageMetricsTest {

  @Test
  void usageMeters_matchTheAnalyticsTotals_perCurrency_withBoundedTags() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    UsageTracker tracker = UsageTracker.builder(store).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new UsageMetrics(tracker).bindTo(registry);

    for (int i = 0; i < 7; i++) {
      tracker.record("dashscope", "qwen-plus", 1_200 + i, 350, "s-1", "stock_analysis", "market_analyst");
    }
    for (int i = 0; i < 3; i++) {
      tracker.record("DeepSeek", "deepseek-chat", 900, 410 + i, "s-2", "news_analysis", "news_analyst");
    }
    tracker.record("openai", "gpt-unlisted", 500, 100, null, null, null);
    tracker.record("acme-llm", "acme-1", 40, 10, null, null, null);

    UsageSummary total = new UsageAnalytics().report(store, UsagePeriod.all()).total();
    assertThat(sum(registry, "tradingagents.usage.calls", Map.of())).isEqualTo(total.calls());
    assertThat(sum(registry, "tradingagents.usage.tokens", Map.of("direction", "input")))
        .isEqualTo(total.inputTokens());
    assertThat(sum(registry, "tradingagents.usage.tokens", Map.of("direction", "output")))
        .isEqualTo(total.outputTokens());
    assertThat(total.costByCurrency()).isNotEmpty();
    total.costByCurrency().forEach((currency, amount) ->
        assertThat(sum(registry, "tradingagents.usage.cost", Map.of("currency", currency)))
            .as(currency).isCloseTo(amount.doubleValue(), within(1e-9)));
    assertThat(total.costByCurrency().keySet()).containsExactlyInAnyOrder("CNY", "USD");

    Set<String> models = registry.find("tradingagents.usage.calls").counters().stream()
        .map(c -> c.getId().getTag("provider") + "/" + c.getId().getTag("model")).collect(Collectors.toSet());
    assertThat(models).containsExactlyInAnyOrder("dashscope/qwen-plus", "deepseek/deepseek-chat", "openai/other",
        "other/other");
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString())
        .doesNotContain("s-1", "market_analyst", "stock_analysis"));
  }

  @Test
  void aThrowingListener_losesNoRecord() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    UsageTracker tracker = UsageTracker.builder(store).build();
    tracker.addRecordListener(r -> {
      throw new IllegalStateException("listener bug (simulated)");
    });
    tracker.record("dashscope", "qwen-plus", 10, 10, null, null, null);
    assertThat(store.count()).isEqualTo(1);
  }

  private static double sum(SimpleMeterRegistry registry, String name, Map<String, String> tags) {
    var search = registry.find(name);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      search = search.tag(tag.getKey(), tag.getValue());
    }
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }
}
