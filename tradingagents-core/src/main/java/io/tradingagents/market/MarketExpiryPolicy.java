package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.ExpiryPolicy;
import io.tradingagents.cache.Market;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry that follows the market's trading sessions, for data that only changes while the market trades:
 *
 * <ul>
 *   <li>data whose date range ends before the current session (a completed trading day: the session in
 *       progress, or the next one when the market is closed) never changes again: it lives for the
 *       immutable TTL (default 30 days);
 *   <li>during a session: the intraday TTL (default 5 minutes);
 *   <li>outside a session (night, weekend, holiday, lunch break): until trading next starts (the next open
 *       or the end of the break) plus a margin (default 1 minute) plus a random jitter (up to 5 minutes) so
 *       that not every key expires at 09:30:00.
 * </ul>
 *
 * <p>When the market's calendar does not cover the dates involved (past its {@code validThrough}), the
 * policy returns {@code null}, so the entry gets the flat TTL of {@link io.tradingagents.cache.TtlPolicy},
 * and logs one WARN per market (not one per call); {@link #marketsPastValidity()} lists those markets for
 * status reports.
 *
 * <p>Register it per kind with {@link io.tradingagents.cache.TtlPolicy.Builder#expiry}. Thread-safe.
 */
public final class MarketExpiryPolicy implements ExpiryPolicy {
  private static final Logger log = LoggerFactory.getLogger(MarketExpiryPolicy.class);

  private final TradingCalendars calendars;
  private final Duration intradayTtl;
  private final Duration openMargin;
  private final Duration openJitter;
  private final Duration immutableTtl;
  private final @Nullable RandomGenerator random;
  private final Set<Market> pastValidity = ConcurrentHashMap.newKeySet();
  /** The last {@link Window} computed per market (by ordinal); replaced when it no longer holds. */
  private final AtomicReferenceArray<Window> windows = new AtomicReferenceArray<>(Market.values().length);

  private MarketExpiryPolicy(Builder b) {
    this.calendars = b.calendars != null ? b.calendars : TradingCalendars.shipped();
    this.intradayTtl = b.intradayTtl;
    this.openMargin = b.openMargin;
    this.openJitter = b.openJitter;
    this.immutableTtl = b.immutableTtl;
    this.random = b.random;
  }

  /** @return a builder with the defaults: shipped calendars, 5 m intraday, 1 m margin, 5 m jitter, 30 d */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public @Nullable Instant expiresAt(CacheKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    TradingCalendar calendar = calendars.calendar(key.market());
    int slot = key.market().ordinal();
    Window window = windows.get(slot);
    if (window == null || !window.holds(calendar, now)) {
      window = Window.at(calendar, now);
      windows.set(slot, window);
    }
    if (window.uncovered != null) {
      return pastValidity(calendar, window.uncovered);
    }
    LocalDate to = key.to();
    if (to != null && to.isBefore(window.current)) {
      return now.plus(immutableTtl);
    }
    if (window.nextStart == null) {
      return now.plus(intradayTtl);
    }
    return window.nextStart.plus(openMargin).plusMillis(jitterMillis());
  }

  /**
   * The date, if any, that market-aware expiry needs at {@code now} but {@code calendar} does not cover
   * (today in the market's zone, or the current or next session's date): the policy then falls back to the
   * flat TTL table. The system status check reports it.
   *
   * @param calendar the market's calendar
   * @param now the instant
   * @return the uncovered date, or {@code null} if the calendar covers what the policy needs
   */
  public static @Nullable LocalDate uncoveredDate(TradingCalendar calendar, Instant now) {
    return Window.at(requireNonNull(calendar, "calendar"), requireNonNull(now, "now")).uncovered;
  }

  /**
   * What {@link #expiresAt} needs of a market's clock, the same for every instant from {@code from}
   * (inclusive) to {@code until} (exclusive): the next midnight in the market's zone, the session's close,
   * the start of its break, or the next time trading starts, whichever comes first. Computing it takes time
   * zone conversions and a calendar search; keeping it per market makes a write's expiry a comparison.
   *
   * @param uncovered the date the calendar does not cover, if any (the flat table then applies)
   * @param current the current session's date, or the next session's once today's has closed
   * @param nextStart when trading starts next while the market is closed; {@code null} while it trades
   */
  private record Window(TradingCalendar calendar, Instant from, Instant until, @Nullable LocalDate uncovered,
      @Nullable LocalDate current, @Nullable Instant nextStart) {

    boolean holds(TradingCalendar calendar, Instant now) {
      return this.calendar == calendar && !now.isBefore(from) && now.isBefore(until);
    }

    static Window at(TradingCalendar calendar, Instant now) {
      LocalDate today = LocalDate.ofInstant(now, calendar.zone());
      Instant until = today.plusDays(1).atStartOfDay(calendar.zone()).toInstant();
      if (!calendar.covers(today)) {
        return new Window(calendar, now, until, today, null, null);
      }
      TradingSession todays = calendar.sessionOn(today);
      boolean beforeClose = todays != null && now.isBefore(todays.close());
      LocalDate current = beforeClose ? today : calendar.nextSession(today).date();
      if (beforeClose) {
        until = earlier(until, todays.close());
      }
      if (!calendar.covers(current)) {
        return new Window(calendar, now, until, current, null, null);
      }
      if (todays != null && todays.isOpenAt(now)) {
        Instant breakStart = todays.breakStart();
        Instant end = breakStart != null && now.isBefore(breakStart) ? breakStart : todays.close();
        return new Window(calendar, now, earlier(until, end), null, current, null);
      }
      Instant nextStart = calendar.nextTradingStart(now);
      return new Window(calendar, now, earlier(until, nextStart), null, current, nextStart);
    }

    private static Instant earlier(Instant a, Instant b) {
      return a.isBefore(b) ? a : b;
    }
  }

  private long jitterMillis() {
    long bound = openJitter.toMillis();
    if (bound == 0) {
      return 0;
    }
    RandomGenerator source = random != null ? random : ThreadLocalRandom.current();
    return source.nextLong(bound + 1);
  }

  private @Nullable Instant pastValidity(TradingCalendar calendar, LocalDate date) {
    if (pastValidity.add(calendar.market())) {
      log.warn("The {} trading calendar ({}) covers {} to {} but {} is outside it; market-aware expiry of {} "
          + "data falls back to the flat TTL table. Add a calendar file with the exchange's newer holidays "
          + "(see docs/freshness.md)", calendar.market().code(), calendar.data().origin(),
          calendar.validFrom(), calendar.validThrough(), date, calendar.market().code());
    }
    return null;
  }

  /**
   * @return the markets for which this policy has fallen back to the flat table because their calendar
   *     did not cover the date; a status check reports them as a warning
   */
  public Set<Market> marketsPastValidity() {
    Set<Market> markets = EnumSet.noneOf(Market.class);
    markets.addAll(pastValidity);
    return markets;
  }

  /** @return the calendars this policy reads; add files or ad-hoc closures to them at run time */
  public TradingCalendars calendars() {
    return calendars;
  }

  /** @return the TTL of entries written during a session */
  public Duration intradayTtl() {
    return intradayTtl;
  }

  /** @return how long after trading starts an entry written outside a session expires, before jitter */
  public Duration openMargin() {
    return openMargin;
  }

  /** @return the largest random delay added to the open margin */
  public Duration openJitter() {
    return openJitter;
  }

  /** @return the TTL of data of completed trading days */
  public Duration immutableTtl() {
    return immutableTtl;
  }

  @Override
  public String toString() {
    return "MarketExpiryPolicy{intraday=" + intradayTtl + ", openMargin=" + openMargin + ", openJitter="
        + openJitter + ", immutable=" + immutableTtl + '}';
  }

  /** Builds a {@link MarketExpiryPolicy}. Not thread-safe; {@link #build()} may be called again. */
  public static final class Builder {
    private @Nullable TradingCalendars calendars;
    private Duration intradayTtl = Duration.ofMinutes(5);
    private Duration openMargin = Duration.ofMinutes(1);
    private Duration openJitter = Duration.ofMinutes(5);
    private Duration immutableTtl = Duration.ofDays(30);
    private @Nullable RandomGenerator random;

    private Builder() {}

    /**
     * @param calendars the calendars to follow; default {@link TradingCalendars#shipped()}
     * @return this builder
     */
    public Builder calendars(TradingCalendars calendars) {
      this.calendars = requireNonNull(calendars, "calendars");
      return this;
    }

    /**
     * @param ttl the TTL of entries written while the market trades; 1 s to 1 day, default 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder intradayTtl(Duration ttl) {
      this.intradayTtl = range("intradayTtl", ttl, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * @param margin how long after trading starts an entry written outside a session expires; 0 to 1 hour,
     *     default 1 minute
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder openMargin(Duration margin) {
      this.openMargin = range("openMargin", margin, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * @param jitter the largest random delay added to the margin, spreading the refetches after the open;
     *     0 (none) to 1 hour, default 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder openJitter(Duration jitter) {
      this.openJitter = range("openJitter", jitter, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * @param ttl the TTL of data whose date range ends before the current session; 1 minute to 366 days,
     *     default 30 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder immutableTtl(Duration ttl) {
      this.immutableTtl = range("immutableTtl", ttl, Duration.ofMinutes(1), Duration.ofDays(366));
      return this;
    }

    /**
     * @param random the source of the jitter; default {@link ThreadLocalRandom} (tests pass a seeded one)
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** @return the policy */
    public MarketExpiryPolicy build() {
      return new MarketExpiryPolicy(this);
    }

    private static Duration range(String name, Duration value, Duration min, Duration max) {
      requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was "
            + value);
      }
      return value;
    }
  }
}
