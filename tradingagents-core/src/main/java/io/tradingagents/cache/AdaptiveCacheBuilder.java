package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.internal.DefaultAdaptiveCache;
import io.tradingagents.cache.internal.EngineConfig;
import io.tradingagents.cache.internal.JacksonCodec;
import io.tradingagents.cache.spi.CacheCodec;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link AdaptiveCache}. Every option can be given here or as a named setting (from the
 * environment, a properties file or {@link #setting}); a value set on this builder wins over the
 * environment, which wins over the properties file. Setters validate at once
 * ({@link IllegalArgumentException} for a bad value, {@link IllegalStateException} when set twice);
 * settings are validated by {@link #build()}, which names the setting in its
 * {@link CacheConfigurationException}. An unknown {@code TA_CACHE_*} name (a typo, or the setting of a
 * tier module that is not on the class path) and an empty {@code TA_CACHE_*} value fail {@code build()}
 * too, naming the closest known setting.
 *
 * <p>Shared tiers come from {@link CacheTierProvider}s found with {@link ServiceLoader} (a provider jar on
 * the class path whose settings are present adds its tier) and from {@link #tier(CacheTier)}.
 *
 * <table>
 *   <caption>Core settings</caption>
 *   <tr><th>setting</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code TA_CACHE_MEMORY_ENABLED}</td><td>{@code false} turns the in-process tier off: reads
 *       go straight to the shared tiers (single-flight still applies; no negative caching or stale-on-error,
 *       which live in memory)</td><td>true</td></tr>
 *   <tr><td>{@code TA_CACHE_MEMORY_MAX_BYTES}</td><td>in-process bound, e.g. {@code 256MB}</td><td>64MB</td></tr>
 *   <tr><td>{@code TA_CACHE_PERFORMANCE_MODE}</td><td>fix the mode: {@code high_performance},
 *       {@code fast}, {@code persistent}, {@code standard}, {@code memory_only}</td><td>from health</td></tr>
 *   <tr><td>{@code TA_CACHE_COMPRESSION_THRESHOLD}</td><td>deflate payloads above this size</td><td>16KB</td></tr>
 *   <tr><td>{@code TA_CACHE_MAX_ENTRY_BYTES}</td><td>largest encoded value stored (1KB to 256MB); a
 *       larger one is refused by {@code put}</td><td>16MB</td></tr>
 *   <tr><td>{@code TA_CACHE_SLOW_CALL_THRESHOLD}</td><td>a tier call slower than this counts as a
 *       failure</td><td>250ms</td></tr>
 *   <tr><td>{@code TA_CACHE_PROBE_INTERVAL}</td><td>how often a down tier is pinged</td><td>1s</td></tr>
 *   <tr><td>{@code TA_CACHE_TTL_<KIND>[_<MARKET>]}</td><td>TTL override, e.g.
 *       {@code TA_CACHE_TTL_STOCK_DATA_US=90m}, {@code TA_CACHE_TTL_NEWS=3h}</td><td>{@link TtlPolicy}</td></tr>
 *   <tr><td>{@code TA_CACHE_LOAD_LOCK_LEASE}</td><td>longest hold of the cross-instance load
 *       lock</td><td>30s</td></tr>
 *   <tr><td>{@code TA_CACHE_NEGATIVE_TTL}</td><td>how long "no data" is remembered</td><td>30s</td></tr>
 *   <tr><td>{@code TA_CACHE_MARKET_*}</td><td>market-aware expiry: which kinds, intraday TTL, open margin
 *       and jitter, immutable TTL, extra calendar files; see
 *       {@link io.tradingagents.market.MarketExpirySettings}</td><td>on for {@code stock_data}</td></tr>
 *   <tr><td>{@code TA_CACHE_REFRESH_*}</td><td>refresh-ahead: which kinds, lead, jitter, pre-open lead,
 *       concurrency, rates per source, hot set, backoff; see
 *       {@link io.tradingagents.market.RefreshAheadSettings}</td><td>off</td></tr>
 *   <tr><td>{@code TA_CACHE_MAX_SERVE_WITHOUT_LOG}</td><td>how long in-process copies are served while the
 *       invalidation log cannot be read ({@code 0}: drop them when the subscription is lost)</td><td>the
 *       whole outage</td></tr>
 * </table>
 *
 * <p>Not thread-safe. {@link #build()} leaves the builder unchanged and may be called again.
 */
public final class AdaptiveCacheBuilder {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdaptiveCacheBuilder.class);
  /** In-process bound. */
  public static final String MEMORY_MAX_BYTES = "TA_CACHE_MEMORY_MAX_BYTES";
  /** Whether the in-process tier is used. */
  public static final String MEMORY_ENABLED = "TA_CACHE_MEMORY_ENABLED";
  /** Fixed performance mode. */
  public static final String PERFORMANCE_MODE = "TA_CACHE_PERFORMANCE_MODE";
  /** Compression threshold. */
  public static final String COMPRESSION_THRESHOLD = "TA_CACHE_COMPRESSION_THRESHOLD";
  /** Largest encoded entry a shared tier stores. */
  public static final String MAX_ENTRY_BYTES = "TA_CACHE_MAX_ENTRY_BYTES";
  /** Slow-call threshold of the tier guard. */
  public static final String SLOW_CALL_THRESHOLD = "TA_CACHE_SLOW_CALL_THRESHOLD";
  /** Health probe interval. */
  public static final String PROBE_INTERVAL = "TA_CACHE_PROBE_INTERVAL";
  /** Longest hold of the distributed load lock. */
  public static final String LOAD_LOCK_LEASE = "TA_CACHE_LOAD_LOCK_LEASE";
  /** Negative-cache TTL. */
  public static final String NEGATIVE_TTL = "TA_CACHE_NEGATIVE_TTL";
  /** Longest time in-process copies are served without the invalidation log. */
  public static final String MAX_SERVE_WITHOUT_LOG = "TA_CACHE_MAX_SERVE_WITHOUT_LOG";
  /** Prefix of TTL overrides: {@code TA_CACHE_TTL_<KIND>[_<MARKET>]}. */
  public static final String TTL_PREFIX = "TA_CACHE_TTL_";

  private static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  private static final int DEFAULT_ENTRY_BYTES = 16 << 20;
  private static final int MIN_ENTRY_BYTES = 1 << 10;
  private static final int MAX_ENTRY_LIMIT = 256 << 20;

  private final Map<String, String> explicitSettings = new HashMap<>();
  private @Nullable Map<String, String> environment;
  private @Nullable Path propertiesFile;
  private long maximumBytes = -1;
  private @Nullable Boolean memoryEnabled;
  private @Nullable TtlPolicy ttlPolicy;
  private @Nullable Clock clock;
  private @Nullable ExecutorService executor;
  private @Nullable CacheCodec codec;
  private int compressionThreshold = -1;
  private int maximumEntryBytes = -1;
  private @Nullable PerformanceMode performanceMode;
  private @Nullable Duration slowCallThreshold;
  private @Nullable Duration probeInterval;
  private @Nullable Duration maxServeWithoutLog;
  private @Nullable Duration loadLockLease;
  private final List<CacheTier> tiers = new ArrayList<>();
  private final Map<DataKind, UpstreamCost[]> upstreamCosts = new HashMap<>();
  private @Nullable Boolean discoverTiers;
  private io.tradingagents.market.@Nullable RefreshAhead refreshAhead;

  AdaptiveCacheBuilder() {}

  /**
   * @param bytes the in-process tier's bound, counted in encoded bytes; at least 1 MiB, default 64 MiB
   * @return this builder
   * @throws IllegalArgumentException if below 1 MiB
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder maximumMemoryBytes(long bytes) {
    requireUnset(maximumBytes == -1, "maximumMemoryBytes");
    if (bytes < (1 << 20)) {
      throw new IllegalArgumentException("maximumMemoryBytes must be >= 1048576 (1 MiB) but was " + bytes);
    }
    this.maximumBytes = bytes;
    return this;
  }

  /**
   * Turns the in-process tier off (or on): without it, every read goes to the shared tiers and decodes,
   * concurrent loads of one key still share one load, and nothing is remembered in memory (no negative
   * caching, no stale-on-error).
   *
   * @param enabled whether to keep values in memory; default {@code true}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder memoryEnabled(boolean enabled) {
    requireUnset(memoryEnabled == null, "memoryEnabled");
    this.memoryEnabled = enabled;
    return this;
  }

  /**
   * @param policy TTLs per kind and market; default {@link TtlPolicy#defaults()} with environment overrides
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder ttlPolicy(TtlPolicy policy) {
    requireUnset(ttlPolicy == null, "ttlPolicy");
    this.ttlPolicy = requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Reloads hot keys of some kinds in the background before they expire, within a rate limit per source;
   * see {@link io.tradingagents.market.RefreshAhead} and {@code docs/freshness.md}. Replaces the
   * {@code TA_CACHE_REFRESH_*} settings.
   *
   * @param refreshAhead which kinds and how; default off (or from {@code TA_CACHE_REFRESH_AHEAD})
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder refreshAhead(io.tradingagents.market.RefreshAhead refreshAhead) {
    requireUnset(this.refreshAhead == null, "refreshAhead");
    this.refreshAhead = requireNonNull(refreshAhead, "refreshAhead");
    return this;
  }

  /**
   * @param clock the time source for expiry; default the system UTC clock
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder clock(Clock clock) {
    requireUnset(this.clock == null, "clock");
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * @param executor runs async operations and back-fills of upper tiers; the caller keeps ownership and
   *     shuts it down. Default: as many daemon threads as processors (at least 2) with a queue of
   *     10,000 tasks, owned and shut down by the cache
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder executor(ExecutorService executor) {
    requireUnset(this.executor == null, "executor");
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /**
   * @param codec encodes values for shared tiers; default Jackson JSON
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder codec(CacheCodec codec) {
    requireUnset(this.codec == null, "codec");
    this.codec = requireNonNull(codec, "codec");
    return this;
  }

  /**
   * @param bytes payloads larger than this are deflated; 0 to 2^30, default 16 KiB
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder compressionThreshold(int bytes) {
    requireUnset(compressionThreshold == -1, "compressionThreshold");
    if (bytes < 0 || bytes > (1 << 30)) {
      throw new IllegalArgumentException("compressionThreshold must be between 0 and 2^30 but was " + bytes);
    }
    this.compressionThreshold = bytes;
    return this;
  }

  /**
   * Bounds what one entry may weigh once encoded (before compression). A {@code put} of a larger value
   * throws {@link CacheEntryTooLargeException}; a loader's larger value is returned uncached. Readers are
   * configured to decode anything up to this size, so every stored entry can be read back.
   *
   * @param bytes 1 KiB to 256 MiB, default 16 MiB
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder maximumEntryBytes(int bytes) {
    requireUnset(maximumEntryBytes == -1, "maximumEntryBytes");
    if (bytes < MIN_ENTRY_BYTES || bytes > MAX_ENTRY_LIMIT) {
      throw new IllegalArgumentException("maximumEntryBytes must be between 1024 (1 KiB) and 268435456 "
          + "(256 MiB) but was " + bytes);
    }
    this.maximumEntryBytes = bytes;
    return this;
  }

  /**
   * Fixes the performance mode: tiers outside it are neither read nor written even when up.
   *
   * @param mode the mode; default: follow tier health
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder performanceMode(PerformanceMode mode) {
    requireUnset(performanceMode == null, "performanceMode");
    this.performanceMode = requireNonNull(mode, "mode");
    return this;
  }

  /**
   * @param threshold a tier call slower than this counts against its circuit breaker; 1 ms to 1 min,
   *     default 250 ms
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder slowCallThreshold(Duration threshold) {
    requireUnset(slowCallThreshold == null, "slowCallThreshold");
    this.slowCallThreshold = checkRange("slowCallThreshold", threshold);
    return this;
  }

  /**
   * @param interval how often a tier that is down is pinged; 1 ms to 1 min, default 1 s
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder probeInterval(Duration interval) {
    requireUnset(probeInterval == null, "probeInterval");
    this.probeInterval = checkRange("probeInterval", interval);
    return this;
  }

  /**
   * With a tier that offers a distributed lock (Redis), one instance loads a cold key while the others
   * wait for its result; this bounds how long the lock is held, so it should exceed the slowest load.
   * A load still running when it runs out lets another instance load too.
   *
   * @param lease 100 ms to 1 h, default 30 s
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder loadLockLease(Duration lease) {
    requireUnset(loadLockLease == null, "loadLockLease");
    requireNonNull(lease, "lease");
    if (lease.compareTo(Duration.ofMillis(100)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("loadLockLease must be between 100ms and 1h but was " + lease);
    }
    this.loadLockLease = lease;
    return this;
  }

  /**
   * Bounds how long in-process copies of shared entries are served while the tier's invalidation log
   * (Redis) cannot be read. While Redis is unreachable for every instance, nobody can change it, so the
   * copies stay right and the default serves them for the whole outage; on reconnection the log says what
   * changed. If a partition cuts off only this instance, the others keep writing, and this is how long it
   * may serve a value they replaced. Without a log (a bus alone), copies are dropped when the
   * subscription is lost, whatever this says.
   *
   * @param bound 0 (drop them as soon as the subscription is lost) to 7 days; default: no bound
   * @return this builder
   * @throws IllegalArgumentException if out of range
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder maxServeWithoutLog(Duration bound) {
    requireUnset(maxServeWithoutLog == null, "maxServeWithoutLog");
    requireNonNull(bound, "bound");
    if (bound.isNegative() || bound.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("maxServeWithoutLog must be between 0 and 7d but was " + bound
          + "; leave it unset to serve in-process copies for the whole outage");
    }
    this.maxServeWithoutLog = bound;
    return this;
  }

  /**
   * Declares what one upstream call for a data kind costs in every market, so that
   * {@link AdaptiveCache#savings()} can report the cost the cache avoided.
   *
   * @param kind the data kind
   * @param cost the cost of one call
   * @return this builder
   */
  public AdaptiveCacheBuilder upstreamCost(DataKind kind, UpstreamCost cost) {
    for (Market market : Market.values()) {
      upstreamCost(kind, market, cost);
    }
    return this;
  }

  /**
   * Declares what one upstream call for a data kind costs in one market (e.g. A-share data billed in CNY,
   * US data in USD).
   *
   * @param kind the data kind
   * @param market the market
   * @param cost the cost of one call
   * @return this builder
   */
  public AdaptiveCacheBuilder upstreamCost(DataKind kind, Market market, UpstreamCost cost) {
    upstreamCosts.computeIfAbsent(requireNonNull(kind, "kind"), k -> new UpstreamCost[Market.values().length])
        [requireNonNull(market, "market").ordinal()] = requireNonNull(cost, "cost");
    return this;
  }

  /**
   * Adds a tier explicitly (it replaces a discovered provider's tier of the same name). The cache owns it
   * and closes it.
   *
   * @param tier the tier
   * @return this builder
   */
  public AdaptiveCacheBuilder tier(CacheTier tier) {
    tiers.add(requireNonNull(tier, "tier"));
    return this;
  }

  /**
   * @param discover whether to open the tiers of configured {@link CacheTierProvider}s found on the class
   *     path; default {@code true}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder discoverTiers(boolean discover) {
    requireUnset(discoverTiers == null, "discoverTiers");
    this.discoverTiers = discover;
    return this;
  }

  /**
   * Sets a named setting as if it came from the environment, overriding the environment.
   *
   * @param name e.g. {@code REDIS_HOST} or {@code TA_CACHE_DIR}
   * @param value the value
   * @return this builder
   * @throws IllegalStateException if this setting was already set on this builder
   */
  public AdaptiveCacheBuilder setting(String name, String value) {
    requireUnset(!explicitSettings.containsKey(requireNonNull(name, "name")), "setting " + name);
    explicitSettings.put(name, requireNonNull(value, "value"));
    return this;
  }

  /**
   * @param environment the variables to read settings from instead of {@link System#getenv()}; useful in
   *     tests and to isolate the cache from the process environment
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder environment(Map<String, String> environment) {
    requireUnset(this.environment == null, "environment");
    this.environment = Map.copyOf(environment);
    return this;
  }

  /**
   * @param file a {@code .properties} file of settings, overridden by the environment; read by
   *     {@link #build()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public AdaptiveCacheBuilder propertiesFile(Path file) {
    requireUnset(propertiesFile == null, "propertiesFile");
    this.propertiesFile = requireNonNull(file, "file");
    return this;
  }

  /**
   * Resolves the settings, opens the tiers and starts the cache.
   *
   * @return the cache; close it on shutdown
   * @throws CacheConfigurationException if a setting is malformed (named in the message, secrets masked)
   */
  public AdaptiveCache build() {
    Clock resolvedClock = clock != null ? clock : Clock.systemUTC();
    Map<String, String> raw = mergedSettings();
    List<CacheTierProvider> providers = new ArrayList<>();
    ServiceLoader.load(CacheTierProvider.class, AdaptiveCacheBuilder.class.getClassLoader())
        .forEach(providers::add);
    SettingNames.check(raw, SettingNames.known(providers));
    TierSettings settings = TierSettings.of(raw, resolvedClock);
    long memory = maximumBytes != -1 ? maximumBytes : settings.getBytes(MEMORY_MAX_BYTES, DEFAULT_MEMORY_BYTES);
    if (memory < (1 << 20)) {
      throw TierSettings.invalid(MEMORY_MAX_BYTES, String.valueOf(memory), "at least 1MB", null);
    }
    boolean memoryOn = memoryEnabled != null ? memoryEnabled : settings.getBoolean(MEMORY_ENABLED, true);
    if (!memoryOn) {
      memory = 0; // the engine's signal for "no in-process tier"
    }
    int threshold = compressionThreshold != -1 ? compressionThreshold
        : (int) Math.min(1 << 30, settings.getBytes(COMPRESSION_THRESHOLD, 16 << 10));
    int entryLimit = maximumEntryBytes != -1 ? maximumEntryBytes : entryLimitSetting(settings);
    PerformanceMode mode = performanceMode;
    String modeSetting = settings.get(PERFORMANCE_MODE);
    if (mode == null && modeSetting != null) {
      try {
        mode = PerformanceMode.parse(modeSetting);
      } catch (IllegalArgumentException e) {
        throw TierSettings.invalid(PERFORMANCE_MODE, modeSetting,
            "one of high_performance, fast, persistent, standard, memory_only", e);
      }
    }
    TtlPolicy ttl = ttlPolicy != null ? ttlPolicy : ttlFromSettings(settings);
    Duration slowCall = slowCallThreshold != null ? slowCallThreshold
        : settingRange(settings, SLOW_CALL_THRESHOLD, Duration.ofMillis(250));
    Duration probe = probeInterval != null ? probeInterval
        : settingRange(settings, PROBE_INTERVAL, Duration.ofSeconds(1));
    Duration lease = loadLockLease != null ? loadLockLease : leaseSetting(settings);
    Duration serveWithoutLog = maxServeWithoutLog;
    String serveSetting = settings.get(MAX_SERVE_WITHOUT_LOG);
    if (serveWithoutLog == null && serveSetting != null) {
      serveWithoutLog = settings.getDuration(MAX_SERVE_WITHOUT_LOG, Duration.ZERO);
      if (serveWithoutLog.isNegative() || serveWithoutLog.compareTo(Duration.ofDays(7)) > 0) {
        throw TierSettings.invalid(MAX_SERVE_WITHOUT_LOG, serveSetting, "between 0 and 7d", null);
      }
    }
    io.tradingagents.market.RefreshAhead refresh = refreshAhead != null ? refreshAhead
        : io.tradingagents.market.RefreshAheadSettings.from(settings);
    if (refresh != null && !memoryOn) {
      throw new CacheConfigurationException(io.tradingagents.market.RefreshAheadSettings.KINDS,
          "Refresh-ahead reloads the keys of the in-process tier, which is turned off (" + MEMORY_ENABLED
          + "=false or memoryEnabled(false)): no key would ever be refreshed. Turn refresh-ahead off ("
          + io.tradingagents.market.RefreshAheadSettings.KINDS + "=none) or the in-process tier on", null);
    }
    // Every setting is valid from here on: open tiers and threads, and release them if anything fails.
    List<CacheTier> opened = openTiers(settings, providers);
    boolean ownsExecutor = executor == null;
    ExecutorService pool = ownsExecutor ? defaultExecutor() : executor;
    try {
      return new DefaultAdaptiveCache(new EngineConfig(memory, ttl, resolvedClock, pool, ownsExecutor,
          codec != null ? codec : new JacksonCodec(), threshold, entryLimit, mode, opened, slowCall, probe,
          lease, upstreamCosts, serveWithoutLog, refresh));
    } catch (RuntimeException | Error e) {
      opened.forEach(AdaptiveCacheBuilder::closeQuietly);
      if (ownsExecutor) {
        pool.shutdownNow();
      }
      throw e;
    }
  }

  private static void closeQuietly(CacheTier tier) {
    try {
      tier.close();
    } catch (RuntimeException e) {
      log.atWarn().setMessage("Closing cache tier {} after a failed build failed").addArgument(tier.name())
          .setCause(e).addKeyValue("event", "tier_close_failed").addKeyValue("tier", tier.name()).log();
    }
  }

  private Map<String, String> mergedSettings() {
    Map<String, String> merged = new HashMap<>();
    if (propertiesFile != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw new CacheConfigurationException("propertiesFile", "Cannot read the settings file "
            + propertiesFile + ": " + e.getMessage() + "; check that it exists and is a valid .properties "
            + "file", e);
      }
      properties.forEach((k, v) -> merged.put(k.toString(), v.toString()));
    }
    merged.putAll(environment != null ? environment : System.getenv());
    merged.putAll(explicitSettings);
    return merged;
  }

  private List<CacheTier> openTiers(TierSettings settings, List<CacheTierProvider> providers) {
    List<CacheTier> opened = new ArrayList<>(tiers);
    if (Boolean.FALSE.equals(discoverTiers)) {
      return opened;
    }
    Set<String> names = new HashSet<>();
    tiers.forEach(t -> names.add(t.name()));
    try {
      for (CacheTierProvider provider : providers) {
        if (names.add(provider.name()) && provider.isConfigured(settings)) {
          opened.add(provider.open(settings));
        }
      }
    } catch (RuntimeException e) {
      opened.stream().filter(t -> !tiers.contains(t)).forEach(AdaptiveCacheBuilder::closeQuietly);
      throw e;
    }
    return opened;
  }

  private static TtlPolicy ttlFromSettings(TierSettings settings) {
    TtlPolicy.Builder policy = TtlPolicy.builder();
    policy.negativeTtl(settings.getDuration(NEGATIVE_TTL, TtlPolicy.defaults().negativeTtl()));
    for (String name : settings.names()) {
      if (!name.startsWith(TTL_PREFIX)) {
        continue;
      }
      String rest = name.substring(TTL_PREFIX.length()).toLowerCase(Locale.ROOT);
      Duration ttl = settings.getDuration(name, Duration.ZERO);
      if (ttl.isZero()) {
        throw TierSettings.invalid(name, String.valueOf(settings.get(name)), "a positive duration", null);
      }
      Market market = null;
      for (Market m : Market.values()) {
        if (rest.endsWith("_" + m.code())) {
          market = m;
          rest = rest.substring(0, rest.length() - 3);
        }
      }
      SettingNames.checkTtlName(name, rest, market);
      DataKind kind;
      try {
        kind = DataKind.of(rest);
      } catch (IllegalArgumentException e) {
        throw new CacheConfigurationException(name, name + " does not name a data kind; use "
            + TTL_PREFIX + "<KIND>[_US|_CN|_HK], e.g. TA_CACHE_TTL_STOCK_DATA_US", e);
      }
      if (market == null) {
        policy.ttl(kind, ttl);
      } else {
        policy.ttl(kind, market, ttl);
      }
    }
    io.tradingagents.market.MarketExpirySettings.apply(policy, settings);
    return policy.build();
  }

  private static Duration settingRange(TierSettings settings, String name, Duration defaultValue) {
    Duration value = settings.getDuration(name, defaultValue);
    if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
      throw TierSettings.invalid(name, String.valueOf(settings.get(name)), "between 1ms and 1m", null);
    }
    return value;
  }

  private static int entryLimitSetting(TierSettings settings) {
    long value = settings.getBytes(MAX_ENTRY_BYTES, DEFAULT_ENTRY_BYTES);
    if (value < MIN_ENTRY_BYTES || value > MAX_ENTRY_LIMIT) {
      throw TierSettings.invalid(MAX_ENTRY_BYTES, String.valueOf(settings.get(MAX_ENTRY_BYTES)),
          "between 1KB and 256MB", null);
    }
    return (int) value;
  }

  private static Duration leaseSetting(TierSettings settings) {
    Duration value = settings.getDuration(LOAD_LOCK_LEASE, Duration.ofSeconds(30));
    if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
      throw TierSettings.invalid(LOAD_LOCK_LEASE, String.valueOf(settings.get(LOAD_LOCK_LEASE)),
          "between 100ms and 1h", null);
    }
    return value;
  }

  private static Duration checkRange(String name, Duration value) {
    requireNonNull(value, name);
    if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(name + " must be between 1ms and 1m but was " + value);
    }
    return value;
  }

  private static void requireUnset(boolean unset, String option) {
    if (!unset) {
      throw new IllegalStateException(option + " was already set");
    }
  }

  private static ExecutorService defaultExecutor() {
    AtomicInteger count = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    // Bounded: a slow tier must not let back-fills pile up without limit. Past the bound, back-fills are
    // skipped and async calls fail fast with RejectedExecutionException.
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(10_000), r -> {
          Thread thread = new Thread(r, "tradingagents-cache-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
