package io.tradingagents.examples.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted application run for {@link AnalyzeLogsIT}: logs a known set of events through whatever
 * Logback configuration the JVM was started with (the test points it at the shipped one). The counts in
 * the comments are what the analyzer must find.
 */
public final class ScriptedRun {
  private ScriptedRun() {}

  /**
   * @param args unused
   */
  public static void main(String[] args) {
    Logger app = LoggerFactory.getLogger("io.tradingagents.app.AnalysisService");
    Logger cache = LoggerFactory.getLogger("io.tradingagents.cache.internal.Tiers");
    app.debug("not written at the shipped INFO level");                                // DEBUG: 0
    app.info("service started");                                                       // INFO 1
    // 3 LLM calls: deepseek 2 x CNY, openai 1 x USD, plus one deepseek call billed in USD.
    llm(app, "deepseek", "deepseek-chat", "0.0021", "CNY", "market_analyst", "comprehensive", 1200);  // INFO 2
    llm(app, "deepseek", "deepseek-chat", "0.0042", "CNY", "news_analyst", "comprehensive", 15500);   // INFO 3, slow
    llm(app, "openai", "gpt-4o-mini", "0.0150", "USD", "market_analyst", "technical", 900);           // INFO 4
    llm(app, "deepseek", "deepseek-chat", "0.0100", "USD", "fundamentals_analyst", "technical", 800); // INFO 5
    // 4 analyses: comprehensive 1 s, 2 s, 3 s; technical 12 s (slow).
    analysis(app, "comprehensive", 1000);                                               // INFO 6
    analysis(app, "comprehensive", 2000);                                               // INFO 7
    analysis(app, "comprehensive", 3000);                                               // INFO 8
    analysis(app, "technical", 12000);                                                  // INFO 9, slow
    app.atInfo().addKeyValue("event", "cache_get").addKeyValue("operation", "redis_get")
        .addKeyValue("duration_ms", 9000).log("under the threshold");                   // INFO 10
    cache.atWarn().addKeyValue("event", "tier_down").addKeyValue("tier", "redis")
        .log("Cache tier redis is not answering");                                      // WARN 1
    cache.warn("Cache tier mongodb is slow");                                           // WARN 2
    app.atError().addKeyValue("error_category", "upstream_api").addKeyValue("provider", "finnhub")
        .log("Finnhub answered HTTP 429");                                              // ERROR upstream_api
    app.atError().addKeyValue("error_category", "database").log("MongoDB write failed"); // ERROR database
    app.error("Quote request failed", new java.net.ConnectException("Connection refused")); // ERROR network (guessed)
    app.error("Report could not be decoded", new IllegalStateException("bad JSON",
        new IllegalArgumentException("unexpected token")));                             // ERROR serialization
  }

  private static void llm(Logger log, String provider, String model, String cost, String currency, String module,
      String type, long millis) {
    log.atInfo().addKeyValue("event", "llm_call").addKeyValue("provider", provider).addKeyValue("model", model)
        .addKeyValue("cost", cost).addKeyValue("currency", currency).addKeyValue("module", module)
        .addKeyValue("analysis_type", type).addKeyValue("duration_ms", millis).log("LLM call done");
  }

  private static void analysis(Logger log, String type, long millis) {
    log.atInfo().addKeyValue("event", "analysis_completed").addKeyValue("analysis_type", type)
        .addKeyValue("module", "trading_graph").addKeyValue("symbol", "600519").addKeyValue("duration_ms", millis)
        .log("analysis finished");
  }
}
