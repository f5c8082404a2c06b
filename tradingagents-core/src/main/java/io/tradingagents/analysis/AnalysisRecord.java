package io.tradingagents.analysis;

import static io.tradingagents.analysis.Checks.notBlank;
import static io.tradingagents.analysis.Checks.notNegative;
import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.Market;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One analysis result, as the agents wrote it. Immutable; build with {@link #builder}.
 *
 * @param id unique id (a random UUID unless given): saving the same id twice keeps one record
 * @param symbol the ticker symbol
 * @param market the market
 * @param analysisType e.g. {@code fundamental}, {@code technical}, {@code comprehensive}
 * @param createdAt when the analysis was made
 * @param model the LLM that wrote it, or {@code null}
 * @param decision the decision (e.g. {@code BUY}), or {@code null}
 * @param confidence the confidence, 0 to 1, or {@code null}
 * @param moduleReports report text per module (e.g. {@code market_report}, {@code news_report})
 * @param inputTokens tokens read
 * @param outputTokens tokens written
 * @param cost what the analysis cost, or {@code null} if unknown
 * @param status where it is in its life
 * @param sessionId the user session, or {@code null}
 */
public record AnalysisRecord(String id, String symbol, Market market, String analysisType, Instant createdAt,
    @Nullable String model, @Nullable String decision, @Nullable Double confidence,
    Map<String, String> moduleReports, long inputTokens, long outputTokens, @Nullable Money cost,
    AnalysisStatus status, @Nullable String sessionId) {

  /*
   * @throws IllegalArgumentException for a blank id, symbol or type, negative tokens or a confidence
   *     outside 0..1
   */
  public AnalysisRecord {
    notBlank(id, "id");
    notBlank(symbol, "symbol");
    requireNonNull(market, "market");
    notBlank(analysisType, "analysisType");
    requireNonNull(createdAt, "createdAt");
    moduleReports = Map.copyOf(moduleReports);
    notNegative(inputTokens, "inputTokens");
    notNegative(outputTokens, "outputTokens");
    requireNonNull(status, "status");
    if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1 but was " + confidence);
    }
  }

  /**
   * @param symbol the ticker symbol; the market is detected from it unless set
   * @param analysisType the analysis type
   * @param createdAt when it was made
   * @return a builder with a fresh random id and status {@link AnalysisStatus#COMPLETED}
   */
  public static Builder builder(String symbol, String analysisType, Instant createdAt) {
    return new Builder(symbol, analysisType, createdAt);
  }

  /** Builds an {@link AnalysisRecord}. Not thread-safe. */
  public static final class Builder {
    private String id = UUID.randomUUID().toString();
    private final String symbol;
    private @Nullable Market market;
    private final String analysisType;
    private final Instant createdAt;
    private @Nullable String model;
    private @Nullable String decision;
    private @Nullable Double confidence;
    private final Map<String, String> moduleReports = new LinkedHashMap<>();
    private long inputTokens;
    private long outputTokens;
    private @Nullable Money cost;
    private AnalysisStatus status = AnalysisStatus.COMPLETED;
    private @Nullable String sessionId;

    private Builder(String symbol, String analysisType, Instant createdAt) {
      this.symbol = notBlank(symbol, "symbol");
      this.analysisType = notBlank(analysisType, "analysisType");
      this.createdAt = requireNonNull(createdAt, "createdAt");
    }

    /**
     * @param value the id; default a random UUID
     * @return this builder
     */
    public Builder id(String value) {
      this.id = notBlank(value, "id");
      return this;
    }

    /**
     * @param value the market; default detected from the symbol
     * @return this builder
     */
    public Builder market(Market value) {
      this.market = requireNonNull(value, "market");
      return this;
    }

    /**
     * @param value the model
     * @return this builder
     */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /**
     * @param value the decision
     * @return this builder
     */
    public Builder decision(String value) {
      this.decision = value;
      return this;
    }

    /**
     * @param value 0 to 1
     * @return this builder
     */
    public Builder confidence(double value) {
      this.confidence = value;
      return this;
    }

    /**
     * @param module the module name
     * @param report its report
     * @return this builder
     */
    public Builder moduleReport(String module, String report) {
      moduleReports.put(notBlank(module, "module"), requireNonNull(report, "report"));
      return this;
    }

    /**
     * @param input tokens read
     * @param output tokens written
     * @return this builder
     */
    public Builder tokens(long input, long output) {
      this.inputTokens = input;
      this.outputTokens = output;
      return this;
    }

    /**
     * @param value the cost
     * @return this builder
     */
    public Builder cost(Money value) {
      this.cost = value;
      return this;
    }

    /**
     * @param value the status; default completed
     * @return this builder
     */
    public Builder status(AnalysisStatus value) {
      this.status = requireNonNull(value, "status");
      return this;
    }

    /**
     * @param value the session id
     * @return this builder
     */
    public Builder sessionId(String value) {
      this.sessionId = value;
      return this;
    }

    /**
     * @return the record
     * @throws IllegalArgumentException if a value is invalid
     */
    public AnalysisRecord build() {
      return new AnalysisRecord(id, symbol, market != null ? market : Market.detect(symbol), analysisType,
          createdAt, model, decision, confidence, moduleReports, inputTokens, outputTokens, cost, status,
          sessionId);
    }
  }
}
