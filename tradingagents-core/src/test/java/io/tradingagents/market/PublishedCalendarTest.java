package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingagents.cache.Market;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks every year shipped in each market's calendar file against the exchange's published list, kept
 * independently in {@code src/test/resources/io/tradingagents/market/published-<market>.txt} (each file
 * names its sources): the number of trading sessions, every weekday closure and every early close.
 */
class PublishedCalendarTest {

  private record PublishedYear(int year, int sessions, List<LocalDate> closures, List<LocalDate> earlyCloses) {}

  private static List<PublishedYear> published(Market market) throws IOException {
    List<PublishedYear> years = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(PublishedCalendarTest.class.getResourceAsStream(
        "published-" + market.code() + ".txt"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\|", -1);
        years.add(new PublishedYear(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
            dates(parts[2]), dates(parts[3])));
      }
    }
    return years;
  }

  private static List<LocalDate> dates(String text) {
    return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).map(LocalDate::parse).toList();
  }

  @ParameterizedTest
  @EnumSource(Market.class)
  void everyShippedYear_hasThePublishedList(Market market) throws IOException {
    TradingCalendar calendar = TradingCalendar.shipped(market);
    List<Integer> shipped = IntStream.rangeClosed(calendar.validFrom().getYear(),
        calendar.validThrough().getYear()).boxed().toList();

    assertThat(published(market)).extracting(PublishedYear::year).containsExactlyElementsOf(shipped);
    assertThat(calendar.validFrom()).isEqualTo(LocalDate.of(shipped.get(0), 1, 1));
    assertThat(calendar.validThrough()).isEqualTo(LocalDate.of(shipped.get(shipped.size() - 1), 12, 31));
  }

  @ParameterizedTest
  @EnumSource(Market.class)
  void sessionsPerYear_andEveryClosure_matchThePublishedList(Market market) throws IOException {
    TradingCalendar calendar = TradingCalendar.shipped(market);
    for (PublishedYear year : published(market)) {
      LocalDate first = LocalDate.of(year.year(), 1, 1);
      LocalDate last = LocalDate.of(year.year(), 12, 31);

      assertThat(calendar.sessions(first, last)).as("%s sessions in %s", market, year.year())
          .hasSize(year.sessions());
      assertThat(calendar.closures(first, last).keySet()).as("%s closures in %s", market, year.year())
          .containsExactlyElementsOf(new TreeSet<>(year.closures()));
      year.closures().forEach(date -> assertThat(calendar.isSession(date)).as("%s %s", market, date).isFalse());
      assertThat(calendar.data().earlyCloses().subMap(first, true, last, true).keySet())
          .as("%s early closes in %s", market, year.year())
          .containsExactlyElementsOf(new TreeSet<>(year.earlyCloses()));
    }
  }

  @ParameterizedTest
  @EnumSource(Market.class)
  void earlyCloses_endTheSessionAtTheirLocalTime_withoutAnAfternoon(Market market) throws IOException {
    TradingCalendar calendar = TradingCalendar.shipped(market);
    LocalTime expected = market == Market.US ? LocalTime.of(13, 0) : LocalTime.NOON;
    for (PublishedYear year : published(market)) {
      for (LocalDate date : year.earlyCloses()) {
        TradingSession session = Objects.requireNonNull(calendar.sessionOn(date));
        assertThat(ZonedDateTime.ofInstant(session.close(), calendar.zone()).toLocalTime()).isEqualTo(expected);
        assertThat(session.breakStart()).as("half day %s has no break", date).isNull();
      }
    }
  }
}
