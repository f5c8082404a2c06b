package io.tradingagents.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.Market;
import io.tradingagents.cache.testing.MutableClock;
import io.tradingagents.market.CalendarFile;
import io.tradingagents.market.TradingCalendars;
import io.tradingagents.monitoring.SystemStatus.CalendarStatus;
import io.tradingagents.monitoring.SystemStatus.Verdict;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trading-calendar part of {@link SystemStatusCheck}, with fixed clocks: the shipped CN and HK calendars
 * end 2026-12-31 and the US one 2028-12-31, and these tests give the same answer on any day they run.
 */
class SystemStatusCalendarTest {
  /** A Monday: every shipped calendar still covers it, none ends within 30 days. */
  private static final Instant MID_2026 = Instant.parse("2026-06-01T02:00:00Z");
  /** 10:00 in Shanghai and Hong Kong on Wednesday 2026-12-02: CN and HK end in 29 days. */
  private static final Instant DECEMBER_2026 = Instant.parse("2026-12-02T02:00:00Z");
  /** Monday 2027-01-04, 10:00 in Shanghai: CN and HK are past their last date, the US is not. */
  private static final Instant JANUARY_2027 = Instant.parse("2027-01-04T02:00:00Z");

  private final MutableClock clock = new MutableClock(MID_2026);
  private final AdaptiveCache cache = AdaptiveCache.builder().environment(Map.of()).discoverTiers(false)
      .clock(clock).build();

  @TempDir Path dir;

  @AfterEach
  void close() {
    cache.close();
  }

  private SystemStatus run(Instant now, Map<String, String> environment) {
    return SystemStatusCheck.builder(cache).clock(java.time.Clock.fixed(now, ZoneOffset.UTC))
        .environment(environment).apiKeys(java.util.List.of()).build().run();
  }

  private static CalendarStatus of(SystemStatus status, Market market) {
    return status.calendars().stream().filter(c -> c.market() == market).findFirst().orElseThrow();
  }

  @Test
  void beforeValidThrough_isOk_withEveryCalendarValidAndNoNote() {
    SystemStatus status = run(MID_2026, Map.of());

    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(status.reasons()).isEmpty();
    assertThat(status.calendars()).extracting(CalendarStatus::market)
        .containsExactly(Market.US, Market.CHINA_A, Market.HONG_KONG);
    assertThat(status.calendars()).allSatisfy(c -> {
      assertThat(c.valid()).isTrue();
      assertThat(c.note()).isNull();
    });
    assertThat(of(status, Market.CHINA_A).validThrough()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(of(status, Market.CHINA_A).daysLeft()).isEqualTo(213);
    assertThat(of(status, Market.US).validThrough()).isEqualTo(LocalDate.of(2028, 12, 31));
  }

  @Test
  void endingWithinTheNotice_isStillOk_withANoteSayingWhatToDo() {
    SystemStatus status = run(DECEMBER_2026, Map.of());

    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(status.reasons()).isEmpty();
    assertThat(of(status, Market.CHINA_A).daysLeft()).isEqualTo(29);
    assertThat(of(status, Market.CHINA_A).note()).isEqualTo("the cn trading calendar ends 2026-12-31, in 29"
        + " days: before then add the exchange's holidays for 2027 to TA_CACHE_MARKET_CALENDAR_FILES, or"
        + " upgrade tradingagents-cache (docs/freshness.md)");
    assertThat(of(status, Market.HONG_KONG).note()).startsWith("the hk trading calendar ends 2026-12-31, in 29 days");
    assertThat(of(status, Market.US).note()).isNull();
  }

  @Test
  void lastDayBeforeTheClose_isStillOk_withANoteSayingToday() {
    // 09:00 in Shanghai on Thursday 2026-12-31, the last date the shipped file knows
    SystemStatus status = run(Instant.parse("2026-12-31T01:00:00Z"), Map.of());

    assertThat(of(status, Market.CHINA_A).valid()).isTrue();
    assertThat(of(status, Market.CHINA_A).note()).startsWith("the cn trading calendar ends today, 2026-12-31: add"
        + " the exchange's holidays for 2027 to TA_CACHE_MARKET_CALENDAR_FILES");
  }

  @Test
  void noticeOfZero_addsNoNote() {
    SystemStatus status = SystemStatusCheck.builder(cache).clock(java.time.Clock.fixed(DECEMBER_2026, ZoneOffset.UTC))
        .environment(Map.of()).apiKeys(java.util.List.of()).calendarNotice(Duration.ZERO).build().run();

    assertThat(status.calendars()).allSatisfy(c -> assertThat(c.note()).isNull());
  }

  @Test
  void pastValidThrough_isWarning_neverCritical_namingTheMarketTheDateAndTheFix() {
    SystemStatus status = run(JANUARY_2027, Map.of());

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.reasons()).containsExactly(
        "the cn trading calendar covers 2024-01-01 to 2026-12-31 but the market's date today is 2027-01-04"
            + " (Asia/Shanghai): market-aware expiry of cn data uses the flat TTL table. Add a calendar file"
            + " with the exchange's newer holidays to TA_CACHE_MARKET_CALENDAR_FILES, or upgrade"
            + " tradingagents-cache (docs/freshness.md)",
        of(status, Market.HONG_KONG).note());
    assertThat(of(status, Market.HONG_KONG).note()).startsWith("the hk trading calendar covers 2024-01-01 to 2026-12-31");
    assertThat(of(status, Market.CHINA_A).valid()).isFalse();
    assertThat(of(status, Market.CHINA_A).daysLeft()).isEqualTo(-4);
    assertThat(of(status, Market.US).valid()).isTrue();
  }

  @Test
  void lastDayAfterTheClose_isWarning_becauseTheNextSessionIsUnknown() {
    // 16:00 in Shanghai on Thursday 2026-12-31, after the last close the file knows
    SystemStatus status = run(Instant.parse("2026-12-31T08:00:00Z"), Map.of());

    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(of(status, Market.CHINA_A).valid()).isFalse();
    assertThat(of(status, Market.CHINA_A).note()).contains("but the market's next session is on 2027-01-01");
  }

  @Test
  void calendarFileNamedInTheEnvironment_extendsValidity_asItDoesForTheCache() throws Exception {
    Path file = Files.writeString(dir.resolve("xshg-2027.calendar"), """
        market cn
        zone Asia/Shanghai
        source test data: no holidays
        validFrom 2027-01-01
        validThrough 2027-12-31
        hours 2000-01-01 09:30 11:30 13:00 15:00
        """);

    SystemStatus status = run(JANUARY_2027, Map.of("TA_CACHE_MARKET_CALENDAR_FILES", file.toString()));

    assertThat(of(status, Market.CHINA_A).valid()).isTrue();
    assertThat(of(status, Market.CHINA_A).validThrough()).isEqualTo(LocalDate.of(2027, 12, 31));
    assertThat(status.verdict()).isEqualTo(Verdict.WARNING);
    assertThat(status.reasons()).singleElement().asString().startsWith("the hk trading calendar");
  }

  @Test
  void calendarsGivenInCode_areTheOnesChecked() {
    TradingCalendars calendars = TradingCalendars.shipped();
    for (String market : new String[] {"cn\nzone Asia/Shanghai", "hk\nzone Asia/Hong_Kong"}) {
      calendars.add(CalendarFile.parse("test", new StringReader("market " + market + "\nsource test\n"
          + "validFrom 2027-01-01\nvalidThrough 2027-12-31\nhours 2000-01-01 09:30 16:00\n")));
    }

    SystemStatus status = SystemStatusCheck.builder(cache).clock(java.time.Clock.fixed(JANUARY_2027, ZoneOffset.UTC))
        .environment(Map.of()).apiKeys(java.util.List.of()).calendars(calendars).build().run();

    assertThat(status.verdict()).isEqualTo(Verdict.OK);
    assertThat(status.calendars()).allSatisfy(c -> assertThat(c.valid()).isTrue());
  }

  @Test
  void marketExpiryTurnedOff_orCheckDisabled_checksNoCalendar() {
    assertThat(run(JANUARY_2027, Map.of("TA_CACHE_MARKET_EXPIRY", "none")).calendars()).isEmpty();
    assertThat(run(JANUARY_2027, Map.of("TA_CACHE_MARKET_EXPIRY", "none")).verdict()).isEqualTo(Verdict.OK);

    SystemStatus off = SystemStatusCheck.builder(cache).clock(java.time.Clock.fixed(JANUARY_2027, ZoneOffset.UTC))
        .environment(Map.of()).apiKeys(java.util.List.of()).calendarCheck(false).build().run();
    assertThat(off.calendars()).isEmpty();
    assertThat(off.verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  void unusableCalendarFile_failsTheBuild_namingTheSetting() {
    Map<String, String> environment = new HashMap<>();
    environment.put("TA_CACHE_MARKET_CALENDAR_FILES", dir.resolve("missing.calendar").toString());
    SystemStatusCheck.Builder builder = SystemStatusCheck.builder(cache).environment(environment);

    assertThatThrownBy(builder::build).isInstanceOf(CacheConfigurationException.class)
        .hasMessageStartingWith("TA_CACHE_MARKET_CALENDAR_FILES names '" + dir.resolve("missing.calendar") + "'");
  }

  @Test
  void calendarNotice_rejectsNegativeAndPartialDays_sayingWhatToUse() {
    SystemStatusCheck.Builder builder = SystemStatusCheck.builder(cache);

    assertThatThrownBy(() -> builder.calendarNotice(Duration.ofHours(36))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calendarNotice must be whole days between 0 and 366 but was PT36H; use e.g. Duration.ofDays(30)");
    assertThatThrownBy(() -> builder.calendarNotice(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
