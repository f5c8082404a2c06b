package io.tradingagents.analysis;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A time range of usage: {@code [from, to)}, either end open when {@code null}.
 *
 * @param from earliest instant, inclusive, or {@code null}
 * @param to latest instant, exclusive, or {@code null}
 */
public record UsagePeriod(@Nullable Instant from, @Nullable Instant to) {

  /*
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public UsagePeriod {
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("to " + to + " is before from " + from);
    }
  }

  /** @return every record */
  public static UsagePeriod all() {
    return new UsagePeriod(null, null);
  }

  /**
   * @param days 1 or more: today counts as the first day
   * @param clock the clock
   * @param zone the zone whose midnight starts a day
   * @return from the start of the first day to the end of time
   * @throws IllegalArgumentException if {@code days} is not positive
   */
  public static UsagePeriod lastDays(int days, Clock clock, ZoneId zone) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1 but was " + days);
    }
    LocalDate first = LocalDate.ofInstant(clock.instant(), requireNonNull(zone, "zone")).minusDays(days - 1L);
    return new UsagePeriod(first.atStartOfDay(zone).toInstant(), null);
  }

  /**
   * @param instant an instant
   * @return whether it falls in this period
   */
  public boolean contains(Instant instant) {
    return (from == null || !instant.isBefore(from)) && (to == null || instant.isBefore(to));
  }
}
