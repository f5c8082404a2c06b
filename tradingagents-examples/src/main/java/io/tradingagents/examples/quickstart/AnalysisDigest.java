package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * An analysis the simulated analysts wrote about one symbol: the decision, each module's report, and what
 * the LLM calls behind it used and cost. Cached with {@link io.tradingagents.cache.DataKind#ANALYSIS}, so a
 * later request for the same analysis reads it instead of calling the LLM again. Immutable and serializable
 * by the cache's Jackson codec.
 *
 * @param symbol the ticker symbol
 * @param analysisType e.g. {@code comprehensive}
 * @param asOf the last day of the data analysed
 * @param provider the LLM provider, e.g. {@code dashscope}
 * @param model the LLM, e.g. {@code qwen-max}
 * @param decision {@code BUY}, {@code HOLD} or {@code SELL}
 * @param confidence from 0 to 1
 * @param reports per module (e.g. {@code news_analyst}), its report; unmodifiable
 * @param inputTokens tokens read over all modules' calls
 * @param outputTokens tokens written over all modules' calls
 * @param cost what the calls cost, in {@code currency}
 * @param currency ISO 4217 code of {@code cost}; one per analysis, as one model writes it
 */
public record AnalysisDigest(String symbol, String analysisType, LocalDate asOf, String provider, String model,
    String decision, double confidence, Map<String, String> reports, long inputTokens, long outputTokens,
    BigDecimal cost, String currency) {

  /** Checks the fields and copies the reports. */
  public AnalysisDigest {
    requireNonNull(symbol, "symbol");
    requireNonNull(analysisType, "analysisType");
    requireNonNull(asOf, "asOf");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(decision, "decision");
    requireNonNull(cost, "cost");
    requireNonNull(currency, "currency");
    reports = Map.copyOf(reports);
  }
}
