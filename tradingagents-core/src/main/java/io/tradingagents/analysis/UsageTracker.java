package io.tradingagents.analysis;

import static io.tradingagents.analysis.Checks.notBlank;
import static io.tradingagents.analysis.Checks.notNegative;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records priced LLM and API calls: prices each call from a {@link PricingTable} with the token counts
 * the provider reported (never estimated), appends it to a {@link UsageStore}, and raises a
 * {@link CostAlert} when a day's spending in a currency crosses that currency's threshold (days in the
 * tracker's zone, default {@code Asia/Shanghai}). A model missing from the table costs zero in
 * {@link Builder#unknownModelCurrency} and is reported once (WARN, and {@link #unknownModels()}).
 *
 * <p>Thread-safe. The day's totals start from what the store already holds for today, so a restart does
 * not raise again an alert that was raised before it.
 */
public final class UsageTracker {
  private static final Logger log = LoggerFactory.getLogger(UsageTracker.class);

  private final UsageStore store;
  private final PricingTable pricing;
  private final Clock clock;
  private final ZoneId zone;
  private final Map<Currency, BigDecimal> thresholds;
  private final Consumer<CostAlert> alertListener;
  private final Currency unknownModelCurrency;
  private final Set<String> unknownModels = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Currency, DayTotal> today = new ConcurrentHashMap<>();
  private final java.util.List<Consumer<UsageRecord>> recordListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private record DayTotal(LocalDate day, BigDecimal total) {}

  private UsageTracker(Builder b) {
    this.store = b.store;
    this.pricing = b.pricing;
    this.clock = b.clock;
    this.zone = b.zone;
    this.thresholds = Map.copyOf(b.thresholds);
    this.alertListener = b.alertListener;
    this.unknownModelCurrency = b.unknownModelCurrency;
    LocalDate day = LocalDate.ofInstant(clock.instant(), zone);
    Instant start = day.atStartOfDay(zone).toInstant();
    for (UsageRecord record : store.query(start, null)) {
      today.merge(record.cost().currency(), new DayTotal(day, record.cost().amount()),
          (a, c) -> new DayTotal(day, a.total().add(c.total())));
    }
  }

  /**
   * @param store where records go
   * @return a builder with the default pricing, the system clock and Asia/Shanghai days
   */
  public static Builder builder(UsageStore store) {
    return new Builder(store);
  }

  /**
   * Prices and stores one call.
   *
   * @param provider the provider, e.g. {@code openai}
   * @param model the model
   * @param inputTokens tokens sent, as the provider reported them
   * @param outputTokens tokens received, as the provider reported them
   * @param sessionId the user session, or {@code null}
   * @param analysisType the analysis type, or {@code null}
   * @param module the module that made the call, or {@code null}
   * @return the stored record
   * @throws IllegalArgumentException for a blank provider or model or negative tokens
   */
  public UsageRecord record(String provider, String model, long inputTokens, long outputTokens,
      @Nullable String sessionId, @Nullable String analysisType, @Nullable String module) {
    notBlank(provider, "provider");
    notBlank(model, "model");
    notNegative(inputTokens, "inputTokens");
    notNegative(outputTokens, "outputTokens");
    PricingTable.Price price = pricing.price(provider, model);
    Money cost;
    if (price == null) {
      if (unknownModels.add(provider + '/' + model)) {
        log.atWarn().setMessage("No price for {}/{}: its calls are recorded at zero cost; add it to the "
            + "pricing table").addArgument(provider).addArgument(model).addKeyValue("event", "unknown_model")
            .addKeyValue("provider", provider).addKeyValue("model", model).log();
      }
      cost = Money.zero(unknownModelCurrency);
    } else {
      cost = price.cost(inputTokens, outputTokens);
    }
    UsageRecord record = new UsageRecord(UUID.randomUUID().toString(), clock.instant(), provider, model,
        inputTokens, outputTokens, cost, sessionId, analysisType, module);
    store.append(record);
    addToDay(record);
    log.atInfo().setMessage("LLM call recorded: {}/{}, {} tokens in, {} out, {} {}").addArgument(provider)
        .addArgument(model).addArgument(inputTokens).addArgument(outputTokens)
        .addArgument(cost.amount().toPlainString()).addArgument(cost.currency().getCurrencyCode())
        .addKeyValue("event", "llm_call").addKeyValue("provider", provider).addKeyValue("model", model)
        .addKeyValue("module", module).addKeyValue("analysis_type", analysisType)
        .addKeyValue("input_tokens", inputTokens).addKeyValue("output_tokens", outputTokens)
        .addKeyValue("cost", cost.amount().toPlainString())
        .addKeyValue("currency", cost.currency().getCurrencyCode()).log();
    for (Consumer<UsageRecord> listener : recordListeners) {
      try {
        listener.accept(record);
      } catch (RuntimeException e) {
        log.atError().setMessage("Usage record listener {} failed").addArgument(listener).setCause(e)
            .addKeyValue("event", "usage_listener_failed").addKeyValue("error_category", "listener").log();
      }
    }
    return record;
  }

  /**
   * Calls {@code listener} with every record stored from now on, after it was stored, on the recording
   * thread (for meters such as {@code io.tradingagents.monitoring.UsageMetrics}). A listener that throws
   * is logged and skipped; the record stays stored.
   *
   * @param listener receives each record
   */
  public void addRecordListener(Consumer<UsageRecord> listener) {
    recordListeners.add(requireNonNull(listener, "listener"));
  }

  /** @return the prices this tracker uses */
  public PricingTable pricing() {
    return pricing;
  }

  private void addToDay(UsageRecord record) {
    Currency currency = record.cost().currency();
    LocalDate day = LocalDate.ofInstant(record.timestamp(), zone);
    BigDecimal amount = record.cost().amount();
    DayTotal[] before = new DayTotal[1];
    DayTotal after = today.compute(currency, (c, current) -> {
      if (current != null && day.isBefore(current.day())) {
        before[0] = null; // a call of yesterday recorded after today's first: today's total is not its
        return current;
      }
      before[0] = current != null && current.day().equals(day) ? current : new DayTotal(day, BigDecimal.ZERO);
      return new DayTotal(day, before[0].total().add(amount));
    });
    if (before[0] == null) {
      return;
    }
    BigDecimal threshold = thresholds.get(currency);
    if (threshold != null && before[0].total().compareTo(threshold) < 0 && after.total().compareTo(threshold) >= 0) {
      CostAlert alert = new CostAlert(currency, day, after.total(), threshold);
      log.atWarn().setMessage("Cost alert: {} spent {} {} today, threshold {}").addArgument(day)
          .addArgument(after.total().toPlainString()).addArgument(currency).addArgument(threshold.toPlainString())
          .addKeyValue("event", "cost_alert").addKeyValue("currency", currency.getCurrencyCode())
          .addKeyValue("spent", after.total().toPlainString()).addKeyValue("threshold", threshold.toPlainString())
          .addKeyValue("day", day.toString()).log();
      try {
        alertListener.accept(alert);
      } catch (RuntimeException e) {
        log.atError().setMessage("Cost alert listener failed").setCause(e)
            .addKeyValue("event", "cost_alert_listener_failed").addKeyValue("error_category", "listener").log();
      }
    }
  }

  /**
   * @param currency a currency
   * @return what has been spent today in that currency (in the tracker's zone)
   */
  public BigDecimal spentToday(Currency currency) {
    DayTotal total = today.get(currency);
    return total != null && total.day().equals(LocalDate.ofInstant(clock.instant(), zone)) ? total.total()
        : BigDecimal.ZERO;
  }

  /** @return {@code provider/model} pairs that had no price, each reported once */
  public Set<String> unknownModels() {
    return Set.copyOf(unknownModels);
  }

  /** Builds a {@link UsageTracker}. Not thread-safe. */
  public static final class Builder {
    private final UsageStore store;
    private PricingTable pricing = PricingTable.defaults();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = UsageAnalytics.DEFAULT_ZONE;
    private final Map<Currency, BigDecimal> thresholds = new HashMap<>();
    private Consumer<CostAlert> alertListener = alert -> { };
    private Currency unknownModelCurrency = Currency.getInstance("USD");

    private Builder(UsageStore store) {
      this.store = requireNonNull(store, "store");
    }

    /**
     * @param value the prices; default {@link PricingTable#defaults()}
     * @return this builder
     */
    public Builder pricing(PricingTable value) {
      this.pricing = requireNonNull(value, "pricing");
      return this;
    }

    /**
     * @param value the clock; default system UTC
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /**
     * @param value the zone of days; default Asia/Shanghai
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = requireNonNull(value, "zone");
      return this;
    }

    /**
     * @param currencyCode an ISO 4217 code
     * @param dailyLimit alert when a day's spending in it reaches this; positive
     * @return this builder
     * @throws IllegalArgumentException for an unknown code or a non-positive limit
     */
    public Builder alertThreshold(String currencyCode, BigDecimal dailyLimit) {
      requireNonNull(dailyLimit, "dailyLimit");
      if (dailyLimit.signum() <= 0) {
        throw new IllegalArgumentException("dailyLimit must be positive but was " + dailyLimit);
      }
      thresholds.put(Money.currency(currencyCode), dailyLimit);
      return this;
    }

    /**
     * @param value receives cost alerts; default: log only
     * @return this builder
     */
    public Builder alertListener(Consumer<CostAlert> value) {
      this.alertListener = requireNonNull(value, "alertListener");
      return this;
    }

    /**
     * @param currencyCode the currency of the zero cost of models missing from the table; default USD
     * @return this builder
     */
    public Builder unknownModelCurrency(String currencyCode) {
      this.unknownModelCurrency = Money.currency(currencyCode);
      return this;
    }

    /** @return the tracker */
    public UsageTracker build() {
      return new UsageTracker(this);
    }
  }
}
