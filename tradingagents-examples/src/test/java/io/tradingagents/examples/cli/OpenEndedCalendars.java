package io.tradingagents.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Calendar files that extend every shipped trading calendar to 2099 (with no holidays), for tests that run
 * the CLI or the service as a process on the real clock: with them, the status check's verdict does not
 * change when a shipped calendar runs out (CN and HK end 2026-12-31, the US 2028-12-31). Test data only,
 * never a calendar to ship.
 */
final class OpenEndedCalendars {
  private static final String[][] MARKETS = {
      {"us", "America/New_York", "2029-01-01", "hours 1985-01-01 09:30 16:00"},
      {"cn", "Asia/Shanghai", "2027-01-01", "hours 2000-01-01 09:30 11:30 13:00 15:00"},
      {"hk", "Asia/Hong_Kong", "2027-01-01", "hours 2012-03-05 09:30 12:00 13:00 16:00"}};

  private OpenEndedCalendars() {}

  /**
   * @param dir where to write the files
   * @return the value for {@code TA_CACHE_MARKET_CALENDAR_FILES}
   * @throws IOException if a file cannot be written
   */
  static String write(Path dir) throws IOException {
    StringBuilder setting = new StringBuilder();
    for (String[] m : MARKETS) {
      Path file = Files.writeString(dir.resolve("open-ended-" + m[0] + ".calendar"), String.join("\n",
          "market " + m[0], "zone " + m[1], "source test data: no holidays, so that tests do not depend on the date",
          "validFrom " + m[2], "validThrough 2099-12-31", m[3], ""));
      setting.append(setting.isEmpty() ? "" : ",").append(file);
    }
    return setting.toString();
  }
}
