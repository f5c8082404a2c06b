package io.tradingagents.examples.quickstart;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.Market;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the LLMs the analyst modules call. Each call reports the tokens it read and wrote, as a
 * provider's API does; the counts are deterministic (seeded by symbol, analysis type and module), so every
 * run and every test sees the same usage and cost. The model depends on the market: A-share and Hong Kong
 * analyses use {@link Model#QWEN_MAX} (priced in CNY), US analyses {@link Model#GPT_4O_MINI} (priced in
 * USD); both are in {@link io.tradingagents.analysis.PricingTable#defaults()}. Calls return at once: the
 * quickstart times the data requests, not the analyses.
 *
 * <p>Thread-safe. It counts its calls so that callers can check that cached analyses made none.
 */
public final class SimulatedLlm {
  /** Fewest input tokens of one call (the prompt with the data it analyses). */
  public static final long MIN_INPUT_TOKENS = 1_500;
  /** Most input tokens of one call. */
  public static final long MAX_INPUT_TOKENS = 6_000;
  /** Fewest output tokens of one call (the module's report). */
  public static final long MIN_OUTPUT_TOKENS = 300;
  /** Most output tokens of one call. */
  public static final long MAX_OUTPUT_TOKENS = 1_500;

  private final AtomicLong totalCalls = new AtomicLong();

  /**
   * One simulated completion.
   *
   * @param symbol the ticker symbol
   * @param analysisType the analysis type
   * @param module the analyst module that asked
   * @return the model that answered and the tokens it reported
   */
  public Completion complete(String symbol, String analysisType, String module) {
    Model model = Model.of(Market.detect(requireNonNull(symbol, "symbol")));
    long input = inputTokens(symbol, analysisType, module);
    long output = outputTokens(symbol, analysisType, module);
    totalCalls.incrementAndGet();
    return new Completion(model.provider(), model.model(), input, output);
  }

  /** @return calls made since this LLM was created */
  public long totalCalls() {
    return totalCalls.get();
  }

  /**
   * @param symbol the ticker symbol
   * @param analysisType the analysis type
   * @param module the analyst module
   * @return the input tokens every call with these arguments reports, from {@link #MIN_INPUT_TOKENS} to
   *     {@link #MAX_INPUT_TOKENS}
   */
  public static long inputTokens(String symbol, String analysisType, String module) {
    return MIN_INPUT_TOKENS + random(symbol, analysisType, module).nextLong(
        MAX_INPUT_TOKENS - MIN_INPUT_TOKENS + 1);
  }

  /**
   * @param symbol the ticker symbol
   * @param analysisType the analysis type
   * @param module the analyst module
   * @return the output tokens every call with these arguments reports, from {@link #MIN_OUTPUT_TOKENS} to
   *     {@link #MAX_OUTPUT_TOKENS}
   */
  public static long outputTokens(String symbol, String analysisType, String module) {
    SplittableRandom random = random(symbol, analysisType, module);
    random.nextLong(); // the input tokens' draw
    return MIN_OUTPUT_TOKENS + random.nextLong(MAX_OUTPUT_TOKENS - MIN_OUTPUT_TOKENS + 1);
  }

  private static SplittableRandom random(String symbol, String analysisType, String module) {
    return new SplittableRandom(SimulatedUpstream.seed(requireNonNull(symbol, "symbol") + '|'
        + requireNonNull(analysisType, "analysisType") + '|' + requireNonNull(module, "module")));
  }

  /**
   * What one call used, as the provider reports it.
   *
   * @param provider the provider, e.g. {@code dashscope}
   * @param model the model, e.g. {@code qwen-max}
   * @param inputTokens tokens read
   * @param outputTokens tokens written
   */
  public record Completion(String provider, String model, long inputTokens, long outputTokens) {}

  /** The models the simulated analysts use, by market. */
  public enum Model {
    /** Alibaba's Qwen-Max through DashScope, billed in CNY: A-share and Hong Kong analyses. */
    QWEN_MAX("dashscope", "qwen-max"),
    /** OpenAI's GPT-4o mini, billed in USD: US analyses. */
    GPT_4O_MINI("openai", "gpt-4o-mini");

    private final String provider;
    private final String model;

    Model(String provider, String model) {
      this.provider = provider;
      this.model = model;
    }

    /**
     * @param market a market
     * @return the model its analyses use
     */
    public static Model of(Market market) {
      return requireNonNull(market, "market") == Market.US ? GPT_4O_MINI : QWEN_MAX;
    }

    /** @return the provider name, as in the pricing table */
    public String provider() {
      return provider;
    }

    /** @return the model name, as in the pricing table */
    public String model() {
      return model;
    }
  }
}
