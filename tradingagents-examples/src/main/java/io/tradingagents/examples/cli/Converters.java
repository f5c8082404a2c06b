package io.tradingagents.examples.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Option value converters with messages that say what is accepted. */
final class Converters {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Converters() {}

  /** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
      try {
        Duration duration;
        if (m.matches()) {
          double amount = Double.parseDouble(m.group(1));
          double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
          };
          duration = Duration.ofNanos(Math.round(millis * 1_000_000));
        } else {
          duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        }
        if (duration.isNegative() || duration.isZero()) {
          throw new CommandLine.TypeConversionException("'" + value + "' must be positive, e.g. 10s");
        }
        return duration;
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration; use e.g. 500ms, 10s, 2m, 1h");
      }
    }
  }

  /** Parses a zone id such as {@code Asia/Shanghai} or {@code UTC}. */
  static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value.strip());
      } catch (java.time.DateTimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a time zone; use e.g. Asia/Shanghai, UTC, America/New_York");
      }
    }
  }

  /**
   * @param value {@code 2026-01-01} (start of that day in {@code zone}) or an ISO-8601 instant with offset
   * @param zone the zone of a bare date
   * @return the instant
   * @throws CommandLine.TypeConversionException if neither
   */
  static Instant since(String value, ZoneId zone) {
    String v = value.strip();
    try {
      return LocalDate.parse(v).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw new CommandLine.TypeConversionException("'" + value
            + "' is not a date; use yyyy-MM-dd (e.g. 2026-01-01) or an ISO time with offset "
            + "(e.g. 2026-01-01T09:30:00+08:00)");
      }
    }
  }
}
