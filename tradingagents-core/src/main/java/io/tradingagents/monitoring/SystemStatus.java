package io.tradingagents.monitoring;

import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.PerformanceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable report of a deployment as the library sees it: every tier (reachable, latency of a
 * read-only probe, server version, size), the performance mode and why, the cache's statistics, the record
 * stores, which API-key variables are set (names only), the log directory, the trading calendars' validity,
 * and an overall
 * {@link Verdict} with the reasons for it. Made by {@link SystemStatusCheck}. Holds no secret: no
 * password, no credentialed address, not one character of an API key.
 *
 * @param verdict the overall verdict
 * @param reasons why the verdict is not {@link Verdict#OK}, most severe first; empty when OK
 * @param checkedAt when the check started
 * @param took how long the check took
 * @param performanceMode the cache's performance mode
 * @param performanceModeReason which tiers are up, in words
 * @param tiers every tier in read order, the in-process tier first
 * @param stats the cache's counters, or {@code null} if they could not be read in time
 * @param stores the record stores and journals given to the check
 * @param apiKeys the expected API-key variables and whether each is set
 * @param logDirectory the log directory, or {@code null} if none was given
 * @param writeCheck the optional write round trip, or {@code null} if not asked for
 * @param calendars the trading calendars market-aware expiry follows, one per market, and whether each
 *     still covers the date; empty when the calendar check is off
 */
public record SystemStatus(Verdict verdict, List<String> reasons, Instant checkedAt, Duration took,
    PerformanceMode performanceMode, String performanceModeReason, List<TierStatus> tiers,
    @Nullable CacheStats stats, List<StoreStatus> stores, List<ApiKeyStatus> apiKeys,
    @Nullable LogDirectoryStatus logDirectory, @Nullable WriteCheck writeCheck, List<CalendarStatus> calendars) {

  /* Copies the lists. */
  public SystemStatus {
    reasons = List.copyOf(reasons);
    tiers = List.copyOf(tiers);
    stores = List.copyOf(stores);
    apiKeys = List.copyOf(apiKeys);
    calendars = List.copyOf(calendars);
  }

  /** The overall verdict, with the exit code of the monitoring-plugins convention. */
  public enum Verdict {
    /** Everything configured is up. */
    OK(0),
    /** Degraded: a tier down, a journal backlog, a key missing, little disk. */
    WARNING(1),
    /** Nothing usable: no tier can store anything, or the configuration is invalid. */
    CRITICAL(2),
    /** The check itself failed. */
    UNKNOWN(3);

    private final int exitCode;

    Verdict(int exitCode) {
      this.exitCode = exitCode;
    }

    /** @return 0, 1, 2 or 3 */
    public int exitCode() {
      return exitCode;
    }

    /**
     * @param other another verdict
     * @return the more severe of the two
     */
    public Verdict worst(Verdict other) {
      return other.ordinal() > ordinal() ? other : this;
    }
  }

  /**
   * One tier.
   *
   * @param name {@code memory}, {@code redis}, {@code mongodb}, {@code file}, ...
   * @param reachable whether the cache reads and writes it now
   * @param state the guard's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code EXCLUDED},
   *     {@code LOCAL}), or {@code NO_ANSWER} if the tier did not report within the timeout
   * @param probeLatency how long the tier's read-only ping took, or {@code null} if it reported none
   * @param serverVersion the server's version, or {@code null} if not a server or unknown
   * @param entryCount entries held, or -1 if the tier cannot tell cheaply
   * @param sizeBytes bytes held, or -1 if the tier cannot tell cheaply
   * @param details every fact the tier reported (never a secret)
   */
  public record TierStatus(String name, boolean reachable, String state, @Nullable Duration probeLatency,
      @Nullable String serverVersion, long entryCount, long sizeBytes, Map<String, String> details) {

    /* Copies the details. */
    public TierStatus {
      details = Map.copyOf(details);
    }
  }

  /**
   * A record store or a journal waiting for replay.
   *
   * @param name e.g. {@code usage} or {@code usage-journal}
   * @param journal whether this is a journal, whose records wait for replay into its primary store
   * @param reachable whether it answered within the timeout
   * @param records records held (for a journal: the backlog), or -1 if it did not answer
   * @param problem why it did not answer, or {@code null}
   */
  public record StoreStatus(String name, boolean journal, boolean reachable, long records,
      @Nullable String problem) {}

  /**
   * @param name an environment variable, e.g. {@code OPENAI_API_KEY}
   * @param set whether it has a non-blank value (the value itself is never read into the report)
   */
  public record ApiKeyStatus(String name, boolean set) {}

  /**
   * @param path the directory
   * @param writable whether a file could be created and removed there
   * @param freeBytes usable space on its file system, or -1 if unknown
   * @param problem why it is not writable, or {@code null}
   */
  public record LogDirectoryStatus(Path path, boolean writable, long freeBytes, @Nullable String problem) {}

  /**
   * @param ok whether a value written under the reserved namespace was read back and removed
   * @param detail what happened
   */
  public record WriteCheck(boolean ok, String detail) {}

  /**
   * One market's trading calendar, as market-aware expiry ({@link io.tradingagents.market.MarketExpiryPolicy})
   * uses it.
   *
   * @param market the market
   * @param validThrough the last date the calendar knows the holidays of
   * @param daysLeft days from the check's date (in the market's zone) to {@code validThrough}; negative
   *     once past it
   * @param valid whether the calendar covers today and the market's current or next session; when not,
   *     the market's data falls back to the flat TTL table and the verdict is {@link Verdict#WARNING}
   * @param note what to do, when the calendar has run out or ends within the check's notice period (a note
   *     alone does not change the verdict); {@code null} otherwise
   */
  public record CalendarStatus(Market market, LocalDate validThrough, long daysLeft, boolean valid,
      @Nullable String note) {}
}
