package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.Market;
import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CalendarFileTest {
  private static final String HEADER = """
      market us
      zone America/New_York
      source test
      validFrom 2030-01-01
      validThrough 2030-12-31
      hours 2000-01-01 09:30 16:00
      """;

  private static CalendarFile parse(String text) {
    return CalendarFile.parse("test.calendar", new StringReader(text));
  }

  @Test
  void shippedFiles_nameTheirSourceAndZone() {
    for (Market market : Market.values()) {
      CalendarFile file = CalendarFile.shipped(market);
      assertThat(file.market()).isEqualTo(market);
      assertThat(file.sources()).isNotEmpty();
      assertThat(file.zone().getId()).contains("/");
    }
  }

  @Test
  void commentsAndBlankLines_areIgnored() {
    CalendarFile file = parse(HEADER + "\n# a comment\nclosed 2030-01-01 New Year # trailing\n");
    assertThat(file.closed()).containsEntry(LocalDate.of(2030, 1, 1), "New Year");
  }

  @Test
  void unknownDirective_namesTheLineAndWhatIsAccepted() {
    assertThatThrownBy(() -> parse(HEADER + "holiday 2030-01-01\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.calendar line 7")
        .hasMessageContaining("'holiday'").hasMessageContaining("closed, early, late");
  }

  @Test
  void badDate_namesTheValueAndTheFormat() {
    assertThatThrownBy(() -> parse(HEADER + "closed 2030-02-30 Nope\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2030-02-30'")
        .hasMessageContaining("yyyy-MM-dd");
  }

  @Test
  void closureOnAWeekend_isRejectedAsATypo() {
    assertThatThrownBy(() -> parse(HEADER + "closed 2030-01-05 Saturday\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SATURDAY");
  }

  @Test
  void dateOutsideTheValidityRange_isRejected() {
    assertThatThrownBy(() -> parse(HEADER + "closed 2031-01-01 Next year\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside validFrom");
  }

  @Test
  void fixedOffsetZone_isRejected() {
    assertThatThrownBy(() -> parse(HEADER.replace("America/New_York", "-05:00")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fixed offset");
  }

  @Test
  void missingSource_isRejected() {
    assertThatThrownBy(() -> parse(HEADER.replace("source test\n", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
  }

  @Test
  void closedAndEarlyOnOneDate_isRejected() {
    assertThatThrownBy(() -> parse(HEADER + "closed 2030-01-02 X\nearly 2030-01-02 13:00\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2030-01-02");
  }

  @Test
  void earlyCloseAfterTheRegularClose_isRejected() {
    assertThatThrownBy(() -> parse(HEADER + "early 2030-01-02 17:00 Typo\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 7")
        .hasMessageContaining("17:00").hasMessageContaining("16:00");
  }

  @Test
  void makeUpDayThatIsAWeekday_isRejected() {
    assertThatThrownBy(() -> parse(HEADER + "makeup 2030-01-02\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("makeup day 2030-01-02");
  }

  @Test
  void mergingAnotherMarketsFile_isRejected() {
    CalendarFile us = parse(HEADER);
    assertThatThrownBy(() -> us.merge(CalendarFile.shipped(Market.HONG_KONG)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own market");
  }

  @Test
  void lateOpen_startsTheSessionLater() {
    TradingCalendar calendar = TradingCalendar.of(parse(HEADER + "late 2030-01-02 11:00 System upgrade\n"));
    assertThat(java.time.ZonedDateTime.ofInstant(calendar.sessionOn(LocalDate.of(2030, 1, 2)).open(),
        calendar.zone()).toLocalTime()).isEqualTo(java.time.LocalTime.of(11, 0));
  }
}
