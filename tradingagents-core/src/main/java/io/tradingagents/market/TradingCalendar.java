package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.Market;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The trading calendar of one market: its time zone, its regular hours (with a lunch break where the
 * market has one, each set of hours effective from a date), its weekend, and the holidays, early closes
 * and late opens of a {@link CalendarFile}, plus ad-hoc closures and early closes added at run time.
 * Sessions are computed in the market's {@link ZoneId}, so daylight saving follows the zone's rules.
 *
 * <p>Dates after {@link #validThrough()} are answered from the weekend rule and the regular hours alone,
 * since their holidays are unknown; callers that need correct answers check {@link #covers(LocalDate)}
 * first (the {@link MarketExpiryPolicy} falls back to the flat TTL table there).
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return a new calendar.
 */
public final class TradingCalendar {
  /** How far the next or previous session is searched for before giving up. */
  private static final int SEARCH_DAYS = 400;

  private final CalendarFile data;
  private final NavigableMap<LocalDate, String> extraClosures;
  private final NavigableMap<LocalDate, LocalTime> extraEarlyCloses;

  private TradingCalendar(CalendarFile data, NavigableMap<LocalDate, String> extraClosures,
      NavigableMap<LocalDate, LocalTime> extraEarlyCloses) {
    this.data = data;
    this.extraClosures = Collections.unmodifiableNavigableMap(extraClosures);
    this.extraEarlyCloses = Collections.unmodifiableNavigableMap(extraEarlyCloses);
  }

  /**
   * @param data the calendar data
   * @return the calendar of {@code data}'s market
   */
  public static TradingCalendar of(CalendarFile data) {
    return new TradingCalendar(requireNonNull(data, "data"), new TreeMap<>(), new TreeMap<>());
  }

  /**
   * @param market the market
   * @return the calendar shipped with the library for {@code market}
   */
  public static TradingCalendar shipped(Market market) {
    return of(CalendarFile.shipped(market));
  }

  /** @return the market */
  public Market market() {
    return data.market();
  }

  /** @return the market's time zone */
  public ZoneId zone() {
    return data.zone();
  }

  /** @return the first date the holiday data covers */
  public LocalDate validFrom() {
    return data.validFrom();
  }

  /** @return the last date the holiday data covers; after it, holidays are unknown */
  public LocalDate validThrough() {
    return data.validThrough();
  }

  /** @return the data this calendar was built from (without run-time additions) */
  public CalendarFile data() {
    return data;
  }

  /**
   * @param date a date in the market's zone
   * @return whether the holiday data covers {@code date}
   */
  public boolean covers(LocalDate date) {
    return !date.isBefore(data.validFrom()) && !date.isAfter(data.validThrough());
  }

  /**
   * @param date a date in the market's zone
   * @return whether the market trades on {@code date}: not a weekend day (make-up working days included),
   *     not a holiday, not an ad-hoc closure
   */
  public boolean isSession(LocalDate date) {
    requireNonNull(date, "date");
    return !data.weekend().contains(date.getDayOfWeek()) && !data.closed().containsKey(date)
        && !extraClosures.containsKey(date);
  }

  /**
   * @param date a date in the market's zone
   * @return why the market is closed on {@code date} (a holiday's or closure's name, or {@code "weekend"}),
   *     or {@code null} if it trades
   */
  public @Nullable String closureReason(LocalDate date) {
    String reason = extraClosures.get(requireNonNull(date, "date"));
    if (reason == null) {
      reason = data.closed().get(date);
    }
    if (reason == null && data.weekend().contains(date.getDayOfWeek())) {
      reason = data.makeupDays().contains(date) ? "weekend (make-up working day, no trading)" : "weekend";
    }
    return reason;
  }

  /**
   * The session on one date, with that day's early close or late open applied. A close at or before the
   * break start (a Hong Kong half day) drops the break and the afternoon; an open at or after the break end
   * drops the break and the morning.
   *
   * @param date a date in the market's zone
   * @return the session, or {@code null} if the market does not trade that day
   */
  public @Nullable TradingSession sessionOn(LocalDate date) {
    if (!isSession(date)) {
      return null;
    }
    SessionHours hours = hoursOn(date);
    LocalTime open = data.lateOpens().getOrDefault(date, hours.open());
    LocalTime close = extraEarlyCloses.getOrDefault(date, data.earlyCloses().getOrDefault(date, hours.close()));
    LocalTime breakStart = hours.breakStart();
    LocalTime breakEnd = hours.breakEnd();
    boolean keepBreak = breakStart != null && breakEnd != null && open.isBefore(breakStart)
        && close.isAfter(breakEnd);
    if (breakStart != null && breakEnd != null && !keepBreak) {
      // A close inside the break ends the day at the break; an open inside it starts the day after it.
      if (close.isAfter(breakStart) && !close.isAfter(breakEnd)) {
        close = breakStart;
      }
      if (!open.isBefore(breakStart) && open.isBefore(breakEnd)) {
        open = breakEnd;
      }
    }
    ZoneId zone = data.zone();
    return new TradingSession(date, date.atTime(open).atZone(zone).toInstant(),
        keepBreak ? date.atTime(breakStart).atZone(zone).toInstant() : null,
        keepBreak ? date.atTime(breakEnd).atZone(zone).toInstant() : null,
        date.atTime(close).atZone(zone).toInstant());
  }

  private SessionHours hoursOn(LocalDate date) {
    SessionHours chosen = data.hours().get(0);
    for (SessionHours hours : data.hours()) {
      if (!hours.effectiveFrom().isAfter(date)) {
        chosen = hours;
      }
    }
    return chosen;
  }

  /**
   * @param instant any instant
   * @return whether the market trades at {@code instant} (not in a break, not on a closed day)
   */
  public boolean isOpen(Instant instant) {
    TradingSession session = sessionOn(localDate(instant));
    return session != null && session.isOpenAt(instant);
  }

  /**
   * @param instant any instant
   * @return the session on {@code instant}'s local date, or {@code null} if the market does not trade that
   *     day; the session may not have opened yet or may already be closed
   */
  public @Nullable TradingSession sessionOnDateOf(Instant instant) {
    return sessionOn(localDate(instant));
  }

  /**
   * @param instant any instant
   * @return the first session open strictly after {@code instant}
   * @throws IllegalStateException if no session opens within 400 days (a calendar closed on every day)
   */
  public Instant nextOpen(Instant instant) {
    LocalDate date = localDate(requireNonNull(instant, "instant"));
    for (int i = 0; i < SEARCH_DAYS; i++, date = date.plusDays(1)) {
      TradingSession session = sessionOn(date);
      if (session != null && session.open().isAfter(instant)) {
        return session.open();
      }
    }
    throw noSession("after", instant);
  }

  /**
   * The next moment trading starts: a session's open or the end of its break, whichever comes first
   * strictly after {@code instant}. During a lunch break this is the end of the break.
   *
   * @param instant any instant
   * @return the next open or break end
   * @throws IllegalStateException if no session opens within 400 days
   */
  public Instant nextTradingStart(Instant instant) {
    LocalDate date = localDate(requireNonNull(instant, "instant"));
    for (int i = 0; i < SEARCH_DAYS; i++, date = date.plusDays(1)) {
      TradingSession session = sessionOn(date);
      if (session == null) {
        continue;
      }
      if (session.open().isAfter(instant)) {
        return session.open();
      }
      Instant breakEnd = session.breakEnd();
      if (breakEnd != null && breakEnd.isAfter(instant)) {
        return breakEnd;
      }
    }
    throw noSession("after", instant);
  }

  /**
   * @param instant any instant
   * @return the first session close strictly after {@code instant}
   * @throws IllegalStateException if no session closes within 400 days
   */
  public Instant nextClose(Instant instant) {
    LocalDate date = localDate(requireNonNull(instant, "instant"));
    for (int i = 0; i < SEARCH_DAYS; i++, date = date.plusDays(1)) {
      TradingSession session = sessionOn(date);
      if (session != null && session.close().isAfter(instant)) {
        return session.close();
      }
    }
    throw noSession("after", instant);
  }

  /**
   * @param date a date in the market's zone
   * @return the last session strictly before {@code date}
   * @throws IllegalStateException if there is none within 400 days
   */
  public TradingSession previousSession(LocalDate date) {
    LocalDate day = requireNonNull(date, "date").minusDays(1);
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.minusDays(1)) {
      TradingSession session = sessionOn(day);
      if (session != null) {
        return session;
      }
    }
    throw noSession("before", date);
  }

  /**
   * @param date a date in the market's zone
   * @return the first session strictly after {@code date}
   * @throws IllegalStateException if there is none within 400 days
   */
  public TradingSession nextSession(LocalDate date) {
    LocalDate day = requireNonNull(date, "date").plusDays(1);
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
      TradingSession session = sessionOn(day);
      if (session != null) {
        return session;
      }
    }
    throw noSession("after", date);
  }

  /**
   * @param from first date, inclusive
   * @param to last date, inclusive
   * @return the sessions between the two dates, in order; empty if {@code to} is before {@code from}
   */
  public List<TradingSession> sessions(LocalDate from, LocalDate to) {
    List<TradingSession> sessions = new ArrayList<>();
    for (LocalDate day = requireNonNull(from, "from"); !day.isAfter(requireNonNull(to, "to"));
        day = day.plusDays(1)) {
      TradingSession session = sessionOn(day);
      if (session != null) {
        sessions.add(session);
      }
    }
    return sessions;
  }

  /**
   * @param from first date, inclusive
   * @param to last date, inclusive
   * @return the weekday closures (holidays and ad-hoc closures) between the two dates, with their reasons
   */
  public NavigableMap<LocalDate, String> closures(LocalDate from, LocalDate to) {
    NavigableMap<LocalDate, String> all = new TreeMap<>(data.closed().subMap(from, true, to, true));
    all.putAll(extraClosures.subMap(from, true, to, true));
    return Collections.unmodifiableNavigableMap(all);
  }

  /**
   * Adds an ad-hoc closure (a typhoon, a day of mourning).
   *
   * @param date the closed date, in the market's zone
   * @param reason why, for logs and operators
   * @return a calendar with the closure
   */
  public TradingCalendar withClosure(LocalDate date, String reason) {
    requireNonNull(date, "date");
    requireNonNull(reason, "reason");
    NavigableMap<LocalDate, String> closures = new TreeMap<>(extraClosures);
    closures.put(date, reason.isBlank() ? "ad-hoc closure" : reason.strip());
    return new TradingCalendar(data, closures, new TreeMap<>(extraEarlyCloses));
  }

  /**
   * Adds an ad-hoc early close.
   *
   * @param date the date, in the market's zone
   * @param close the new local close time; at or before the break start it cancels the afternoon
   * @return a calendar with the early close
   * @throws IllegalArgumentException if {@code close} is not after that day's open
   */
  public TradingCalendar withEarlyClose(LocalDate date, LocalTime close) {
    requireNonNull(date, "date");
    requireNonNull(close, "close");
    LocalTime open = data.lateOpens().getOrDefault(date, hoursOn(date).open());
    if (!close.isAfter(open)) {
      throw new IllegalArgumentException("early close " + close + " on " + date + " must be after that day's"
          + " open " + open + "; use withClosure for a day without trading");
    }
    NavigableMap<LocalDate, LocalTime> early = new TreeMap<>(extraEarlyCloses);
    early.put(date, close);
    return new TradingCalendar(data, new TreeMap<>(extraClosures), early);
  }

  /**
   * Adds a second data file of the same market (e.g. next year's holidays); run-time additions are kept.
   *
   * @param file data of the same market and zone
   * @return a calendar with both files' dates and the later {@code validThrough}
   * @throws IllegalArgumentException if the file is of another market or zone, or contradicts this one
   */
  public TradingCalendar withFile(CalendarFile file) {
    return new TradingCalendar(data.merge(file), new TreeMap<>(extraClosures), new TreeMap<>(extraEarlyCloses));
  }

  /** @return ad-hoc closures added at run time */
  public Map<LocalDate, String> addedClosures() {
    return extraClosures;
  }

  private LocalDate localDate(Instant instant) {
    return LocalDate.ofInstant(instant, data.zone());
  }

  private IllegalStateException noSession(String direction, Object from) {
    return new IllegalStateException("No " + market().code() + " session within " + SEARCH_DAYS + " days "
        + direction + " " + from + "; the calendar " + data.origin() + " closes every day");
  }

  @Override
  public String toString() {
    return "TradingCalendar{" + market().code() + ", " + zone() + ", validThrough=" + validThrough()
        + ", addedClosures=" + extraClosures.size() + '}';
  }
}
