package io.tradingagents.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.Market;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MarketExpiryPolicyTest {
  private static final TradingCalendars CALENDARS = TradingCalendars.shipped();
  /** No jitter: expiry instants are exact. */
  private static final MarketExpiryPolicy POLICY = MarketExpiryPolicy.builder().calendars(CALENDARS)
      .openJitter(Duration.ZERO).build();

  private static final CacheKey AAPL_QUOTE = CacheKey.of(DataKind.STOCK_DATA, "AAPL");
  private static final CacheKey MOUTAI_QUOTE = CacheKey.of(DataKind.STOCK_DATA, "600519");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static CacheKey bars(String symbol, LocalDate from, LocalDate to) {
    return CacheKey.builder(DataKind.STOCK_DATA, symbol).dateRange(from, to).build();
  }

  @Test
  void aPolicyKeepingItsMarketWindows_answersAsAFreshPolicyAtEveryInstant_inAnyOrder() {
    // Every 5 minutes through weeks with a DST change (US March, November), the Shanghai lunch break, HK
    // holidays and half days, the end of the shipped CN/HK calendars; forwards, then shuffled (clock moving
    // backwards), so that each cached window is checked against its boundaries from both sides.
    List<CacheKey> keys = List.of(AAPL_QUOTE, MOUTAI_QUOTE, CacheKey.of(DataKind.STOCK_DATA, "0700.HK"),
        bars("AAPL", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9)),
        bars("600519", LocalDate.of(2026, 9, 28), LocalDate.of(2026, 10, 9)),
        bars("0700.HK", LocalDate.of(2026, 12, 20), LocalDate.of(2026, 12, 24)));
    List<Instant> instants = new java.util.ArrayList<>();
    for (String start : List.of("2026-03-05T00:00:00Z", "2026-09-28T00:00:00Z", "2026-10-30T00:00:00Z",
        "2026-12-22T00:00:00Z")) {
      for (Instant t = at(start); t.isBefore(at(start).plus(Duration.ofDays(12))); t = t.plusSeconds(300)) {
        instants.add(t);
      }
    }
    List<Instant> shuffled = new java.util.ArrayList<>(instants);
    java.util.Collections.shuffle(shuffled, new Random(42));
    MarketExpiryPolicy kept = MarketExpiryPolicy.builder().calendars(CALENDARS).openJitter(Duration.ZERO).build();
    int compared = 0;
    for (List<Instant> order : List.of(instants, shuffled)) {
      for (Instant now : order) {
        for (CacheKey key : keys) {
          MarketExpiryPolicy fresh = MarketExpiryPolicy.builder().calendars(CALENDARS)
              .openJitter(Duration.ZERO).build();
          assertThat(kept.expiresAt(key, now)).as("%s at %s", key, now).isEqualTo(fresh.expiresAt(key, now));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(2 * instants.size() * keys.size());
  }

  @Test
  void quoteWrittenFridayAfterTheClose_expiresAtMondaysOpenPlusMargin() {
    // Friday 2026-03-06 17:00 EST; Monday 2026-03-09 opens 09:30 EDT = 13:30Z (DST began on Sunday).
    assertThat(POLICY.expiresAt(AAPL_QUOTE, at("2026-03-06T22:00:00Z")))
        .isEqualTo(at("2026-03-09T13:31:00Z"));
  }

  @Test
  void quoteWrittenDuringASession_getsTheIntradayTtl() {
    Instant now = at("2026-03-09T15:00:00Z");
    assertThat(POLICY.expiresAt(AAPL_QUOTE, now)).isEqualTo(now.plus(Duration.ofMinutes(5)));
  }

  @Test
  void completedTradingDaysBars_areImmutableForThirtyDays() {
    Instant now = at("2026-03-09T15:00:00Z"); // Monday, in session
    CacheKey throughFriday = bars("AAPL", LocalDate.of(2026, 1, 2), LocalDate.of(2026, 3, 6));
    assertThat(POLICY.expiresAt(throughFriday, now)).isEqualTo(now.plus(Duration.ofDays(30)));
  }

  @Test
  void barsEndingToday_areLiveDuringTheSession_andCompleteAfterTheClose() {
    CacheKey throughMonday = bars("AAPL", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9));
    Instant during = at("2026-03-09T15:00:00Z");
    Instant after = at("2026-03-09T21:00:00Z"); // 17:00 EDT

    assertThat(POLICY.expiresAt(throughMonday, during)).isEqualTo(during.plus(Duration.ofMinutes(5)));
    assertThat(POLICY.expiresAt(throughMonday, after)).isEqualTo(after.plus(Duration.ofDays(30)));
  }

  @Test
  void barsReachingIntoTheFuture_expireAtTheNextOpen() {
    CacheKey throughMonth = bars("AAPL", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
    assertThat(POLICY.expiresAt(throughMonth, at("2026-03-07T12:00:00Z")))
        .isEqualTo(at("2026-03-09T13:31:00Z"));
  }

  @Test
  void writtenInTheShanghaiLunchBreak_expiresWhenTheAfternoonOpens() {
    assertThat(POLICY.expiresAt(MOUTAI_QUOTE, at("2026-03-03T04:00:00Z")))
        .isEqualTo(at("2026-03-03T05:01:00Z"));
  }

  @Test
  void writtenBeforeAHoliday_expiresAfterTheHoliday() {
    // Thursday 2026-04-02 after the HK close; Good Friday, the weekend, then Easter-week closures on
    // Monday 6th and Tuesday 7th: trading resumes Wednesday 2026-04-08 09:30 HKT.
    CacheKey tencent = CacheKey.of(DataKind.STOCK_DATA, "0700.HK");
    assertThat(POLICY.expiresAt(tencent, at("2026-04-02T09:00:00Z"))).isEqualTo(at("2026-04-08T01:31:00Z"));
  }

  @Test
  void jitter_spreadsExpiriesBetweenTheMarginAndMarginPlusJitter() {
    MarketExpiryPolicy jittered = MarketExpiryPolicy.builder().calendars(CALENDARS)
        .random(new Random(42)).build();
    Instant open = at("2026-03-09T13:30:00Z");
    Set<Instant> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Instant expiry = jittered.expiresAt(AAPL_QUOTE, at("2026-03-06T22:00:00Z"));
      assertThat(expiry).isBetween(open.plus(Duration.ofMinutes(1)), open.plus(Duration.ofMinutes(6)));
      seen.add(expiry);
    }
    assertThat(seen).as("distinct expiry instants").hasSizeGreaterThan(150);
  }

  @Test
  void pastValidThrough_fallsBackToTheFlatTable_andWarnsOncePerMarket() {
    Logger logger = (Logger) LoggerFactory.getLogger(MarketExpiryPolicy.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      MarketExpiryPolicy policy = MarketExpiryPolicy.builder().calendars(CALENDARS).build();
      // The shipped China calendar ends 2026-12-31.
      assertThat(policy.expiresAt(MOUTAI_QUOTE, at("2027-01-05T02:00:00Z"))).isNull();
      assertThat(policy.expiresAt(MOUTAI_QUOTE, at("2027-01-06T02:00:00Z"))).isNull();
      // After the last 2026 close, the next session would be in 2027: unknown too.
      assertThat(policy.expiresAt(MOUTAI_QUOTE, at("2026-12-31T08:00:00Z"))).isNull();
      assertThat(policy.expiresAt(AAPL_QUOTE, at("2027-01-05T15:00:00Z"))).isNotNull();

      List<ILoggingEvent> warnings = appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getFormattedMessage()).contains("cn").contains("2026-12-31")
          .contains("flat TTL");
      assertThat(policy.marketsPastValidity()).containsExactly(Market.CHINA_A);
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void addingNextYearsFile_endsTheFallback() {
    TradingCalendars calendars = TradingCalendars.shipped();
    calendars.add(CalendarFile.parse("hk-2027", new java.io.StringReader("""
        market hk
        zone Asia/Hong_Kong
        source test data, not the exchange's list
        validFrom 2027-01-01
        validThrough 2027-12-31
        hours 2012-03-05 09:30 12:00 13:00 16:00
        closed 2027-01-01 The first day of January
        """)));
    MarketExpiryPolicy policy = MarketExpiryPolicy.builder().calendars(calendars).openJitter(Duration.ZERO)
        .build();
    assertThat(policy.expiresAt(CacheKey.of(DataKind.STOCK_DATA, "00700"), at("2026-12-31T05:00:00Z")))
        .isEqualTo(at("2027-01-04T01:31:00Z"));
  }

  @Test
  void builder_rejectsOutOfRangeValues_sayingTheRange() {
    assertThatThrownBy(() -> MarketExpiryPolicy.builder().intradayTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intradayTtl")
        .hasMessageContaining("PT0S").hasMessageContaining("PT1S");
    assertThatThrownBy(() -> MarketExpiryPolicy.builder().openJitter(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openJitter");
  }
}
