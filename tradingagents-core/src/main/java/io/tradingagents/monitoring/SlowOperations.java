package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches for slow operations, as the reference deployment did (anything over 10 s was logged): an
 * operation that takes longer than its threshold is logged once at WARN with structured fields and
 * counted per operation name. Applications time their own steps ({@code monitor.time("upstream.tushare",
 * () -> client.daily(symbol))}); {@link #watch(AdaptiveCache)} adds the cache's loads
 * ({@code cache.load}) and shared-tier calls ({@code cache.tier.get}, {@code cache.tier.put}).
 *
 * <p>The WARN is the {@code slow_operation} event of {@code docs/monitoring.md}: key-value pairs
 * {@code event}, {@code operation}, {@code duration_ms}, {@code threshold_ms}, {@code outcome}, and, when
 * known, {@code namespace}, {@code kind} and {@code tier}. Keys, symbols and parameters are never logged.
 * Counts are published by {@link SlowOperationMetrics} as {@code tradingagents.slow.operations{operation}}.
 *
 * <p>Operation names are code, not data: 1 to 64 characters of letters, digits, {@code .}, {@code _} and
 * {@code -}. At most {@value #MAX_OPERATIONS} distinct names are counted; slow operations of further names
 * are counted as {@code other} (and still logged under their own name).
 *
 * <p>Thread-safe; Micrometer is not needed.
 */
public final class SlowOperations {
  /** The setting (environment variable) of the default threshold, e.g. {@code 5s} or {@code 800ms}. */
  public static final String THRESHOLD_SETTING = "TA_CACHE_SLOW_OPERATION_THRESHOLD";
  /** The reference deployment's threshold. */
  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(10);
  /** Distinct operation names counted before further ones are counted as {@code other}. */
  public static final int MAX_OPERATIONS = 100;
  /** Operation name of the cache's loads. */
  public static final String CACHE_LOAD = "cache.load";
  /** Operation name of reads of a shared tier. */
  public static final String CACHE_TIER_GET = "cache.tier.get";
  /** Operation name of writes to a shared tier. */
  public static final String CACHE_TIER_PUT = "cache.tier.put";
  static final String OTHER = "other";

  private static final Logger log = LoggerFactory.getLogger(SlowOperations.class);

  private final long defaultThresholdNanos;
  private final Map<String, Long> thresholdNanos;
  private final LongSupplier ticker;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<BiConsumer<String, LongAdder>> counterListeners =
      new CopyOnWriteArrayList<>();
  private final java.util.Set<CacheInstrumentation> watched =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

  private SlowOperations(Builder builder, long defaultThresholdNanos) {
    this.defaultThresholdNanos = defaultThresholdNanos;
    Map<String, Long> byName = new HashMap<>();
    builder.thresholds.forEach((name, threshold) -> byName.put(name, threshold.toNanos()));
    this.thresholdNanos = Map.copyOf(byName);
    this.ticker = builder.ticker;
  }

  /** @return a monitor with the 10 s default threshold and the system ticker */
  public static SlowOperations defaults() {
    return builder().build();
  }

  /** @return a builder: 10 s for every operation, the system ticker */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code work}, logging and counting it if it took longer than the operation's threshold (also
   * when it throws; the exception propagates unchanged).
   *
   * @param operation the operation's name, e.g. {@code upstream.tushare}
   * @param work the work
   * @param <T> what the work returns
   * @return what {@code work} returned
   * @throws IllegalArgumentException if {@code operation} is not a valid name
   */
  public <T> T time(String operation, Supplier<T> work) {
    checkName(operation);
    requireNonNull(work, "work");
    long start = ticker.getAsLong();
    boolean success = false;
    try {
      T result = work.get();
      success = true;
      return result;
    } finally {
      check(operation, ticker.getAsLong() - start, success, null, null, null);
    }
  }

  /**
   * Runs {@code work} like {@link #time(String, Supplier)}.
   *
   * @param operation the operation's name
   * @param work the work
   * @throws IllegalArgumentException if {@code operation} is not a valid name
   */
  public void run(String operation, Runnable work) {
    requireNonNull(work, "work");
    time(operation, () -> {
      work.run();
      return null;
    });
  }

  /**
   * Reports an operation timed elsewhere.
   *
   * @param operation the operation's name
   * @param duration how long it took
   * @return whether it was slow (and so logged and counted)
   * @throws IllegalArgumentException if {@code operation} is not a valid name or the duration is negative
   */
  public boolean record(String operation, Duration duration) {
    checkName(operation);
    if (requireNonNull(duration, "duration").isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0 but was " + duration);
    }
    return check(operation, duration.toNanos(), true, null, null, null);
  }

  /**
   * Reports the cache's loads ({@value #CACHE_LOAD}, with namespace and kind) and shared-tier calls
   * ({@value #CACHE_TIER_GET}, {@value #CACHE_TIER_PUT}, with the tier) to this monitor from now on.
   * Watching the same cache again changes nothing.
   *
   * @param cache a cache built by {@link AdaptiveCache#builder()}
   * @return this monitor
   * @throws IllegalArgumentException if {@code cache} was not built by {@link AdaptiveCache#builder()}
   */
  public SlowOperations watch(AdaptiveCache cache) {
    CacheInstrumentation instrumentation = CacheInstrumentation.of(requireNonNull(cache, "cache"))
        .orElseThrow(() -> new IllegalArgumentException("SlowOperations watches caches built by "
            + "AdaptiveCache.builder(), but was given a " + cache.getClass().getName()));
    if (!watched.add(instrumentation)) {
      return this;
    }
    instrumentation.addObserver(new CacheObserver() {
      @Override
      public void tierCall(String tier, TierOperation operation, long nanos) {
        check(operation == TierOperation.GET ? CACHE_TIER_GET : CACHE_TIER_PUT, nanos, true, null, null, tier);
      }

      @Override
      public void load(String namespace, DataKind kind, long nanos, boolean success) {
        check(CACHE_LOAD, nanos, success, namespace, kind.name(), null);
      }
    });
    return this;
  }

  /**
   * @param operation an operation name
   * @return its threshold: the one set for it, else the default
   */
  public Duration threshold(String operation) {
    return Duration.ofNanos(thresholdNanos.getOrDefault(operation, defaultThresholdNanos));
  }

  /**
   * @param operation an operation name, or {@code other}
   * @return how many of its runs were slow
   */
  public long count(String operation) {
    LongAdder count = counts.get(operation);
    return count == null ? 0 : count.sum();
  }

  /** @return slow runs by operation name, sorted by name */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((name, count) -> snapshot.put(name, count.sum()));
    return snapshot;
  }

  /** Calls {@code listener} with every counter now, and with each counter created from now on. */
  void eachCounter(BiConsumer<String, LongAdder> listener) {
    counterListeners.add(listener);
    counts.forEach(listener);
  }

  private boolean check(String operation, long nanos, boolean success, @Nullable String namespace,
      @Nullable String kind, @Nullable String tier) {
    long threshold = thresholdNanos.getOrDefault(operation, defaultThresholdNanos);
    if (nanos <= threshold) {
      return false;
    }
    counter(operation).increment();
    long durationMs = TimeUnit.NANOSECONDS.toMillis(nanos);
    long thresholdMs = TimeUnit.NANOSECONDS.toMillis(threshold);
    var event = log.atWarn()
        .setMessage("Slow operation {}: took {} ms, over its threshold of {} ms")
        .addArgument(operation).addArgument(durationMs).addArgument(thresholdMs)
        .addKeyValue("event", "slow_operation")
        .addKeyValue("operation", operation)
        .addKeyValue("duration_ms", durationMs)
        .addKeyValue("threshold_ms", thresholdMs)
        .addKeyValue("outcome", success ? "success" : "failure");
    if (namespace != null) {
      event = event.addKeyValue("namespace", namespace);
    }
    if (kind != null) {
      event = event.addKeyValue("kind", kind);
    }
    if (tier != null) {
      event = event.addKeyValue("tier", tier);
    }
    event.log();
    return true;
  }

  private LongAdder counter(String operation) {
    LongAdder existing = counts.get(operation);
    if (existing != null) {
      return existing;
    }
    String name = counts.size() >= MAX_OPERATIONS ? OTHER : operation;
    boolean[] created = new boolean[1];
    LongAdder counter = counts.computeIfAbsent(name, n -> {
      created[0] = true;
      return new LongAdder();
    });
    if (created[0]) {
      for (BiConsumer<String, LongAdder> listener : counterListeners) {
        listener.accept(name, counter);
      }
    }
    return counter;
  }

  static String checkName(String operation) {
    requireNonNull(operation, "operation");
    boolean valid = !operation.isEmpty() && operation.length() <= 64;
    for (int i = 0; valid && i < operation.length(); i++) {
      char c = operation.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == '-';
    }
    if (!valid) {
      throw new IllegalArgumentException("operation must be 1-64 characters of letters, digits, '.', '_' "
          + "and '-' (a name in code, never a key or a symbol), but was '" + operation + "'");
    }
    return operation;
  }

  /** Builds a {@link SlowOperations}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration defaultThreshold;
    private @Nullable Map<String, String> environment;
    private final Map<String, Duration> thresholds = new HashMap<>();
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /**
     * @param threshold the threshold of operations without their own; 1 ms to 1 h, default
     *     {@code TA_CACHE_SLOW_OPERATION_THRESHOLD} from {@link #environment}, else 10 s
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder defaultThreshold(Duration threshold) {
      if (defaultThreshold != null) {
        throw new IllegalStateException("defaultThreshold was already set");
      }
      this.defaultThreshold = checkRange("defaultThreshold", threshold);
      return this;
    }

    /**
     * @param operation an operation name
     * @param threshold its threshold; 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException for an invalid name or a threshold out of range
     * @throws IllegalStateException if that operation's threshold was already set
     */
    public Builder threshold(String operation, Duration threshold) {
      checkName(operation);
      if (thresholds.containsKey(operation)) {
        throw new IllegalStateException("the threshold of " + operation + " was already set");
      }
      thresholds.put(operation, checkRange("threshold of " + operation, threshold));
      return this;
    }

    /**
     * @param variables where {@value #THRESHOLD_SETTING} is read from, e.g. {@link System#getenv()};
     *     default: not read
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      this.environment = Map.copyOf(requireNonNull(variables, "variables"));
      return this;
    }

    /**
     * @param nanoTicker the time source of {@link #time}, in nanoseconds; default {@link System#nanoTime()}
     * @return this builder
     */
    public Builder ticker(LongSupplier nanoTicker) {
      this.ticker = requireNonNull(nanoTicker, "nanoTicker");
      return this;
    }

    /**
     * @return the monitor
     * @throws io.tradingagents.cache.CacheConfigurationException if {@value #THRESHOLD_SETTING} is not a
     *     duration between 1 ms and 1 h
     */
    public SlowOperations build() {
      Duration threshold = defaultThreshold;
      if (threshold == null && environment != null) {
        TierSettings settings = TierSettings.of(environment, Clock.systemUTC());
        threshold = settings.getDuration(THRESHOLD_SETTING, DEFAULT_THRESHOLD);
        if (!inRange(threshold)) {
          throw TierSettings.invalid(THRESHOLD_SETTING, String.valueOf(settings.get(THRESHOLD_SETTING)),
              "a duration between 1ms and 1h, e.g. 10s", null);
        }
      }
      return new SlowOperations(this, (threshold == null ? DEFAULT_THRESHOLD : threshold).toNanos());
    }

    private static boolean inRange(Duration value) {
      return value.compareTo(Duration.ofMillis(1)) >= 0 && value.compareTo(Duration.ofHours(1)) <= 0;
    }

    private static Duration checkRange(String name, Duration value) {
      requireNonNull(value, name);
      if (!inRange(value)) {
        throw new IllegalArgumentException(name + " must be between 1ms and 1h but was " + value);
      }
      return value;
    }
  }
}
