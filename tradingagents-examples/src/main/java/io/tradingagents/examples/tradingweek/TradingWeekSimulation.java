package io.tradingagents.examples.tradingweek;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.AdaptiveCacheBuilder;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import io.tradingagents.market.TradingCalendar;
import io.tradingagents.market.TradingCalendars;
import io.tradingagents.market.TradingSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Plays one trading week of reads through an {@link AdaptiveCache} on a {@link SimulatedClock}: every
 * {@code cadence}, around the clock (overnight and at the weekend too: agents serve users in every time
 * zone), each symbol of the watchlists is read twice, its latest quote (a key without a date range) and its
 * daily bars of the last 20 sessions up to the previous session (a completed range). A miss calls the
 * simulated upstream, whose quote moves every minute while the symbol's market trades and stays at the last
 * price while it is closed, and whose daily bars of completed sessions never change.
 *
 * <p>The clock moves {@value #STEP_SECONDS} seconds at a time, so that work the cache does between reads (refresh-ahead rounds,
 * driven by the caller) happens at the right simulated moments. Each run builds a fresh in-process cache with the given configuration, so runs do not share entries.
 * Not thread-safe; runs are sequential.
 */
public final class TradingWeekSimulation {
  /** How far the clock moves at a time, in seconds. */
  static final int STEP_SECONDS = 10;
  private static final Duration STEP = Duration.ofSeconds(STEP_SECONDS);
  /** The daily-bar window each read asks for, in sessions. */
  static final int BAR_SESSIONS = 20;

  private final Instant start;
  private final Instant end;
  private final Duration cadence;
  private final Map<Market, List<String>> watchlists;
  private final TradingCalendars calendars = TradingCalendars.shipped();

  /**
   * @param start the first read
   * @param end the end of the week, exclusive
   * @param cadence the time between two rounds of reads; whole minutes, 1 minute to 1 day
   * @param watchlists the symbols read, per market
   * @throws IllegalArgumentException if {@code end} is not after {@code start} or the cadence is out of range
   */
  public TradingWeekSimulation(Instant start, Instant end, Duration cadence, Map<Market, List<String>> watchlists) {
    this.start = requireNonNull(start, "start");
    this.end = requireNonNull(end, "end");
    this.cadence = requireNonNull(cadence, "cadence");
    this.watchlists = Map.copyOf(requireNonNull(watchlists, "watchlists"));
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end must be after start but was " + end + " <= " + start);
    }
    if (cadence.compareTo(Duration.ofMinutes(1)) < 0 || cadence.compareTo(Duration.ofDays(1)) > 0
        || cadence.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("cadence must be whole minutes between 1 minute and 1 day but was "
          + cadence);
    }
  }

  /**
   * Runs the week once. The clock moves {@value #STEP_SECONDS} seconds at a time; the reads happen every
   * {@code cadence}, and {@code eachStep} runs after every step (refresh-ahead rounds, which the cache
   * otherwise runs on wall-clock time, every second by default).
   *
   * @param label the policy's name in the result
   * @param configure sets the policy on a builder that already has the clock and the in-process tier only
   * @param eachStep runs once per simulated step with the cache, e.g. a refresh-ahead round
   * @return what happened
   * @throws IllegalStateException if the cache's count of misses and the upstream's count of calls made
   *     for readers disagree
   */
  public WeekResult run(String label, UnaryOperator<AdaptiveCacheBuilder> configure, Consumer<AdaptiveCache> eachStep) {
    SimulatedClock clock = new SimulatedClock(start);
    Counts counts = new Counts();
    AdaptiveCacheBuilder builder = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false).clock(clock);
    try (AdaptiveCache cache = configure.apply(builder).build()) {
      for (Instant now = start; now.isBefore(end); now = now.plus(STEP)) {
        if (Duration.between(start, now).toSeconds() % cadence.toSeconds() == 0) {
          counts.reading = true;
          for (Market market : Market.values()) {
            for (String symbol : watchlists.getOrDefault(market, List.of())) {
              readQuote(cache, calendars.calendar(market), symbol, clock, counts);
              readBars(cache, calendars.calendar(market), symbol, clock, counts);
            }
          }
          counts.reading = false;
        }
        clock.advance(STEP);
        eachStep.accept(cache);
      }
      CacheStats stats = cache.stats();
      if (counts.reads - stats.hits() != counts.readerCalls) {
        throw new IllegalStateException("the cache counted " + (counts.reads - stats.hits()) + " misses but "
            + "the upstream " + counts.readerCalls + " calls made for readers");
      }
      return new WeekResult(label, counts.reads, stats.hits(), counts.calls(), counts.calls() - counts.readerCalls,
          counts.inSession, counts.weekdayClosed, counts.closedDay, counts.stale, counts.worstStaleness,
          stats.staleServed());
    }
  }

  private void readQuote(AdaptiveCache cache, TradingCalendar calendar, String symbol, SimulatedClock clock,
      Counts counts) {
    Instant now = clock.instant();
    CacheKey key = CacheKey.builder(DataKind.STOCK_DATA, symbol).market(calendar.market()).source("simulated")
        .param("view", "quote").build();
    // the loader reads the clock: refresh-ahead calls it again later, outside this read
    String quote = requireNonNull(cache.get(key, String.class, k -> {
      counts.call(calendar, clock.instant());
      return symbol + "@" + latestPrice(calendar, clock.instant());
    }), "quote");
    counts.reads++;
    Duration lag = tradingTimeBetween(calendar, Instant.parse(quote.substring(quote.indexOf('@') + 1)), now);
    if (lag.compareTo(Duration.ofMinutes(1)) >= 0) {
      counts.stale++;
      if (lag.compareTo(counts.worstStaleness) > 0) {
        counts.worstStaleness = lag;
      }
    }
  }

  private void readBars(AdaptiveCache cache, TradingCalendar calendar, String symbol, SimulatedClock clock,
      Counts counts) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, calendar.zone());
    LocalDate to = calendar.previousSession(today).date();
    LocalDate from = to;
    for (int i = 1; i < BAR_SESSIONS; i++) {
      from = calendar.previousSession(from).date();
    }
    CacheKey key = CacheKey.builder(DataKind.STOCK_DATA, symbol).market(calendar.market()).source("simulated")
        .param("view", "daily").dateRange(from, to).build();
    LocalDate first = from;
    requireNonNull(cache.get(key, String.class, k -> {
      counts.call(calendar, clock.instant());
      return symbol + " daily bars " + first + ".." + to;
    }), "bars");
    counts.reads++;
  }

  /**
   * @return when the simulated upstream's price last moved: the current minute while the market trades,
   *     else the end of the last session or morning segment
   */
  static Instant latestPrice(TradingCalendar calendar, Instant now) {
    if (calendar.isOpen(now)) {
      return now.truncatedTo(ChronoUnit.MINUTES);
    }
    TradingSession today = calendar.sessionOnDateOf(now);
    if (today != null && !now.isBefore(today.close())) {
      return today.close();
    }
    if (today != null && today.isInBreak(now)) {
      return requireNonNull(today.breakStart(), "breakStart");
    }
    return calendar.previousSession(LocalDate.ofInstant(now, calendar.zone())).close();
  }

  /**
   * @return how long the market traded between the two instants (breaks, nights, weekends and holidays
   *     excluded): since the simulated price moves every trading minute, a quote is out of date once this
   *     reaches a minute
   */
  static Duration tradingTimeBetween(TradingCalendar calendar, Instant from, Instant to) {
    Duration traded = Duration.ZERO;
    for (TradingSession session : calendar.sessions(LocalDate.ofInstant(from, calendar.zone()),
        LocalDate.ofInstant(to, calendar.zone()))) {
      Instant breakStart = session.breakStart();
      Instant breakEnd = session.breakEnd();
      if (breakStart != null && breakEnd != null) {
        traded = traded.plus(overlap(from, to, session.open(), breakStart))
            .plus(overlap(from, to, breakEnd, session.close()));
      } else {
        traded = traded.plus(overlap(from, to, session.open(), session.close()));
      }
    }
    return traded;
  }

  private static Duration overlap(Instant from, Instant to, Instant start, Instant end) {
    Instant a = from.isAfter(start) ? from : start;
    Instant b = to.isBefore(end) ? to : end;
    return b.isAfter(a) ? Duration.between(a, b) : Duration.ZERO;
  }

  /** The counters of one run. */
  private static final class Counts {
    long reads;
    long inSession;
    long weekdayClosed;
    long closedDay;
    long stale;
    long readerCalls;
    boolean reading;
    Duration worstStaleness = Duration.ZERO;

    void call(TradingCalendar calendar, Instant now) {
      if (reading) {
        readerCalls++;
      }
      if (calendar.isOpen(now)) {
        inSession++;
      } else if (calendar.sessionOnDateOf(now) != null) {
        weekdayClosed++;
      } else {
        closedDay++;
      }
    }

    long calls() {
      return inSession + weekdayClosed + closedDay;
    }
  }
}
