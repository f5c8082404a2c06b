package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.UsageTracker;
import io.tradingagents.monitoring.SlowOperations;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The analyst modules that write an analysis: {@code market_analyst}, {@code news_analyst} and
 * {@code fundamentals_analyst}, each making one {@link SimulatedLlm} call over the data it reads. Every call
 * is priced and recorded with {@link UsageTracker#record} (provider, model, the tokens the LLM reported,
 * session, analysis type, module), which is what the quickstart's usage summary reads back. Each call runs
 * under a {@link SlowOperations} monitor as operation {@code llm.<module>}: one slower than its threshold
 * (10 s unless configured) is logged as a {@code slow_operation} event and counted.
 *
 * <p>Thread-safe if its tracker is (the library's is).
 */
public final class AnalystTeam {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnalystTeam.class);
  /** The modules of every analysis, in the order they run; each makes one LLM call. */
  public static final List<String> MODULES = List.of("market_analyst", "news_analyst", "fundamentals_analyst");

  private final SimulatedLlm llm;
  private final UsageTracker tracker;
  private final SlowOperations slowOperations;

  /**
   * Times LLM calls with {@link SlowOperations#defaults()} (10 s).
   *
   * @param llm the LLM every module calls
   * @param tracker records every call
   */
  public AnalystTeam(SimulatedLlm llm, UsageTracker tracker) {
    this(llm, tracker, SlowOperations.defaults());
  }

  /**
   * @param llm the LLM every module calls
   * @param tracker records every call
   * @param slowOperations times every LLM call as {@code llm.<module>}
   */
  public AnalystTeam(SimulatedLlm llm, UsageTracker tracker, SlowOperations slowOperations) {
    this.llm = requireNonNull(llm, "llm");
    this.tracker = requireNonNull(tracker, "tracker");
    this.slowOperations = requireNonNull(slowOperations, "slowOperations");
  }

  /**
   * Writes one analysis: one LLM call per module, each recorded with the tracker in the session
   * {@code quickstart:<asOf>:<symbol>:<analysisType>}.
   *
   * @param analysisType e.g. {@code comprehensive}
   * @param asOf the last day of the data
   * @param history the symbol's price history
   * @param news the symbol's news
   * @param fundamentals the symbol's fundamentals
   * @return the analysis, with the tokens and cost of its calls
   */
  public AnalysisDigest write(String analysisType, LocalDate asOf, PriceHistory history, NewsDigest news,
      Fundamentals fundamentals) {
    String symbol = history.symbol();
    String session = "quickstart:" + asOf + ':' + symbol + ':' + analysisType;
    Map<String, String> reports = new HashMap<>();
    long inputTokens = 0;
    long outputTokens = 0;
    @Nullable Money cost = null;
    String provider = "";
    String model = "";
    long started = System.nanoTime();
    for (String module : MODULES) {
      SimulatedLlm.Completion call = slowOperations.time("llm." + module,
          () -> llm.complete(symbol, analysisType, module));
      UsageRecord record = tracker.record(call.provider(), call.model(), call.inputTokens(),
          call.outputTokens(), session, analysisType, module);
      cost = cost == null ? record.cost() : cost.plus(record.cost());
      inputTokens += call.inputTokens();
      outputTokens += call.outputTokens();
      provider = call.provider();
      model = call.model();
      reports.put(module, report(module, history, news, fundamentals));
    }
    requireNonNull(cost, "MODULES is not empty");

    double momentum = momentum(history);
    double score = analysisType.equals(QuickstartWorkload.TECHNICAL) ? momentum
        : momentum + 0.2 * news.averageSentiment() + (fundamentals.priceToEarnings() < 20 ? 0.05 : -0.05);
    String decision = score > 0.05 ? "BUY" : score < -0.05 ? "SELL" : "HOLD";
    log.atInfo().setMessage("Analysis {} of {} completed: {}").addArgument(analysisType).addArgument(symbol)
        .addArgument(decision).addKeyValue("event", "analysis_completed")
        .addKeyValue("analysis_type", analysisType)
        .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000.0).log();
    double confidence = Math.round(Math.min(0.95, 0.5 + Math.abs(score)) * 100) / 100.0;
    return new AnalysisDigest(symbol, analysisType, asOf, provider, model, decision, confidence, reports,
        inputTokens, outputTokens, cost.amount(), cost.currency().getCurrencyCode());
  }

  /** @return LLM calls made by this team's LLM so far */
  public long llmCalls() {
    return llm.totalCalls();
  }

  private static String report(String module, PriceHistory history, NewsDigest news,
      Fundamentals fundamentals) {
    switch (module) {
      case "market_analyst":
        return String.format(Locale.ROOT, "return %+.1f%% over %d trading days", momentum(history) * 100,
            history.bars().size());
      case "news_analyst":
        return String.format(Locale.ROOT, "%d headlines, average sentiment %+.2f", news.headlines().size(),
            news.averageSentiment());
      default:
        return String.format(Locale.ROOT, "P/E %.1f, P/B %.1f, ROE %.0f%%, net margin %.0f%%",
            fundamentals.priceToEarnings(), fundamentals.priceToBook(), fundamentals.returnOnEquity() * 100,
            fundamentals.netMargin() * 100);
    }
  }

  /** Close of the last bar over close of the first, minus one; 0 without bars. */
  private static double momentum(PriceHistory history) {
    List<PriceHistory.Bar> bars = history.bars();
    return bars.isEmpty() ? 0 : bars.get(bars.size() - 1).close() / bars.get(0).close() - 1;
  }
}
