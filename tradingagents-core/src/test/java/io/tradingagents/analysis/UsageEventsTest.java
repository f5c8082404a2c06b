package io.tradingagents.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every recorded LLM call is an {@code llm_call} event, which the log analyzer sums into cost and usage. */
class UsageEventsTest {

  @Test
  void everyRecordedLlmCall_isAnEventWithItsCostAndCurrency() {
    UsageTracker tracker = UsageTracker.builder(new InMemoryUsageStore()).build();
    Logger logger = (Logger) LoggerFactory.getLogger(UsageTracker.class);
    Level previous = logger.getLevel();
    logger.setLevel(Level.INFO);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      UsageRecord record = tracker.record("deepseek", "deepseek-chat", 1200, 300, "s1", "comprehensive",
          "news_analyst");

      List<ILoggingEvent> events = appender.list.stream().filter(e -> e.getLevel() == Level.INFO).toList();
      assertThat(events).hasSize(1);
      Map<String, String> fields = new LinkedHashMap<>();
      events.get(0).getKeyValuePairs().forEach(p -> fields.put(p.key, String.valueOf(p.value)));
      assertThat(fields).containsAllEntriesOf(Map.of(
          "event", "llm_call", "provider", "deepseek", "model", "deepseek-chat", "module", "news_analyst",
          "analysis_type", "comprehensive", "input_tokens", "1200", "output_tokens", "300",
          "cost", record.cost().amount().toPlainString(),
          "currency", record.cost().currency().getCurrencyCode()));
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(previous);
    }
  }
}
