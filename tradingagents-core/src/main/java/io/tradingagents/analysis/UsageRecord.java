package io.tradingagents.analysis;

import static io.tradingagents.analysis.Checks.notBlank;
import static io.tradingagents.analysis.Checks.notNegative;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One priced LLM or API call. Immutable.
 *
 * @param id unique id: storing the same id twice keeps one record (replays are idempotent)
 * @param timestamp when the call was made
 * @param provider e.g. {@code openai}, {@code dashscope}
 * @param model e.g. {@code gpt-4o-mini}
 * @param inputTokens tokens sent, as reported by the provider
 * @param outputTokens tokens received, as reported by the provider
 * @param cost what the call cost
 * @param sessionId the user session, or {@code null}
 * @param analysisType the analysis type it served, or {@code null}
 * @param module the module that made it (e.g. {@code news_analyst}), or {@code null}
 */
public record UsageRecord(String id, Instant timestamp, String provider, String model, long inputTokens,
    long outputTokens, Money cost, @Nullable String sessionId, @Nullable String analysisType,
    @Nullable String module) {

  /*
   * @throws IllegalArgumentException for a blank id, provider or model, or negative tokens
   */
  public UsageRecord {
    notBlank(id, "id");
    requireNonNull(timestamp, "timestamp");
    notBlank(provider, "provider");
    notBlank(model, "model");
    notNegative(inputTokens, "inputTokens");
    notNegative(outputTokens, "outputTokens");
    requireNonNull(cost, "cost");
  }
}
