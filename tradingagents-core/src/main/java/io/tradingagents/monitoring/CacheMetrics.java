package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheRead;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.monitoring.CacheInstrumentation.Counter;
import io.tradingagents.monitoring.CacheInstrumentation.TierCounter;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an {@link AdaptiveCache}'s meters to Micrometer, one label set per meter name so that a sum
 * over a name means what the name says (every meter is listed in {@code docs/monitoring.md}):
 *
 * <ul>
 *   <li>end to end, under Micrometer's own cache names: {@code cache.gets{cache, result=hit|miss}} (one
 *       lookup counts once, whichever tier answered it), {@code cache.puts}, {@code cache.evictions},
 *       {@code cache.eviction.weight}, {@code cache.size};
 *   <li>per tier, under their own names: {@code tradingagents.cache.tier.gets{cache, tier, result}},
 *       {@code .tier.puts}, {@code .tier.errors}, {@code .tier.rejected}, {@code .tier.available};
 *   <li>timers with a bounded histogram ({@link #BUCKETS}, 17 buckets from 250 µs to 60 s): {@code tradingagents.cache.tier.duration{cache, tier,
 *       operation=get|put}} (shared tiers), {@code tradingagents.cache.load.duration{cache,
 *       result=success|failure}}, {@code tradingagents.cache.get.miss.duration{cache}},
 *       {@code tradingagents.cache.read.age{cache, kind}} (ages served by {@code read}, from 1 s to 30 days);
 *   <li>{@code tradingagents.cache.read.stale{cache, kind, reason}}: stale values served by {@code read};
 *   <li>loads, coalesced loads, stale served, negative hits, decode failures, type mismatches, write
 *       failures, missed-write replays per tier, invalidations sent and received, bus reconnects; upstream
 *       calls avoided and cost saved per kind and currency; the performance mode as one
 *       gauge per mode (1 for the current one).
 * </ul>
 *
 * <p>Counters and gauges read counters the engine keeps anyway ({@link CacheInstrumentation}) when the
 * registry is scraped: binding adds nothing to an in-process hit, and a scrape never calls a tier's
 * server. Timers are recorded only where a remote call or a load happens anyway. Keys, symbols and
 * parameters are never tag values; tag values are the cache name, tier names, data kind names, cost
 * units and fixed words.
 *
 * <p>Thread-safe. Binding the same instance twice to one registry registers nothing twice.
 */
public final class CacheMetrics implements MeterBinder {
  /**
   * The timers' histogram buckets: 17, from 250 µs (a loopback Redis call) to 60 s (a slow upstream
   * load; the slow-operation threshold is 10 s), so each timer series publishes 17 bucket lines, not the
   * ~90 of Micrometer's default percentile histogram over that range.
   */
  static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
      Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};

  /**
   * The served-age timer's buckets: 12, from 1 s to 30 days (an entry fresh until the next open can be a
   * weekend old; a completed day's bars, weeks).
   */
  static final Duration[] AGE_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
      Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4),
      Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30)};
  /** Data kinds given their own {@code kind} tag on the read meters; later kinds are {@code other}. */
  static final int MAX_READ_KINDS = 100;

  private final CacheInstrumentation instrumentation;
  private final String name;
  private final Tags tags;
  private final double[] percentiles;
  private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * Meters with a histogram and no client-side percentiles.
   *
   * @param cache the cache to observe, built by {@link AdaptiveCache#builder()}
   * @param name the {@code cache} tag, e.g. {@code market-data}
   * @throws IllegalArgumentException if {@code name} is blank or {@code cache} was not built by
   *     {@link AdaptiveCache#builder()}
   */
  public CacheMetrics(AdaptiveCache cache, String name) {
    this(instrumentationOf(cache), checkName(name), new double[0]);
  }

  private CacheMetrics(CacheInstrumentation instrumentation, String name, double[] percentiles) {
    this.instrumentation = instrumentation;
    this.name = name;
    this.tags = Tags.of("cache", name);
    this.percentiles = percentiles;
  }

  /**
   * @param values client-side percentiles the timers also publish, each in (0, 1), e.g. {@code 0.5,
   *     0.99}; default none (the histogram buckets are always published)
   * @return a binder like this one that publishes those percentiles
   * @throws IllegalArgumentException if a value is not in (0, 1)
   */
  public CacheMetrics withPercentiles(double... values) {
    for (double value : values) {
      if (!(value > 0 && value < 1)) {
        throw new IllegalArgumentException("percentiles must be between 0 and 1 (exclusive), e.g. 0.99, "
            + "but one was " + value);
      }
    }
    return new CacheMetrics(instrumentation, name, values.clone());
  }

  private static CacheInstrumentation instrumentationOf(AdaptiveCache cache) {
    requireNonNull(cache, "cache");
    return CacheInstrumentation.of(cache).orElseThrow(() -> new IllegalArgumentException(
        "CacheMetrics observes caches built by AdaptiveCache.builder(), but was given a "
            + cache.getClass().getName() + "; bind the cache the builder returned"));
  }

  private static String checkName(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name (the cache tag) must not be blank; use e.g. \"market-data\"");
    }
    return name;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    synchronized (bound) {
      if (!bound.add(registry)) {
        return;
      }
    }
    CacheInstrumentation in = instrumentation;
    counter(registry, "cache.gets", Tags.of("result", "hit"), "lookups by result, each counted once whichever tier answered",
        i -> i.count(Counter.HITS) + i.count(Counter.NEGATIVE_HITS));
    counter(registry, "cache.gets", Tags.of("result", "miss"), "lookups by result, each counted once whichever tier answered",
        i -> i.count(Counter.MISSES));
    counter(registry, "cache.puts", Tags.empty(), "entries written by callers or loads",
        i -> i.count(Counter.PUTS));
    counter(registry, "cache.evictions", Tags.empty(), "in-process entries evicted (size bound or expiry)",
        i -> i.count(Counter.EVICTIONS));
    FunctionCounter.builder("cache.eviction.weight", in, i -> i.count(Counter.EVICTION_WEIGHT))
        .tags(tags).baseUnit(BaseUnits.BYTES).description("weight of the evicted in-process entries")
        .register(registry);
    Gauge.builder("cache.size", in, CacheInstrumentation::memoryEntries).tags(tags)
        .description("entries in the in-process tier").register(registry);
    bindTiers(registry, in);
    bindEngineCounters(registry, in);
    bindSavings(registry, in);
    for (PerformanceMode mode : PerformanceMode.values()) {
      Gauge.builder("tradingagents.cache.performance.mode", in, i -> i.mode() == mode ? 1 : 0)
          .tags(tags.and("mode", mode.name().toLowerCase(Locale.ROOT)))
          .description("1 for the current performance mode, 0 for the others").register(registry);
    }
    in.addObserver(new TimingObserver(registry));
  }

  private void bindTiers(MeterRegistry registry, CacheInstrumentation in) {
    List<String> names = in.tierNames();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      Tags tier = tags.and("tier", names.get(i));
      tierCounter(registry, "tradingagents.cache.tier.gets", tier.and("result", "hit"), index, TierCounter.HITS,
          "reads that reached this tier, by result");
      tierCounter(registry, "tradingagents.cache.tier.gets", tier.and("result", "miss"), index,
          TierCounter.MISSES, "reads that reached this tier, by result");
      tierCounter(registry, "tradingagents.cache.tier.puts", tier, index, TierCounter.PUTS,
          "entries written to this tier");
      tierCounter(registry, "tradingagents.cache.tier.errors", tier, index, TierCounter.ERRORS,
          "calls to this tier that failed");
      tierCounter(registry, "tradingagents.cache.tier.rejected", tier, index, TierCounter.REJECTED,
          "calls skipped because the tier's circuit breaker was open");
      tierCounter(registry, "tradingagents.cache.tier.replays", tier, index, TierCounter.REPLAYS,
          "writes and removals the tier missed while down, replayed on its return");
      Gauge.builder("tradingagents.cache.tier.available", in, c -> c.tierAvailable(index) ? 1 : 0).tags(tier)
          .description("1 if reads and writes go to this tier, 0 if it is skipped (breaker open or mode)")
          .register(registry);
    }
  }

  private void bindEngineCounters(MeterRegistry registry, CacheInstrumentation in) {
    counter(registry, "tradingagents.cache.loads", Tags.of("result", "success"), "loader calls by result (failure: the loader threw)",
        i -> i.count(Counter.LOADS));
    counter(registry, "tradingagents.cache.loads", Tags.of("result", "failure"), "loader calls by result (failure: the loader threw)",
        i -> i.count(Counter.LOAD_FAILURES));
    counter(registry, "tradingagents.cache.loads.coalesced", Tags.empty(),
        "callers that waited for another caller's load of the same key", i -> i.count(Counter.COALESCED_LOADS));
    counter(registry, "tradingagents.cache.stale.served", Tags.empty(),
        "loader failures answered with a stale value", i -> i.count(Counter.STALE_SERVED));
    counter(registry, "tradingagents.cache.negative.hits", Tags.empty(),
        "lookups answered \"no data\" from the negative cache", i -> i.count(Counter.NEGATIVE_HITS));
    counter(registry, "tradingagents.cache.decode.failures", Tags.empty(),
        "stored entries that could not be decoded (removed)", i -> i.count(Counter.DECODE_FAILURES));
    counter(registry, "tradingagents.cache.type.mismatches", Tags.empty(),
        "reads of a stored value of another type", i -> i.count(Counter.TYPE_MISMATCHES));
    counter(registry, "tradingagents.cache.write.failures", Tags.empty(),
        "tier writes or removals that did not reach their tier", i -> i.count(Counter.WRITE_FAILURES));
    counter(registry, "tradingagents.cache.invalidations", Tags.of("direction", "sent"),
        "invalidation messages by direction (to or from other instances)", i -> i.count(Counter.INVALIDATIONS_SENT));
    counter(registry, "tradingagents.cache.invalidations", Tags.of("direction", "received"),
        "invalidation messages by direction (to or from other instances)",
        i -> i.count(Counter.INVALIDATIONS_RECEIVED));
    String refreshes = "refresh-ahead reloads by result (locked: left to another instance; rate_limited: postponed"
        + " by the source's rate limit)";
    counter(registry, "tradingagents.cache.refreshes", Tags.of("result", "success"), refreshes,
        i -> i.count(Counter.REFRESHES));
    counter(registry, "tradingagents.cache.refreshes", Tags.of("result", "failure"), refreshes,
        i -> i.count(Counter.REFRESH_FAILURES));
    counter(registry, "tradingagents.cache.refreshes", Tags.of("result", "locked"), refreshes,
        i -> i.count(Counter.REFRESHES_LOCKED));
    counter(registry, "tradingagents.cache.refreshes", Tags.of("result", "rate_limited"), refreshes,
        i -> i.count(Counter.REFRESHES_RATE_LIMITED));
    counter(registry, "tradingagents.cache.bus.reconnects", Tags.empty(),
        "times the invalidation bus subscription was re-established after a disconnect",
        i -> i.count(Counter.BUS_RECONNECTS));
  }

  private void bindSavings(MeterRegistry registry, CacheInstrumentation in) {
    for (DataKind kind : in.kinds()) {
      Tags kindTag = Tags.of("kind", kind.name());
      counter(registry, "tradingagents.cache.upstream.avoided", kindTag,
          "loader (upstream) calls a hit or a coalesced load avoided", i -> i.callsAvoided(kind));
      for (String unit : in.costUnits(kind)) {
        FunctionCounter.builder("tradingagents.cache.savings", in, i -> i.saved(kind, unit))
            .tags(tags.and(kindTag).and("currency", unit))
            .description("declared upstream cost of the calls avoided").register(registry);
      }
    }
  }

  /** The state object is the instrumentation, which the cache holds: Micrometer keeps it weakly. */
  private void counter(MeterRegistry registry, String meter, Tags extra, String description,
      java.util.function.ToDoubleFunction<CacheInstrumentation> value) {
    FunctionCounter.builder(meter, instrumentation, value).tags(tags.and(extra)).description(description)
        .register(registry);
  }

  private void tierCounter(MeterRegistry registry, String meter, Tags tierTags, int tier, TierCounter counter,
      String description) {
    FunctionCounter.builder(meter, instrumentation, i -> i.tierCount(tier, counter)).tags(tierTags)
        .description(description).register(registry);
  }

  private Timer timer(MeterRegistry registry, String meter, Tags extra, String description) {
    return Timer.builder(meter).tags(tags.and(extra)).description(description)
        .serviceLevelObjectives(BUCKETS).publishPercentiles(percentiles).register(registry);
  }

  /** Records the engine's timed events into timers registered once, at bind time. */
  private final class TimingObserver implements CacheObserver {
    private final Map<String, Timer[]> tierTimers = new HashMap<>();
    private final Timer loadSuccess;
    private final Timer loadFailure;
    private final Timer missPath;
    private final MeterRegistry registry;
    private final Map<DataKind, ReadMeters> readMeters = new java.util.concurrent.ConcurrentHashMap<>();

    TimingObserver(MeterRegistry registry) {
      this.registry = registry;
      List<String> names = instrumentation.tierNames();
      for (String tier : names.subList(1, names.size())) {
        Timer[] byOperation = new Timer[TierOperation.values().length];
        for (TierOperation operation : TierOperation.values()) {
          byOperation[operation.ordinal()] = timer(registry, "tradingagents.cache.tier.duration",
              Tags.of("tier", tier, "operation", operation.tagValue()), "time of calls to a shared tier");
        }
        tierTimers.put(tier, byOperation);
      }
      loadSuccess = timer(registry, "tradingagents.cache.load.duration", Tags.of("result", "success"),
          "time the loader ran");
      loadFailure = timer(registry, "tradingagents.cache.load.duration", Tags.of("result", "failure"),
          "time the loader ran");
      missPath = timer(registry, "tradingagents.cache.get.miss.duration", Tags.empty(),
          "time a caller waited on a get the in-process tier could not answer");
    }

    @Override
    public void tierCall(String tier, TierOperation operation, long nanos) {
      Timer[] timers = tierTimers.get(tier);
      if (timers != null) {
        timers[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void load(String namespace, DataKind kind, long nanos, boolean success) {
      (success ? loadSuccess : loadFailure).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void missPath(long nanos) {
      missPath.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void served(String namespace, DataKind kind, long ageMillis, CacheRead.StaleReason reason) {
      ReadMeters meters = readMeters.get(kind);
      if (meters == null) {
        meters = readMeters.size() >= MAX_READ_KINDS
            ? readMeters.computeIfAbsent(DataKind.of("other"), k -> new ReadMeters(registry, "other"))
            : readMeters.computeIfAbsent(kind, k -> new ReadMeters(registry, k.name()));
      }
      meters.age.record(ageMillis, TimeUnit.MILLISECONDS);
      if (reason != CacheRead.StaleReason.NONE) {
        meters.stale[reason.ordinal()].increment();
      }
    }
  }

  /** The read meters of one data kind, registered on its first read. */
  private final class ReadMeters {
    final Timer age;
    final io.micrometer.core.instrument.Counter[] stale =
        new io.micrometer.core.instrument.Counter[CacheRead.StaleReason.values().length];

    ReadMeters(MeterRegistry registry, String kind) {
      age = Timer.builder("tradingagents.cache.read.age").tags(tags.and("kind", kind))
          .description("age of the values served by read (time since they were written)")
          .serviceLevelObjectives(AGE_BUCKETS).publishPercentiles(percentiles).register(registry);
      for (CacheRead.StaleReason reason : CacheRead.StaleReason.values()) {
        if (reason != CacheRead.StaleReason.NONE) {
          stale[reason.ordinal()] = io.micrometer.core.instrument.Counter.builder("tradingagents.cache.read.stale")
              .tags(tags.and("kind", kind).and("reason", reason.tagValue()))
              .description("stale values served by read, by reason").register(registry);
        }
      }
    }
  }
}
