package io.tradingagents.examples.tradingweek;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.Market;
import io.tradingagents.market.TradingCalendar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trading-week example: the relations its figures must satisfy, exactly, and that it prints what it
 * computed. The week is fixed (2026-06-15 to 2026-06-22) and covered by the shipped calendars, so the test
 * does not depend on today's date.
 */
class TradingWeekTest {
  private static List<WeekResult> results;
  private static WeekResult flat;
  private static WeekResult market;
  private static WeekResult refresh;

  @BeforeAll
  static void runTheWeek() {
    results = TradingWeek.run();
    flat = results.get(0);
    market = results.get(1);
    refresh = results.get(2);
  }

  @Test
  void countsAreExactAndAddUp() {
    // a round every 10 minutes for 7 days, 8 symbols, a quote and the daily bars each
    long reads = 7 * 24 * 6 * 8 * 2;
    for (WeekResult r : results) {
      assertThat(r.reads()).as(r.policy()).isEqualTo(reads);
      assertThat(r.hits() + r.readerCalls()).as(r.policy()).isEqualTo(r.reads());
      assertThat(r.callsInSession() + r.callsWeekdayClosed() + r.callsClosedDay()).as(r.policy())
          .isEqualTo(r.upstreamCalls());
      assertThat(r.cacheStaleServed()).as(r.policy()).isZero();
      assertThat(r.staleServed()).as(r.policy()).isBetween(0L, r.reads() / 2);
    }
    assertThat(flat.refreshCalls()).isZero();
    assertThat(market.refreshCalls()).isZero();
  }

  @Test
  void refreshAhead_reloadsInTheBackground_soFewerReadersWait_andStillCallsLessOutsideSessions() {
    assertThat(refresh.refreshCalls()).isPositive();
    assertThat(refresh.readerCalls()).isLessThan(market.readerCalls());
    assertThat(refresh.hitRate()).isGreaterThan(market.hitRate());
    assertThat(refresh.callsOutsideSessions()).isLessThan(flat.callsOutsideSessions());
    // a reloaded quote is at most an intraday TTL (5 min) old when read
    assertThat(refresh.worstStaleness()).isLessThanOrEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void marketAware_callsTheUpstreamLessOvernightAndAtTheWeekend_thanTheFlatTable() {
    assertThat(market.callsWeekdayClosed()).isLessThan(flat.callsWeekdayClosed());
    assertThat(market.callsClosedDay()).isLessThan(flat.callsClosedDay());
    assertThat(market.upstreamCalls()).isLessThan(flat.upstreamCalls());
    assertThat(market.hitRate()).isGreaterThan(flat.hitRate());
  }

  @Test
  void marketAware_servesFewerStaleQuotes_andNoneOlderThanTheOpenMarginPlusJitter() {
    assertThat(market.staleServed()).isLessThan(flat.staleServed());
    assertThat(market.worstStaleness()).isLessThanOrEqualTo(Duration.ofMinutes(6));
    // the flat table's 2 h (US) keeps a quote fetched before the open well into the session
    assertThat(flat.worstStaleness()).isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void closedDays_areTheWeekendAndTheFridayHoliday_onBothMarkets() {
    // 2026-06-19 is Juneteenth in New York and the Dragon Boat Festival in Shanghai
    TradingCalendar us = io.tradingagents.market.TradingCalendars.shipped().calendar(Market.US);
    assertThat(us.sessionOnDateOf(Instant.parse("2026-06-19T15:00:00Z"))).isNull();
    // under the flat table every round on a closed day refetches each expired entry: US every 2 h, CN every
    // hour, a quote and the bars each, over Friday, Saturday and Sunday in each market's zone
    assertThat(flat.callsClosedDay()).isGreaterThan(3 * 24 * 4 * 2);
    assertThat(market.callsClosedDay()).isLessThan(flat.callsClosedDay() / 10);
  }

  @Test
  void tradingTime_excludesTheLunchBreakAndTheNight() {
    TradingCalendar cn = io.tradingagents.market.TradingCalendars.shipped().calendar(Market.CHINA_A);
    // 11:00 to 13:30 Shanghai on Monday 2026-06-15: 30 minutes before the break, 30 after
    assertThat(TradingWeekSimulation.tradingTimeBetween(cn, Instant.parse("2026-06-15T03:00:00Z"),
        Instant.parse("2026-06-15T05:30:00Z"))).isEqualTo(Duration.ofMinutes(60));
    // from Monday's close to Tuesday 09:40: 10 minutes
    assertThat(TradingWeekSimulation.tradingTimeBetween(cn, Instant.parse("2026-06-15T07:00:00Z"),
        Instant.parse("2026-06-16T01:40:00Z"))).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void printsTheComputedFigures() {
    StringWriter text = new StringWriter();
    TradingWeek.print(results, new PrintWriter(text, true));

    for (WeekResult r : results) {
      assertThat(text.toString()).containsPattern(java.util.regex.Pattern.quote(r.policy()) + " +" + r.reads()
          + " +[0-9.]+% +" + r.upstreamCalls() + " +" + r.refreshCalls() + " +" + r.callsInSession() + " +" + r.callsWeekdayClosed() + " +"
          + r.callsClosedDay() + " +" + r.staleServed() + " +" + r.worstStaleness().toMinutes() + " min");
    }
  }
}
