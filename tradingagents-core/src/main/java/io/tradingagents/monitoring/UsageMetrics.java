package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tradingagents.analysis.PricingTable;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.UsageTracker;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Publishes the calls a {@link UsageTracker} records from binding on:
 * {@code tradingagents.usage.calls{provider, model}}, {@code tradingagents.usage.tokens{provider, model,
 * direction=input|output}} and {@code tradingagents.usage.cost{provider, model, currency}} (the amount in
 * that currency; amounts in different currencies are separate series, never one sum).
 *
 * <p>Tag values are bounded by the tracker's {@link PricingTable}: a provider or model it does not list is
 * published as {@code other} (its calls, tokens and zero cost are still counted). Session ids, analysis
 * types and modules never become tags. Thread-safe.
 */
public final class UsageMetrics implements MeterBinder {
  /** The tag value of providers and models missing from the pricing table. */
  public static final String OTHER = "other";

  private final UsageTracker tracker;

  /** @param tracker the tracker whose records to count */
  public UsageMetrics(UsageTracker tracker) {
    this.tracker = requireNonNull(tracker, "tracker");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    PricingTable pricing = tracker.pricing();
    Set<String> providers = new HashSet<>();
    pricing.prices().forEach(p -> providers.add(p.provider().strip().toLowerCase(Locale.ROOT)));
    tracker.addRecordListener(record -> count(registry, pricing, providers, record));
  }

  private static void count(MeterRegistry registry, PricingTable pricing, Set<String> providers,
      UsageRecord record) {
    PricingTable.Price price = pricing.price(record.provider(), record.model());
    String provider = price != null ? price.provider()
        : providers.contains(record.provider().strip().toLowerCase(Locale.ROOT))
            ? record.provider().strip().toLowerCase(Locale.ROOT) : OTHER;
    Tags tags = Tags.of("provider", provider, "model", price != null ? price.model() : OTHER);
    Counter.builder("tradingagents.usage.calls").tags(tags).description("LLM and API calls recorded")
        .register(registry).increment();
    Counter.builder("tradingagents.usage.tokens").tags(tags.and("direction", "input"))
        .description("tokens as the provider reported them").register(registry)
        .increment(record.inputTokens());
    Counter.builder("tradingagents.usage.tokens").tags(tags.and("direction", "output"))
        .description("tokens as the provider reported them").register(registry)
        .increment(record.outputTokens());
    Counter.builder("tradingagents.usage.cost").tags(tags.and("currency",
            record.cost().currency().getCurrencyCode()))
        .description("cost of the calls recorded, in the tagged currency").register(registry)
        .increment(record.cost().amount().doubleValue());
  }
}
