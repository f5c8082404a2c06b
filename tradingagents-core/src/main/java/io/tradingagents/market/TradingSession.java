package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One trading day of one market, as absolute instants: the open, the break if the market has one that
 * day, and the close. A half day (Hong Kong's eves of Lunar New Year, Christmas and New Year) has no
 * break and closes when the morning ends; a US early close closes at 13:00 New York time.
 *
 * @param date the trading date, in the market's time zone
 * @param open when trading starts
 * @param breakStart when the break starts, or {@code null} if there is no break that day
 * @param breakEnd when the break ends, or {@code null} if there is no break that day
 * @param close when trading ends
 */
public record TradingSession(LocalDate date, Instant open, @Nullable Instant breakStart,
    @Nullable Instant breakEnd, Instant close) {

  /** Requires the dates; {@link TradingCalendar} builds sessions in order. */
  public TradingSession {
    requireNonNull(date, "date");
    requireNonNull(open, "open");
    requireNonNull(close, "close");
  }

  /**
   * @param instant the instant to test
   * @return whether the market trades at {@code instant}: from the open (inclusive) to the close
   *     (exclusive), and not during the break
   */
  public boolean isOpenAt(Instant instant) {
    if (instant.isBefore(open) || !instant.isBefore(close)) {
      return false;
    }
    return breakStart == null || instant.isBefore(breakStart) || !instant.isBefore(breakEnd);
  }

  /**
   * @param instant the instant to test
   * @return whether {@code instant} falls in this session's break
   */
  public boolean isInBreak(Instant instant) {
    return breakStart != null && !instant.isBefore(breakStart) && instant.isBefore(breakEnd);
  }
}
