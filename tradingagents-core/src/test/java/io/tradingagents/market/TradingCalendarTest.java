package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.Market;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TradingCalendarTest {
  private static final TradingCalendar US = TradingCalendar.shipped(Market.US);
  private static final TradingCalendar CN = TradingCalendar.shipped(Market.CHINA_A);
  private static final TradingCalendar HK = TradingCalendar.shipped(Market.HONG_KONG);

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Nested
  class DaylightSaving {
    @Test
    void usOpen_movesAnHourEarlierInUtc_whenNewYorkSpringsForwardInMarch() {
      // DST starts Sunday 2026-03-08: 09:30 EST is 14:30Z on Friday, 09:30 EDT is 13:30Z on Monday.
      assertThat(Objects.requireNonNull(US.sessionOn(LocalDate.of(2026, 3, 6))).open())
          .isEqualTo(at("2026-03-06T14:30:00Z"));
      assertThat(US.nextOpen(at("2026-03-06T21:00:00Z"))).isEqualTo(at("2026-03-09T13:30:00Z"));
      assertThat(US.isOpen(at("2026-03-09T13:30:00Z"))).isTrue();
      assertThat(US.isOpen(at("2026-03-09T13:29:59Z"))).isFalse();
    }

    @Test
    void usClose_movesAnHourLaterInUtc_whenNewYorkFallsBackInNovember() {
      // DST ends Sunday 2026-11-01: 16:00 EDT is 20:00Z on Friday, 16:00 EST is 21:00Z on Monday.
      assertThat(US.nextClose(at("2026-10-30T15:00:00Z"))).isEqualTo(at("2026-10-30T20:00:00Z"));
      assertThat(US.nextClose(at("2026-10-30T20:00:00Z"))).isEqualTo(at("2026-11-02T21:00:00Z"));
      assertThat(US.isOpen(at("2026-11-02T20:30:00Z"))).isTrue();
      assertThat(US.nextOpen(at("2026-10-31T12:00:00Z"))).isEqualTo(at("2026-11-02T14:30:00Z"));
    }
  }

  @Test
  void shanghaiLunchBreak_isClosed_andTradingResumesAt13() {
    // 2026-03-03 is a Tuesday; Shanghai is UTC+8 all year.
    assertThat(CN.isOpen(at("2026-03-03T03:29:59Z"))).isTrue();   // 11:29:59
    assertThat(CN.isOpen(at("2026-03-03T03:30:00Z"))).isFalse();  // 11:30, break
    assertThat(CN.isOpen(at("2026-03-03T04:59:59Z"))).isFalse();
    assertThat(CN.isOpen(at("2026-03-03T05:00:00Z"))).isTrue();   // 13:00
    assertThat(CN.nextTradingStart(at("2026-03-03T04:00:00Z"))).isEqualTo(at("2026-03-03T05:00:00Z"));
    assertThat(CN.nextOpen(at("2026-03-03T04:00:00Z"))).isEqualTo(at("2026-03-04T01:30:00Z"));
    assertThat(CN.nextClose(at("2026-03-03T04:00:00Z"))).isEqualTo(at("2026-03-03T07:00:00Z"));
  }

  @Test
  void hongKongHalfDay_hasNoAfternoonSession() {
    TradingSession eve = Objects.requireNonNull(HK.sessionOn(LocalDate.of(2026, 12, 24)));

    assertThat(eve.open()).isEqualTo(at("2026-12-24T01:30:00Z"));   // 09:30 HKT
    assertThat(eve.close()).isEqualTo(at("2026-12-24T04:00:00Z"));  // 12:00 HKT
    assertThat(eve.breakStart()).isNull();
    assertThat(HK.isOpen(at("2026-12-24T05:30:00Z"))).isFalse();    // 13:30 HKT
    // Christmas Day is closed and the 26th is a Saturday: next open is Monday the 28th.
    assertThat(HK.nextOpen(at("2026-12-24T04:00:00Z"))).isEqualTo(at("2026-12-28T01:30:00Z"));
    assertThat(HK.nextTradingStart(at("2026-12-24T04:30:00Z"))).isEqualTo(at("2026-12-28T01:30:00Z"));
  }

  @Test
  void hongKongRegularDay_hasItsLunchBreak() {
    TradingSession day = Objects.requireNonNull(HK.sessionOn(LocalDate.of(2026, 12, 23)));
    assertThat(day.breakStart()).isEqualTo(at("2026-12-23T04:00:00Z"));
    assertThat(day.breakEnd()).isEqualTo(at("2026-12-23T05:00:00Z"));
    assertThat(HK.isOpen(at("2026-12-23T04:30:00Z"))).isFalse();
    assertThat(HK.isOpen(at("2026-12-23T07:59:59Z"))).isTrue();
  }

  @Test
  void usEarlyClose_endsTheSessionAt13NewYorkTime() {
    // 2026-11-27, the day after Thanksgiving: 13:00 EST is 18:00Z.
    assertThat(US.nextClose(at("2026-11-27T15:00:00Z"))).isEqualTo(at("2026-11-27T18:00:00Z"));
    assertThat(US.isOpen(at("2026-11-27T17:59:59Z"))).isTrue();
    assertThat(US.isOpen(at("2026-11-27T18:00:00Z"))).isFalse();
  }

  @Test
  void holidays_closeEachMarket_withTheirReason() {
    assertThat(US.isSession(LocalDate.of(2026, 7, 3))).isFalse();
    assertThat(US.closureReason(LocalDate.of(2026, 7, 3))).isEqualTo("Independence Day observed");
    assertThat(CN.isSession(LocalDate.of(2026, 10, 5))).isFalse();
    assertThat(CN.closureReason(LocalDate.of(2026, 10, 5))).contains("National Day");
    assertThat(HK.isSession(LocalDate.of(2026, 4, 7))).isFalse();
    assertThat(HK.closureReason(LocalDate.of(2026, 4, 7))).isEqualTo("The day following Easter Monday");
    assertThat(US.closureReason(LocalDate.of(2026, 7, 6))).isNull();
  }

  @Test
  void weekend_hasNoSession_andTheNextSessionIsMonday() {
    LocalDate saturday = LocalDate.of(2026, 3, 7);
    assertThat(US.sessionOn(saturday)).isNull();
    assertThat(US.closureReason(saturday)).isEqualTo("weekend");
    assertThat(US.nextSession(saturday).date()).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(US.previousSession(saturday).date()).isEqualTo(LocalDate.of(2026, 3, 6));
  }

  @Test
  void chineseMakeUpWorkingDay_isNotATradingDay() {
    // Saturday 2026-02-14 is a working day in China (Spring Festival make-up) but the exchanges are closed.
    LocalDate makeUp = LocalDate.of(2026, 2, 14);
    assertThat(CN.data().makeupDays()).contains(makeUp);
    assertThat(CN.isSession(makeUp)).isFalse();
    assertThat(CN.closureReason(makeUp)).contains("make-up");
    assertThat(CN.nextSession(LocalDate.of(2026, 2, 13)).date()).isEqualTo(LocalDate.of(2026, 2, 24));
    assertThat(CN.previousSession(LocalDate.of(2026, 2, 24)).date()).isEqualTo(LocalDate.of(2026, 2, 13));
  }

  @Test
  void adHocClosureAndEarlyClose_addedAtRunTime_changeTheCalendar() {
    TradingCalendars calendars = TradingCalendars.shipped();
    LocalDate typhoon = LocalDate.of(2026, 9, 16);

    calendars.closeAdHoc(Market.HONG_KONG, typhoon, "Typhoon Signal No. 8");
    calendars.closeEarly(Market.US, LocalDate.of(2026, 7, 2), LocalTime.of(13, 0));

    assertThat(calendars.calendar(Market.HONG_KONG).isSession(typhoon)).isFalse();
    assertThat(calendars.calendar(Market.HONG_KONG).closureReason(typhoon)).isEqualTo("Typhoon Signal No. 8");
    assertThat(calendars.calendar(Market.US).nextClose(at("2026-07-02T14:00:00Z")))
        .isEqualTo(at("2026-07-02T17:00:00Z"));
    assertThat(HK.isSession(typhoon)).as("the shipped calendar itself is unchanged").isTrue();
  }

  @Test
  void addedFile_extendsValidThrough_andAddsItsHolidays() {
    TradingCalendars calendars = TradingCalendars.shipped();
    calendars.add(CalendarFile.parse("cn-2027.calendar", new StringReader("""
        market cn
        zone Asia/Shanghai
        source test data: not the exchange's list
        validFrom 2027-01-01
        validThrough 2027-12-31
        hours 2000-01-01 09:30 11:30 13:00 15:00
        closed 2027-01-01 New Year's Day
        """)));

    TradingCalendar cn = calendars.calendar(Market.CHINA_A);
    assertThat(cn.validThrough()).isEqualTo(LocalDate.of(2027, 12, 31));
    assertThat(cn.isSession(LocalDate.of(2027, 1, 1))).isFalse();
    assertThat(cn.isSession(LocalDate.of(2026, 2, 16))).as("shipped dates are kept").isFalse();
  }

  @Test
  void contradictingFile_isRejected_andTheCalendarIsUnchanged() {
    TradingCalendars calendars = TradingCalendars.shipped();
    TradingCalendar before = calendars.calendar(Market.US);
    CalendarFile contradicting = CalendarFile.parse("us-fix.calendar", new StringReader("""
        market us
        zone America/New_York
        source test data
        validFrom 2026-01-01
        validThrough 2029-12-31
        hours 1985-01-01 09:30 16:00
        early 2026-07-03 13:00 Independence Day observed is a full closure in the shipped file
        """));

    assertThatThrownBy(() -> calendars.add(contradicting)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-07-03");
    assertThat(calendars.calendar(Market.US)).isSameAs(before);
    assertThat(calendars.calendar(Market.US).validThrough()).isEqualTo(LocalDate.of(2028, 12, 31));
  }

  @Test
  void earlyCloseBeforeTheOpen_isRejected() {
    assertThatThrownBy(() -> US.withEarlyClose(LocalDate.of(2026, 7, 2), LocalTime.of(9, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("09:00")
        .hasMessageContaining("withClosure");
  }
}
