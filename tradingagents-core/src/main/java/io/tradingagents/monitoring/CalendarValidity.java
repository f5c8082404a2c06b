package io.tradingagents.monitoring;

import io.tradingagents.cache.Market;
import io.tradingagents.market.MarketExpiryPolicy;
import io.tradingagents.market.MarketExpirySettings;
import io.tradingagents.market.TradingCalendar;
import io.tradingagents.market.TradingCalendars;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendar part of {@link SystemStatusCheck}: whether each market's trading calendar still covers the
 * dates {@link io.tradingagents.market.MarketExpiryPolicy} needs (today and the current or next session, in
 * the market's zone), asked of the policy itself ({@link MarketExpiryPolicy#uncoveredDate}). Stateless.
 */
final class CalendarValidity {
  private CalendarValidity() {}

  /**
   * @param calendars the calendars the cache follows
   * @param now the check's instant
   * @param notice how far ahead an end of validity earns a note; zero for none
   * @return one status per market, in {@link Market} order
   */
  static List<SystemStatus.CalendarStatus> check(TradingCalendars calendars, Instant now, Duration notice) {
    List<SystemStatus.CalendarStatus> statuses = new ArrayList<>();
    for (Market market : Market.values()) {
      statuses.add(check(calendars.calendar(market), now, notice));
    }
    return statuses;
  }

  private static SystemStatus.CalendarStatus check(TradingCalendar calendar, Instant now, Duration notice) {
    Market market = calendar.market();
    LocalDate today = LocalDate.ofInstant(now, calendar.zone());
    LocalDate through = calendar.validThrough();
    long daysLeft = ChronoUnit.DAYS.between(today, through);
    LocalDate uncovered = MarketExpiryPolicy.uncoveredDate(calendar, now);
    if (uncovered != null) {
      return new SystemStatus.CalendarStatus(market, through, daysLeft, false, "the " + market.code()
          + " trading calendar covers " + calendar.validFrom() + " to " + through + " but the market's "
          + (uncovered.equals(today) ? "date today is " : "next session is on ") + uncovered + " ("
          + calendar.zone() + "): market-aware expiry of " + market.code() + " data uses the flat TTL table."
          + " Add a calendar file with the exchange's newer holidays to "
          + MarketExpirySettings.CALENDAR_FILES + ", or upgrade tradingagents-cache (docs/freshness.md)");
    }
    if (daysLeft <= notice.toDays() && !notice.isZero()) {
      String when = daysLeft == 0 ? "today, " + through + ": add"
          : through + ", in " + daysLeft + (daysLeft == 1 ? " day" : " days") + ": before then add";
      return new SystemStatus.CalendarStatus(market, through, daysLeft, true, "the " + market.code()
          + " trading calendar ends " + when + " the exchange's holidays for " + (through.getYear() + 1) + " to "
          + MarketExpirySettings.CALENDAR_FILES + ", or upgrade tradingagents-cache (docs/freshness.md)");
    }
    return new SystemStatus.CalendarStatus(market, through, daysLeft, true, null);
  }
}
