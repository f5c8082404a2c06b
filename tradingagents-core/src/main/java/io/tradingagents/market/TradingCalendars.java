package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.Market;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The trading calendars of every {@link Market}, starting from the files shipped with the library, with
 * run-time additions: another data file (next year's holidays, a corrected date), an ad-hoc closure (a
 * typhoon, a day of mourning) or an ad-hoc early close. Each addition replaces the market's calendar
 * atomically; readers see the old or the new calendar, never a mix.
 *
 * <p>Thread-safe. Create one per application (or per cache) and share it; there is no global instance.
 */
public final class TradingCalendars {
  private final Map<Market, TradingCalendar> calendars = new ConcurrentHashMap<>();

  private TradingCalendars(Map<Market, TradingCalendar> initial) {
    calendars.putAll(initial);
  }

  /**
   * @return a new registry holding the calendars shipped with the library for every market
   * @throws IllegalStateException if a shipped calendar resource is missing
   */
  public static TradingCalendars shipped() {
    Map<Market, TradingCalendar> all = new EnumMap<>(Market.class);
    for (Market market : Market.values()) {
      all.put(market, TradingCalendar.shipped(market));
    }
    return new TradingCalendars(all);
  }

  /**
   * @param market the market
   * @return its current calendar
   */
  public TradingCalendar calendar(Market market) {
    TradingCalendar calendar = calendars.get(requireNonNull(market, "market"));
    if (calendar == null) {
      throw new IllegalStateException("No trading calendar for market " + market.code());
    }
    return calendar;
  }

  /**
   * Adds a data file to its market's calendar: its dates join the existing ones and {@code validThrough}
   * moves to the later of the two.
   *
   * @param file the data, e.g. from {@link CalendarFile#load}
   * @throws IllegalArgumentException if it contradicts the existing calendar (another zone, or one date
   *     with two different early closes); the calendar is then unchanged
   */
  public void add(CalendarFile file) {
    requireNonNull(file, "file");
    calendars.compute(file.market(), (m, old) -> old == null ? TradingCalendar.of(file) : old.withFile(file));
  }

  /**
   * Closes a market for one day at run time.
   *
   * @param market the market
   * @param date the date, in the market's zone
   * @param reason why (logged and shown by {@link TradingCalendar#closureReason})
   */
  public void closeAdHoc(Market market, LocalDate date, String reason) {
    requireNonNull(date, "date");
    requireNonNull(reason, "reason");
    calendars.compute(requireNonNull(market, "market"), (m, old) -> existing(old, m).withClosure(date, reason));
  }

  /**
   * Closes a market early on one day at run time.
   *
   * @param market the market
   * @param date the date, in the market's zone
   * @param close the local close time
   * @throws IllegalArgumentException if {@code close} is not after that day's open
   */
  public void closeEarly(Market market, LocalDate date, LocalTime close) {
    requireNonNull(date, "date");
    requireNonNull(close, "close");
    calendars.compute(requireNonNull(market, "market"), (m, old) -> existing(old, m).withEarlyClose(date, close));
  }

  private static TradingCalendar existing(@Nullable TradingCalendar calendar, Market market) {
    if (calendar == null) {
      throw new IllegalStateException("No trading calendar for market " + market.code() + "; add a file first");
    }
    return calendar;
  }

  @Override
  public String toString() {
    return "TradingCalendars" + calendars.values();
  }
}
