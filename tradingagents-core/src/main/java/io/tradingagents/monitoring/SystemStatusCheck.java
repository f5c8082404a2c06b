package io.tradingagents.monitoring;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.BackendInfo;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.PerformanceMode;
import io.tradingagents.market.MarketExpirySettings;
import io.tradingagents.market.TradingCalendars;
import io.tradingagents.monitoring.SystemStatus.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks a deployment and makes a {@link SystemStatus}. Read-only by default: it asks the cache for its
 * backend info (each tier's read-only ping, size and server facts) and statistics, counts the given
 * stores, checks that the log directory exists and is writable (a temporary file, removed) and which API-key
 * variables are set (names only). Every probe runs on a thread of its own and the whole check is bounded
 * by {@linkplain Builder#timeout the timeout}: a hung server costs at most that, and is reported as not
 * answering. The optional {@linkplain Builder#writeCheck write check} stores one value under the reserved
 * namespace {@value #WRITE_CHECK_NAMESPACE}, reads it back and invalidates it.
 *
 * <p>Verdict: {@link Verdict#CRITICAL} when shared tiers are configured and none is reachable (only the
 * in-process tier works, nothing survives a restart) or the write check fails; {@link Verdict#WARNING}
 * when a tier is down, a store does not answer, a journal has records waiting for replay, an expected
 * API-key variable is unset, or the log directory is not writable or has less than
 * {@value #LOW_DISK_BYTES} bytes free, or a market's trading calendar no longer covers the date (its
 * data falls back from market-aware expiry to the flat TTL table: never CRITICAL, the cache still works);
 * otherwise {@link Verdict#OK}. A deployment with no shared tier configured at all (in-process only, by
 * choice) is OK. A calendar that ends within {@linkplain Builder#calendarNotice the notice period} gets a
 * note in {@link SystemStatus#calendars()} without changing the verdict.
 *
 * <p>A check is immutable and thread-safe; {@link #run()} may be called many times.
 */
public final class SystemStatusCheck {
  /** The API-key variables the reference deployment expects. */
  public static final List<String> DEFAULT_API_KEYS = List.of("DASHSCOPE_API_KEY", "FINNHUB_API_KEY",
      "TUSHARE_TOKEN", "GOOGLE_API_KEY", "DEEPSEEK_API_KEY", "OPENAI_API_KEY");
  /** The namespace the write check uses; nothing else writes there. */
  public static final String WRITE_CHECK_NAMESPACE = "ta-status-check";
  /** Free space below this in the log directory is a warning (100 MiB). */
  public static final long LOW_DISK_BYTES = 100L << 20;
  /** A trading calendar that ends within this gets a note in the report (30 days). */
  public static final Duration DEFAULT_CALENDAR_NOTICE = Duration.ofDays(30);

  private final AdaptiveCache cache;
  private final Duration timeout;
  private final List<String> apiKeys;
  private final Map<String, String> environment;
  private final @Nullable Path logDirectory;
  private final Map<String, LongSupplier> stores;
  private final Map<String, LongSupplier> journals;
  private final boolean writeCheck;
  private final Clock clock;
  private final @Nullable TradingCalendars calendars;
  private final Duration calendarNotice;

  private SystemStatusCheck(Builder b) {
    this.cache = b.cache;
    this.timeout = b.timeout;
    this.apiKeys = List.copyOf(b.apiKeys);
    this.environment = b.environment;
    this.logDirectory = b.logDirectory;
    this.stores = Map.copyOf(b.stores);
    this.journals = Map.copyOf(b.journals);
    this.writeCheck = b.writeCheck;
    this.clock = b.clock;
    this.calendars = !b.calendarCheck ? null : b.calendars != null ? b.calendars
        : MarketExpirySettings.disabled(environment.get(MarketExpirySettings.KINDS)) ? null
        : MarketExpirySettings.calendars(environment.get(MarketExpirySettings.CALENDAR_FILES));
    this.calendarNotice = b.calendarNotice;
  }

  /**
   * @param cache the cache to check; the check never closes it
   * @return a builder with the defaults: 2 s timeout, the reference's API-key variables read from the
   *     process environment, no log directory, no stores, read-only
   */
  public static Builder builder(AdaptiveCache cache) {
    return new Builder(requireNonNull(cache, "cache"));
  }

  /**
   * Runs every probe in parallel and waits for them at most the timeout (plus the time to assemble the
   * report).
   *
   * @return the report; never throws for a failing or hung tier or store
   */
  public SystemStatus run() {
    Instant checkedAt = clock.instant();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService probes = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "tradingagents-status-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<BackendInfo> info = probes.submit(cache::backendInfo);
      Future<CacheStats> stats = probes.submit(cache::stats);
      Map<String, Future<Long>> storeCounts = new LinkedHashMap<>();
      stores.forEach((name, count) -> storeCounts.put(name, probes.submit(count::getAsLong)));
      Map<String, Future<Long>> journalCounts = new LinkedHashMap<>();
      journals.forEach((name, count) -> journalCounts.put(name, probes.submit(count::getAsLong)));
      Path dir = logDirectory;
      Future<SystemStatus.LogDirectoryStatus> logs = dir == null ? null : probes.submit(() -> checkLogDirectory(dir));
      Future<SystemStatus.WriteCheck> write = writeCheck ? probes.submit(this::roundTrip) : null;

      Verdicts verdicts = new Verdicts();
      List<SystemStatus.TierStatus> tiers = tiers(await(info, deadline), verdicts);
      PerformanceMode mode = cache.performanceMode();
      String modeReason = modeReason(mode, tiers);
      Outcome<CacheStats> statsOutcome = await(stats, deadline);
      if (statsOutcome.value == null) {
        verdicts.add(Verdict.WARNING, "cache statistics: " + statsOutcome.problem);
      }
      List<SystemStatus.StoreStatus> storeStatuses = new ArrayList<>();
      storeCounts.forEach((name, f) -> storeStatuses.add(store(name, false, await(f, deadline), verdicts)));
      journalCounts.forEach((name, f) -> storeStatuses.add(store(name, true, await(f, deadline), verdicts)));
      List<SystemStatus.ApiKeyStatus> keys = new ArrayList<>();
      for (String name : apiKeys) {
        String value = environment.get(name);
        boolean set = value != null && !value.isBlank();
        keys.add(new SystemStatus.ApiKeyStatus(name, set));
        if (!set) {
          verdicts.add(Verdict.WARNING, "API key variable " + name + " is not set");
        }
      }
      SystemStatus.LogDirectoryStatus logStatus = null;
      if (logs != null && dir != null) {
        Outcome<SystemStatus.LogDirectoryStatus> outcome = await(logs, deadline);
        logStatus = outcome.value != null ? outcome.value
            : new SystemStatus.LogDirectoryStatus(dir, false, -1, outcome.problem);
        if (!logStatus.writable()) {
          verdicts.add(Verdict.WARNING, "log directory " + dir + " is not writable: " + logStatus.problem());
        } else if (logStatus.freeBytes() >= 0 && logStatus.freeBytes() < LOW_DISK_BYTES) {
          verdicts.add(Verdict.WARNING, "log directory " + dir + " has only " + (logStatus.freeBytes() >> 20)
              + " MiB free");
        }
      }
      SystemStatus.WriteCheck writeStatus = null;
      if (write != null) {
        Outcome<SystemStatus.WriteCheck> outcome = await(write, deadline);
        writeStatus = outcome.value != null ? outcome.value : new SystemStatus.WriteCheck(false, outcome.problem);
        if (!writeStatus.ok()) {
          verdicts.add(Verdict.CRITICAL, "write check failed: " + writeStatus.detail());
        }
      }
      List<SystemStatus.CalendarStatus> calendarStatuses = calendars == null ? List.of()
          : CalendarValidity.check(calendars, checkedAt, calendarNotice);
      calendarStatuses.stream().filter(c -> !c.valid())
          .forEach(c -> verdicts.add(Verdict.WARNING, requireNonNull(c.note(), "note")));
      return new SystemStatus(verdicts.verdict, verdicts.reasons(), checkedAt,
          Duration.ofNanos(System.nanoTime() - start), mode, modeReason, tiers, statsOutcome.value,
          storeStatuses, keys, logStatus, writeStatus, calendarStatuses);
    } finally {
      probes.shutdownNow();
    }
  }

  private List<SystemStatus.TierStatus> tiers(Outcome<BackendInfo> info, Verdicts verdicts) {
    List<SystemStatus.TierStatus> tiers = new ArrayList<>();
    if (info.value == null) {
      verdicts.add(Verdict.WARNING, "tiers did not report: " + info.problem);
      tiers.add(new SystemStatus.TierStatus("memory", true, "LOCAL", null, null, -1, -1, Map.of()));
      return tiers;
    }
    int shared = 0;
    int reachable = 0;
    for (BackendInfo.TierInfo tier : info.value.tiers()) {
      Map<String, String> details = tier.details();
      tiers.add(new SystemStatus.TierStatus(tier.name(), tier.available(), tier.state(),
          latency(first(details, "ping_ms", "pingMs")), first(details, "server_version", "serverVersion"),
          tier.entryCount(), tier.sizeBytes(), details));
      if (tier.state().equals("LOCAL") || tier.state().equals("EXCLUDED")) {
        continue;
      }
      shared++;
      if (tier.available()) {
        reachable++;
      } else {
        verdicts.add(Verdict.WARNING, "tier " + tier.name() + " is down (circuit " + tier.state() + ")");
      }
    }
    if (shared > 0 && reachable == 0) {
      verdicts.add(Verdict.CRITICAL, "no shared tier is reachable: only the in-process tier works and "
          + "nothing survives a restart");
    }
    return tiers;
  }

  private static String modeReason(PerformanceMode mode, List<SystemStatus.TierStatus> tiers) {
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (SystemStatus.TierStatus tier : tiers) {
      if (!tier.state().equals("LOCAL") && !tier.state().equals("EXCLUDED")) {
        (tier.reachable() ? up : down).add(tier.name());
      }
    }
    String text = mode.name().toLowerCase(Locale.ROOT) + ": "
        + (up.isEmpty() ? "no shared tier up" : String.join(" + ", up) + " up");
    return down.isEmpty() ? text : text + "; " + String.join(", ", down) + " down";
  }

  private static SystemStatus.StoreStatus store(String name, boolean journal, Outcome<Long> count,
      Verdicts verdicts) {
    if (count.value == null) {
      verdicts.add(Verdict.WARNING, (journal ? "journal " : "store ") + name + ": " + count.problem);
      return new SystemStatus.StoreStatus(name, journal, false, -1, count.problem);
    }
    if (journal && count.value > 0) {
      verdicts.add(Verdict.WARNING, "journal " + name + " holds " + count.value + " records waiting for replay");
    }
    return new SystemStatus.StoreStatus(name, journal, true, count.value, null);
  }

  private static SystemStatus.LogDirectoryStatus checkLogDirectory(Path dir) {
    long free = -1;
    if (!Files.isDirectory(dir)) {
      return new SystemStatus.LogDirectoryStatus(dir, false, free, "it does not exist or is not a directory");
    }
    try {
      Path probe = Files.createTempFile(dir, ".status-check-", ".tmp");
      Files.delete(probe);
      free = Files.getFileStore(dir).getUsableSpace();
      return new SystemStatus.LogDirectoryStatus(dir, true, free, null);
    } catch (IOException | SecurityException e) {
      return new SystemStatus.LogDirectoryStatus(dir, false, free, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private SystemStatus.WriteCheck roundTrip() {
    String run = UUID.randomUUID().toString();
    CacheKey key = CacheKey.builder(DataKind.STOCK_DATA, "STATUS").namespace(WRITE_CHECK_NAMESPACE)
        .param("run", run).build();
    long failuresBefore = cache.stats().writeFailures();
    try {
      cache.put(key, run, Duration.ofMinutes(1));
      String read = cache.get(key, String.class);
      long failures = cache.stats().writeFailures() - failuresBefore;
      if (!run.equals(read)) {
        return new SystemStatus.WriteCheck(false, "the value written was not read back");
      }
      if (failures > 0) {
        return new SystemStatus.WriteCheck(false, failures + " tier write(s) failed");
      }
      return new SystemStatus.WriteCheck(true, "written to every reachable tier, read back and removed");
    } finally {
      cache.invalidate(key);
    }
  }

  private static @Nullable String first(Map<String, String> details, String a, String b) {
    String value = details.get(a);
    return value != null ? value : details.get(b);
  }

  private static @Nullable Duration latency(@Nullable String millis) {
    if (millis == null) {
      return null;
    }
    try {
      return Duration.ofNanos(Math.round(Double.parseDouble(millis) * 1e6));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static <T> Outcome<T> await(Future<T> future, long deadline) {
    try {
      return new Outcome<>(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), "");
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Outcome<>(null, "no answer within the timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Outcome<>(null, "failed: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome<>(null, "interrupted");
    }
  }

  private record Outcome<T>(@Nullable T value, String problem) {}

  /** The verdict so far and its reasons, most severe first. */
  private static final class Verdicts {
    Verdict verdict = Verdict.OK;
    private final List<String> critical = new ArrayList<>();
    private final List<String> warning = new ArrayList<>();

    void add(Verdict level, String reason) {
      verdict = verdict.worst(level);
      (level == Verdict.CRITICAL ? critical : warning).add(reason);
    }

    List<String> reasons() {
      List<String> all = new ArrayList<>(critical);
      all.addAll(warning);
      return all;
    }
  }

  /**
   * Configures a {@link SystemStatusCheck}. Setters validate at once; not thread-safe.
   */
  public static final class Builder {
    private final AdaptiveCache cache;
    private Duration timeout = Duration.ofSeconds(2);
    private List<String> apiKeys = DEFAULT_API_KEYS;
    private Map<String, String> environment = System.getenv();
    private @Nullable Path logDirectory;
    private final Map<String, LongSupplier> stores = new LinkedHashMap<>();
    private final Map<String, LongSupplier> journals = new LinkedHashMap<>();
    private boolean writeCheck;
    private Clock clock = Clock.systemUTC();
    private @Nullable TradingCalendars calendars;
    private boolean calendarCheck = true;
    private Duration calendarNotice = DEFAULT_CALENDAR_NOTICE;

    private Builder(AdaptiveCache cache) {
      this.cache = cache;
    }

    /**
     * @param timeout the longest the whole check waits for its probes; 1 ms to 5 min, default 2 s
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1ms and 5m but was " + timeout
            + "; use e.g. Duration.ofSeconds(2)");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @param names the API-key variables the deployment needs; default {@link #DEFAULT_API_KEYS}; empty
     *     to check none
     * @return this builder
     * @throws IllegalArgumentException if a name is blank
     */
    public Builder apiKeys(List<String> names) {
      for (String name : requireNonNull(names, "names")) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("apiKeys must be variable names but contained a blank one: "
              + names.size() + " names given; remove the blank entry");
        }
      }
      this.apiKeys = List.copyOf(names);
      return this;
    }

    /**
     * @param environment where the API-key variables are looked up, and the {@code TA_CACHE_MARKET_EXPIRY}
     *     and {@code TA_CACHE_MARKET_CALENDAR_FILES} settings that choose the calendars unless
     *     {@link #calendars} is given; default the process environment. Only whether an API key is set is
     *     read into the report
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * @param directory the log directory to check for writability and free space; default none
     * @return this builder
     */
    public Builder logDirectory(Path directory) {
      this.logDirectory = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * @param name the store's name in the report, e.g. {@code usage}
     * @param count counts its records, e.g. {@code usageStore::count}; may throw or hang (bounded)
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already used
     */
    public Builder store(String name, LongSupplier count) {
      checkName(name);
      stores.put(name, requireNonNull(count, "count"));
      return this;
    }

    /**
     * @param name the journal's name in the report, e.g. {@code usage-journal}
     * @param backlog counts the records waiting for replay into the primary store
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or already used
     */
    public Builder journal(String name, LongSupplier backlog) {
      checkName(name);
      journals.put(name, requireNonNull(backlog, "backlog"));
      return this;
    }

    private void checkName(String name) {
      requireNonNull(name, "name");
      if (name.isBlank() || stores.containsKey(name) || journals.containsKey(name)) {
        throw new IllegalArgumentException("store name must be unique and not blank but was '" + name
            + "'; give each store and journal its own name");
      }
    }

    /**
     * @param enabled whether to round-trip one value through the cache under {@value #WRITE_CHECK_NAMESPACE};
     *     default {@code false} (read-only)
     * @return this builder
     */
    public Builder writeCheck(boolean enabled) {
      this.writeCheck = enabled;
      return this;
    }

    /**
     * @param clock the source of {@link SystemStatus#checkedAt()} and of the date the calendars are checked
     *     against; default the system UTC clock (tests pass a fixed one, so that their outcome does not
     *     change when a shipped calendar runs out)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param calendars the trading calendars the cache's market-aware expiry follows, e.g.
     *     {@code policy.calendars()}; default the shipped calendars plus the files named by
     *     {@code TA_CACHE_MARKET_CALENDAR_FILES} in {@linkplain #environment the environment} (what a cache
     *     built from that environment follows), or none when {@code TA_CACHE_MARKET_EXPIRY=none} there
     * @return this builder
     */
    public Builder calendars(TradingCalendars calendars) {
      this.calendars = requireNonNull(calendars, "calendars");
      return this;
    }

    /**
     * @param enabled whether to check the trading calendars at all; default {@code true}. Turn it off for a
     *     cache that uses no market-aware expiry (a {@code TtlPolicy} of flat TTLs only)
     * @return this builder
     */
    public Builder calendarCheck(boolean enabled) {
      this.calendarCheck = enabled;
      return this;
    }

    /**
     * @param notice how long before a calendar's last date the report notes that it ends (without changing
     *     the verdict); 0 (no note) to 366 days, whole days, default {@link #DEFAULT_CALENDAR_NOTICE}
     * @return this builder
     * @throws IllegalArgumentException if out of range or not whole days
     */
    public Builder calendarNotice(Duration notice) {
      requireNonNull(notice, "notice");
      if (notice.isNegative() || notice.compareTo(Duration.ofDays(366)) > 0
          || !notice.equals(Duration.ofDays(notice.toDays()))) {
        throw new IllegalArgumentException("calendarNotice must be whole days between 0 and 366 but was "
            + notice + "; use e.g. Duration.ofDays(30)");
      }
      this.calendarNotice = notice;
      return this;
    }

    /**
     * @return the check; the builder stays usable
     * @throws io.tradingagents.cache.CacheConfigurationException if the calendars are taken from the
     *     environment and a file named by {@code TA_CACHE_MARKET_CALENDAR_FILES} cannot be used
     */
    public SystemStatusCheck build() {
      return new SystemStatusCheck(this);
    }
  }
}
