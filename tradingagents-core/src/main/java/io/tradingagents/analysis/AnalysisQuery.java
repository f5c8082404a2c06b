package io.tradingagents.analysis;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A filter over analysis records: every non-null field must match; results are newest first.
 *
 * @param symbol the symbol, or {@code null} for any
 * @param analysisType the type, or {@code null} for any
 * @param from earliest {@code createdAt}, inclusive, or {@code null}
 * @param to latest {@code createdAt}, exclusive, or {@code null}
 * @param limit at most this many records, 1 to 10,000
 */
public record AnalysisQuery(@Nullable String symbol, @Nullable String analysisType, @Nullable Instant from,
    @Nullable Instant to, int limit) {

  /*
   * @throws IllegalArgumentException if {@code limit} is out of range or {@code to} is before {@code from}
   */
  public AnalysisQuery {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be between 1 and 10000 but was " + limit);
    }
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from);
    }
  }

  /**
   * @param symbol the symbol
   * @param limit at most this many
   * @return a query for one symbol's records
   */
  public static AnalysisQuery forSymbol(String symbol, int limit) {
    return new AnalysisQuery(symbol, null, null, null, limit);
  }
}
