package io.tradingagents.market;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.Market;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The parsed contents of one calendar data file: a market's time zone, hours, holidays, early closes and
 * late opens, the sources they were taken from, and the last date they are known for
 * ({@code validThrough}). The format is line-based text, one directive a line, {@code #} starting a
 * comment (see {@code docs/freshness.md}):
 *
 * <pre>
 * market cn                                   # us, cn or hk
 * exchange SSE, SZSE, BSE                     # free text, optional
 * zone Asia/Shanghai                          # a ZoneId: daylight saving comes from its rules
 * source SSE notice on 2026 holiday closures  # at least one; the exchange's own publication
 * validFrom 2024-01-01
 * validThrough 2026-12-31
 * weekend SATURDAY SUNDAY
 * hours 2000-01-01 09:30 11:30 13:00 15:00    # effective from; open [break start break end] close
 * closed 2026-02-16 Spring Festival            # date, then the reason
 * early 2026-12-24 12:00 Christmas Eve         # early close at local time
 * late 2026-03-02 11:00 System upgrade         # late open at local time
 * makeup 2026-02-14                            # weekend make-up working day: still no trading
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CalendarFile {
  private final String origin;
  private final Market market;
  private final String exchange;
  private final ZoneId zone;
  private final List<String> sources;
  private final LocalDate validFrom;
  private final LocalDate validThrough;
  private final Set<DayOfWeek> weekend;
  private final List<SessionHours> hours;
  private final NavigableMap<LocalDate, String> closed;
  private final NavigableMap<LocalDate, LocalTime> earlyCloses;
  private final NavigableMap<LocalDate, LocalTime> lateOpens;
  private final Set<LocalDate> makeupDays;

  private CalendarFile(Parser p) {
    this.origin = p.origin;
    this.market = p.market;
    this.exchange = p.exchange;
    this.zone = p.zone;
    this.sources = List.copyOf(p.sources);
    this.validFrom = p.validFrom;
    this.validThrough = p.validThrough;
    this.weekend = Collections.unmodifiableSet(EnumSet.copyOf(p.weekend));
    List<SessionHours> sorted = new ArrayList<>(p.hours);
    sorted.sort(Comparator.comparing(SessionHours::effectiveFrom));
    this.hours = List.copyOf(sorted);
    this.closed = Collections.unmodifiableNavigableMap(new TreeMap<>(p.closed));
    this.earlyCloses = Collections.unmodifiableNavigableMap(new TreeMap<>(p.early));
    this.lateOpens = Collections.unmodifiableNavigableMap(new TreeMap<>(p.late));
    this.makeupDays = Collections.unmodifiableSet(new TreeSet<>(p.makeup));
  }

  /**
   * Reads the file shipped with the library for a market ({@code xnys.calendar}, {@code xshg.calendar},
   * {@code xhkg.calendar}).
   *
   * @param market the market
   * @return its shipped calendar data
   * @throws IllegalStateException if the resource is missing from the class path
   */
  public static CalendarFile shipped(Market market) {
    String name = switch (requireNonNull(market, "market")) {
      case US -> "xnys.calendar";
      case CHINA_A -> "xshg.calendar";
      case HONG_KONG -> "xhkg.calendar";
    };
    InputStream in = CalendarFile.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("The calendar resource io/tradingagents/market/" + name
          + " is missing from the class path; the tradingagents-core jar is incomplete");
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(name, reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the calendar resource " + name, e);
    }
  }

  /**
   * Reads a calendar file from disk (UTF-8).
   *
   * @param file the file
   * @return its data
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException if a line is malformed (the message names the file and line)
   */
  public static CalendarFile load(Path file) {
    try (Reader reader = Files.newBufferedReader(requireNonNull(file, "file"), StandardCharsets.UTF_8)) {
      return parse(file.toString(), reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the calendar file " + file, e);
    }
  }

  /**
   * Parses calendar text.
   *
   * @param origin a name for messages, e.g. the file name
   * @param reader the text; not closed
   * @return its data
   * @throws IllegalArgumentException if a line is malformed or a required directive is missing; the
   *     message names {@code origin}, the line, the value and what is accepted
   * @throws UncheckedIOException if the reader fails
   */
  public static CalendarFile parse(String origin, Reader reader) {
    Parser parser = new Parser(requireNonNull(origin, "origin"));
    BufferedReader lines = new BufferedReader(requireNonNull(reader, "reader"));
    try {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        parser.line(++number, line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read calendar " + origin, e);
    }
    return parser.finish();
  }

  /** @return where this data came from (file or resource name) */
  public String origin() {
    return origin;
  }

  /** @return the market */
  public Market market() {
    return market;
  }

  /** @return the exchanges the file covers, free text, possibly empty */
  public String exchange() {
    return exchange;
  }

  /** @return the market's time zone */
  public ZoneId zone() {
    return zone;
  }

  /** @return the publications the dates were taken from, at least one */
  public List<String> sources() {
    return sources;
  }

  /** @return the first date the holiday data covers */
  public LocalDate validFrom() {
    return validFrom;
  }

  /** @return the last date the holiday data covers */
  public LocalDate validThrough() {
    return validThrough;
  }

  /** @return the regular non-trading days of the week */
  public Set<DayOfWeek> weekend() {
    return weekend;
  }

  /** @return the regular hours, oldest first */
  public List<SessionHours> hours() {
    return hours;
  }

  /** @return full-day closures (holidays and ad-hoc closures) with their reasons, by date */
  public NavigableMap<LocalDate, String> closed() {
    return closed;
  }

  /** @return early closes, local close time by date */
  public NavigableMap<LocalDate, LocalTime> earlyCloses() {
    return earlyCloses;
  }

  /** @return late opens, local open time by date */
  public NavigableMap<LocalDate, LocalTime> lateOpens() {
    return lateOpens;
  }

  /** @return the weekend make-up working days listed for reference; none of them is a trading day */
  public Set<LocalDate> makeupDays() {
    return makeupDays;
  }

  /**
   * Combines this data with a second file of the same market, e.g. a file adding next year's holidays:
   * dates of both, the wider validity range, the hours of both, the sources of both.
   *
   * @param other data of the same market and time zone
   * @return the combined data
   * @throws IllegalArgumentException if the markets or zones differ, or the two files give one date
   *     different entries
   */
  public CalendarFile merge(CalendarFile other) {
    requireNonNull(other, "other");
    if (other.market != market || !other.zone.equals(zone)) {
      throw new IllegalArgumentException("Cannot add calendar " + other.origin + " (" + other.market.code()
          + ", " + other.zone + ") to " + origin + " (" + market.code() + ", " + zone
          + "); a file adds to the calendar of its own market and zone");
    }
    Parser p = new Parser(origin + " + " + other.origin);
    p.market = market;
    p.exchange = exchange.isEmpty() ? other.exchange : exchange;
    p.zone = zone;
    p.sources.addAll(sources);
    other.sources.stream().filter(s -> !p.sources.contains(s)).forEach(p.sources::add);
    p.validFrom = validFrom.isBefore(other.validFrom) ? validFrom : other.validFrom;
    p.validThrough = validThrough.isAfter(other.validThrough) ? validThrough : other.validThrough;
    p.weekend = EnumSet.copyOf(weekend);
    p.hours.addAll(hours);
    other.hours.stream().filter(h -> !hours.contains(h)).forEach(p.hours::add);
    p.closed.putAll(closed);
    p.early.putAll(earlyCloses);
    p.late.putAll(lateOpens);
    p.makeup.addAll(makeupDays);
    other.closed.forEach((d, reason) -> p.addDate(p.closed, d, reason, "closed", 0));
    other.earlyCloses.forEach((d, t) -> p.addDate(p.early, d, t, "early", 0));
    other.lateOpens.forEach((d, t) -> p.addDate(p.late, d, t, "late", 0));
    p.makeup.addAll(other.makeupDays);
    return p.finish();
  }

  @Override
  public String toString() {
    return "CalendarFile{" + origin + ", market=" + market.code() + ", zone=" + zone + ", validFrom="
        + validFrom + ", validThrough=" + validThrough + ", closed=" + closed.size() + ", early="
        + earlyCloses.size() + ", late=" + lateOpens.size() + '}';
  }

  /** Line-by-line reader and validator. Not thread-safe. */
  private static final class Parser {
    private final String origin;
    private @Nullable Market market;
    private String exchange = "";
    private @Nullable ZoneId zone;
    private final List<String> sources = new ArrayList<>();
    private @Nullable LocalDate validFrom;
    private @Nullable LocalDate validThrough;
    private Set<DayOfWeek> weekend = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    private final List<SessionHours> hours = new ArrayList<>();
    private final Map<LocalDate, String> closed = new TreeMap<>();
    private final Map<LocalDate, LocalTime> early = new TreeMap<>();
    private final Map<LocalDate, LocalTime> late = new TreeMap<>();
    private final Set<LocalDate> makeup = new TreeSet<>();
    private final Map<LocalDate, Integer> dateLines = new TreeMap<>();

    Parser(String origin) {
      this.origin = origin;
    }

    void line(int number, String raw) {
      int hash = raw.indexOf('#');
      String line = (hash < 0 ? raw : raw.substring(0, hash)).strip();
      if (line.isEmpty()) {
        return;
      }
      String[] words = line.split("\\s+");
      String directive = words[0].toLowerCase(Locale.ROOT);
      String rest = line.substring(words[0].length()).strip();
      switch (directive) {
        case "market" -> market = parseMarket(number, rest);
        case "exchange" -> exchange = rest;
        case "zone" -> zone = parseZone(number, rest);
        case "source" -> {
          require(number, !rest.isEmpty(), "source needs a text naming the publication");
          sources.add(rest);
        }
        case "validfrom" -> validFrom = date(number, rest);
        case "validthrough" -> validThrough = date(number, rest);
        case "weekend" -> weekend = parseWeekend(number, words);
        case "hours" -> hours.add(parseHours(number, words));
        case "closed" -> {
          require(number, words.length >= 2, "closed needs a date, e.g. 'closed 2026-01-01 New Year's Day'");
          addDate(closed, date(number, words[1]), rest.substring(words[1].length()).strip(), "closed", number);
        }
        case "early", "late" -> {
          require(number, words.length >= 3, directive + " needs a date and a local time, e.g. '"
              + directive + " 2026-12-24 13:00 Christmas Eve'");
          addDate(directive.equals("early") ? early : late, date(number, words[1]), time(number, words[2]),
              directive, number);
        }
        case "makeup" -> {
          require(number, words.length >= 2, "makeup needs a date");
          makeup.add(date(number, words[1]));
        }
        default -> throw error(number, "unknown directive '" + words[0] + "'; accepted: market, exchange, "
            + "zone, source, validFrom, validThrough, weekend, hours, closed, early, late, makeup");
      }
    }

    <T> void addDate(Map<LocalDate, T> target, LocalDate date, T value, String directive, int number) {
      T existing = target.get(date);
      if (existing != null) {
        if (existing.equals(value) || target == closed) {
          return; // the same entry twice (a file added again, or one closure with two reasons)
        }
        throw error(number, "date " + date + " has two '" + directive + "' entries (" + existing + " and "
            + value + "); keep one");
      }
      boolean conflict = target == closed ? early.containsKey(date) || late.containsKey(date)
          : closed.containsKey(date);
      if (conflict) {
        throw error(number, "date " + date + " is both closed and listed with an early close or late open;"
            + " keep one");
      }
      target.put(date, value);
      dateLines.putIfAbsent(date, number);
    }

    CalendarFile finish() {
      require(0, market != null, "the 'market' directive is missing (us, cn or hk)");
      require(0, zone != null, "the 'zone' directive is missing (e.g. America/New_York)");
      require(0, !sources.isEmpty(), "no 'source' line; name the exchange's published calendar");
      require(0, validFrom != null && validThrough != null, "'validFrom' and 'validThrough' are required");
      require(0, !validThrough.isBefore(validFrom), "validThrough " + validThrough + " is before validFrom "
          + validFrom);
      require(0, !hours.isEmpty() && hours.stream().anyMatch(h -> !h.effectiveFrom().isAfter(validFrom)),
          "no 'hours' line takes effect on or before validFrom " + validFrom);
      for (LocalDate date : dateLines.keySet()) {
        int line = dateLines.get(date);
        require(line, !date.isBefore(validFrom) && !date.isAfter(validThrough), "date " + date
            + " is outside validFrom " + validFrom + " .. validThrough " + validThrough);
        require(line, !weekend.contains(date.getDayOfWeek()), "date " + date + " is a "
            + date.getDayOfWeek() + ", already closed by the weekend rule; check the date");
      }
      for (Map.Entry<LocalDate, LocalTime> e : early.entrySet()) {
        SessionHours regular = hoursOn(e.getKey());
        require(dateLines.getOrDefault(e.getKey(), 0), e.getValue().isAfter(regular.open())
            && e.getValue().isBefore(regular.close()), "early close " + e.getValue() + " on " + e.getKey()
            + " must be after the open " + regular.open() + " and before the regular close " + regular.close());
      }
      for (Map.Entry<LocalDate, LocalTime> e : late.entrySet()) {
        SessionHours regular = hoursOn(e.getKey());
        require(dateLines.getOrDefault(e.getKey(), 0), e.getValue().isAfter(regular.open())
            && e.getValue().isBefore(regular.close()), "late open " + e.getValue() + " on " + e.getKey()
            + " must be after the regular open " + regular.open() + " and before the close " + regular.close());
      }
      for (LocalDate date : makeup) {
        require(0, weekend.contains(date.getDayOfWeek()), "makeup day " + date + " is a "
            + date.getDayOfWeek() + "; make-up working days listed here must be weekend days");
      }
      return new CalendarFile(this);
    }

    private SessionHours hoursOn(LocalDate date) {
      return hours.stream().filter(h -> !h.effectiveFrom().isAfter(date))
          .max(Comparator.comparing(SessionHours::effectiveFrom))
          .orElseGet(() -> hours.stream().min(Comparator.comparing(SessionHours::effectiveFrom)).orElseThrow());
    }

    private Market parseMarket(int number, String value) {
      try {
        return Market.parse(value);
      } catch (IllegalArgumentException e) {
        throw error(number, e.getMessage());
      }
    }

    private ZoneId parseZone(int number, String value) {
      try {
        ZoneId parsed = ZoneId.of(value);
        if (parsed instanceof ZoneOffset) {
          throw error(number, "zone '" + value + "' is a fixed offset; use a region id such as America/New_York"
              + " so that daylight saving follows the zone's rules");
        }
        return parsed;
      } catch (DateTimeException e) {
        throw error(number, "zone '" + value + "' is not a time-zone id; use a region id such as "
            + "America/New_York (never a fixed offset: daylight saving comes from the zone's rules)");
      }
    }

    private Set<DayOfWeek> parseWeekend(int number, String[] words) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (int i = 1; i < words.length; i++) {
        try {
          days.add(DayOfWeek.valueOf(words[i].toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw error(number, "'" + words[i] + "' is not a day of the week; use e.g. SATURDAY SUNDAY");
        }
      }
      require(number, !days.isEmpty() && days.size() < 7, "weekend needs one to six days of the week");
      return days;
    }

    private SessionHours parseHours(int number, String[] words) {
      require(number, words.length == 4 || words.length == 6, "hours needs an effective date and 2 or 4 "
          + "times: 'hours 2000-01-01 09:30 16:00' or 'hours 2000-01-01 09:30 11:30 13:00 15:00'");
      LocalDate from = date(number, words[1]);
      try {
        return words.length == 4 ? new SessionHours(from, time(number, words[2]), null, null,
            time(number, words[3]))
            : new SessionHours(from, time(number, words[2]), time(number, words[3]), time(number, words[4]),
                time(number, words[5]));
      } catch (IllegalArgumentException e) {
        throw error(number, e.getMessage());
      }
    }

    private LocalDate date(int number, String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeException e) {
        throw error(number, "'" + value + "' is not a date; use ISO form yyyy-MM-dd, e.g. 2026-01-01");
      }
    }

    private LocalTime time(int number, String value) {
      try {
        return LocalTime.parse(value);
      } catch (DateTimeException e) {
        throw error(number, "'" + value + "' is not a time; use HH:mm in the market's local time, e.g. 13:00");
      }
    }

    private void require(int number, boolean condition, String message) {
      if (!condition) {
        throw error(number, message);
      }
    }

    private IllegalArgumentException error(int number, @Nullable String message) {
      return new IllegalArgumentException("Calendar " + origin + (number > 0 ? " line " + number : "") + ": "
          + message);
    }
  }
}
