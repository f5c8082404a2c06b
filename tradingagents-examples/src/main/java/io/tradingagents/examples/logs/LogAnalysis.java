package io.tradingagents.examples.logs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Accumulates what {@code analyze-logs} reports, in memory bounded by the number of distinct names
 * (levels, categories, operations, analysis types, providers, currencies, days, modules), never by the
 * number of lines: examples and listed line numbers are capped, percentiles come from a histogram.
 * Not thread-safe.
 */
final class LogAnalysis {
  /** Error categories, in report order. */
  static final List<String> CATEGORIES =
      List.of("upstream_api", "network", "database", "serialization", "configuration", "other");
  /** Events counted as usage. */
  static final Set<String> USAGE_EVENTS = Set.of("llm_call", "api_call", "analysis_completed");
  static final String ANALYSIS_EVENT = "analysis_completed";
  static final int EXAMPLES_PER_CATEGORY = 3;
  static final int SLOWEST_KEPT = 20;
  static final int PROBLEMS_LISTED = 100;
  static final int DISTINCT_NAMES = 1_000;
  static final String OTHER_NAMES = "(other)";

  /** Where a line came from. */
  record Where(String file, long line) {}

  /** One error example. */
  record Example(@Nullable Instant timestamp, String logger, String message, Where where) {}

  /** One slow operation. */
  record Slow(String operation, double durationMs, @Nullable Instant timestamp, Where where) {}

  /** One line that was skipped. */
  record Problem(Where where, String reason) {}

  /** Per-file outcome. */
  record FileResult(String file, boolean gzip, long lines, long events, long skipped, @Nullable String error) {}

  /** Durations of one analysis type; percentiles to 3 significant digits. */
  static final class Durations {
    final Histogram micros = new Histogram(3);
    long count;
    double sumMs;
    double maxMs;

    void add(double ms) {
      count++;
      sumMs += ms;
      maxMs = Math.max(maxMs, ms);
      micros.recordValue(Math.max(0, Math.round(ms * 1000)));
    }

    double meanMs() {
      return count == 0 ? 0 : sumMs / count;
    }

    /** The histogram is exact to 3 significant digits; so is what it reports. */
    double percentileMs(double p) {
      double ms = micros.getValueAtPercentile(p) / 1000.0;
      return new java.math.BigDecimal(ms).round(new java.math.MathContext(3)).doubleValue();
    }
  }

  final ZoneId zone;
  final double slowThresholdMs;
  final @Nullable Instant since;

  long lines;
  long events;
  long continuationLines;
  long beforeSince;
  long skipped;
  final Map<String, Long> skippedByReason = new TreeMap<>();
  final List<Problem> problems = new ArrayList<>();
  final Map<String, Long> byLevel = new LinkedHashMap<>();
  final Map<String, Long> errorsByCategory = new LinkedHashMap<>();
  final Map<String, Deque<Example>> latestErrors = new LinkedHashMap<>();
  final Map<String, Long> slowByOperation = new TreeMap<>();
  long slowCount;
  private final PriorityQueue<Slow> slowest = new PriorityQueue<>(Comparator.comparingDouble(Slow::durationMs));
  final Map<String, Durations> analysisDurations = new TreeMap<>();
  /** provider -> currency -> total; never summed across currencies. */
  final Map<String, Map<String, BigDecimal>> costs = new TreeMap<>();
  final Map<String, Map<String, Long>> costCalls = new TreeMap<>();
  final Map<LocalDate, Long> usageByDay = new TreeMap<>();
  final long[] usageByHour = new long[24];
  final Map<String, Long> usageByModule = new TreeMap<>();
  final Map<String, Long> usageByType = new TreeMap<>();
  long usageEvents;
  final List<FileResult> files = new ArrayList<>();

  LogAnalysis(ZoneId zone, Duration slowThreshold, @Nullable Instant since) {
    this.zone = zone;
    this.slowThresholdMs = slowThreshold.toNanos() / 1e6;
    this.since = since;
    for (String level : List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE")) {
      byLevel.put(level, 0L);
    }
    for (String category : CATEGORIES) {
      errorsByCategory.put(category, 0L);
    }
  }

  /** @return the slowest operations seen, slowest first */
  List<Slow> slowest() {
    List<Slow> list = new ArrayList<>(slowest);
    list.sort(Comparator.comparingDouble(Slow::durationMs).reversed());
    return list;
  }

  void skip(Where where, String reason) {
    skipped++;
    skippedByReason.merge(reason, 1L, Long::sum);
    if (problems.size() < PROBLEMS_LISTED) {
      problems.add(new Problem(where, reason));
    }
  }

  void accept(LogRecord record, Where where) {
    if (since != null && record.timestamp() != null && record.timestamp().isBefore(since)) {
      beforeSince++;
      return;
    }
    events++;
    byLevel.merge(record.level(), 1L, Long::sum);
    if (record.level().equals("ERROR")) {
      String category = category(record);
      errorsByCategory.merge(category, 1L, Long::sum);
      Deque<Example> latest = latestErrors.computeIfAbsent(category, c -> new ArrayDeque<>());
      if (latest.size() == EXAMPLES_PER_CATEGORY) {
        latest.removeFirst();
      }
      String message = record.throwable() == null ? record.message() : record.message() + " (" + record.throwable() + ")";
      latest.addLast(new Example(record.timestamp(), record.logger(), abbreviate(message), where));
    }
    String event = record.field("event");
    Double duration = number(record.field("duration_ms"), where, "duration_ms");
    if (duration != null && duration > slowThresholdMs) {
      String operation = firstNonNull(record.field("operation"), event, record.logger());
      slowCount++;
      slowByOperation.merge(bounded(slowByOperation, operation), 1L, Long::sum);
      slowest.add(new Slow(operation, duration, record.timestamp(), where));
      if (slowest.size() > SLOWEST_KEPT) {
        slowest.poll();
      }
    }
    if (ANALYSIS_EVENT.equals(event) && duration != null) {
      String type = firstNonNull(record.field("analysis_type"), "unknown", "");
      analysisDurations.computeIfAbsent(bounded(analysisDurations, type), t -> new Durations()).add(duration);
    }
    String cost = record.field("cost");
    if (cost != null) {
      try {
        BigDecimal amount = new BigDecimal(cost.strip());
        String provider = bounded(costs, firstNonNull(record.field("provider"), "unknown", ""));
        String currency = firstNonNull(record.field("currency"), "unknown", "").toUpperCase(Locale.ROOT);
        costs.computeIfAbsent(provider, p -> new TreeMap<>()).merge(currency, amount, BigDecimal::add);
        costCalls.computeIfAbsent(provider, p -> new TreeMap<>()).merge(currency, 1L, Long::sum);
      } catch (NumberFormatException e) {
        skip(where, "bad cost value");
      }
    }
    if (event != null && USAGE_EVENTS.contains(event)) {
      usageEvents++;
      if (record.timestamp() != null) {
        ZonedDateTime local = record.timestamp().atZone(zone);
        usageByDay.merge(local.toLocalDate(), 1L, Long::sum);
        usageByHour[local.getHour()]++;
      }
      usageByModule.merge(bounded(usageByModule, firstNonNull(record.field("module"), "unknown", "")), 1L, Long::sum);
      usageByType.merge(bounded(usageByType, firstNonNull(record.field("analysis_type"), "unknown", "")), 1L,
          Long::sum);
    }
  }

  private @Nullable Double number(@Nullable String value, Where where, String field) {
    if (value == null) {
      return null;
    }
    try {
      double parsed = Double.parseDouble(value.strip());
      if (Double.isFinite(parsed) && parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    skip(where, "bad " + field + " value");
    return null;
  }

  /**
   * @param record an ERROR event
   * @return its {@code error_category} if it names one, else a category guessed from its message and
   *     exception
   */
  static String category(LogRecord record) {
    String given = record.field("error_category");
    if (given != null) {
      String normalized = given.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      if (normalized.equals("upstream") || normalized.equals("api")) {
        return "upstream_api";
      }
      // The library's own categories (docs/monitoring.md): a connection or timeout of a cache tier or a
      // record store is a database problem, anything else's a network one.
      if (normalized.equals("timeout") || normalized.equals("connection")) {
        String tier = record.field("tier");
        return record.field("store") != null || "redis".equals(tier) || "mongodb".equals(tier)
            ? "database" : "network";
      }
      if (normalized.equals("decode")) {
        return "serialization";
      }
      return CATEGORIES.contains(normalized) ? normalized : "other";
    }
    String text = (record.message() + " " + (record.throwable() == null ? "" : record.throwable()) + " "
        + record.logger()).toLowerCase(Locale.ROOT);
    if (containsAny(text, "redis", "mongo", "jedis", "database", "sql")) {
      return "database";
    }
    if (containsAny(text, "rate limit", "quota", "http 4", "http 5", "status 4", "status 5", "upstream",
        "api error", "api key")) {
      return "upstream_api";
    }
    if (containsAny(text, "timeout", "timed out", "connection refused", "connect", "socket", "unreachable",
        "unknownhost", "network")) {
      return "network";
    }
    if (containsAny(text, "json", "serializ", "decode", "encode", "codec")) {
      return "serialization";
    }
    if (containsAny(text, "config", "setting", "environment variable")) {
      return "configuration";
    }
    return "other";
  }

  private static boolean containsAny(String text, String... needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static String firstNonNull(@Nullable String a, @Nullable String b, String c) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : c;
  }

  /** Keeps a map's key set bounded: past {@link #DISTINCT_NAMES} names, new ones count as "(other)". */
  private static String bounded(Map<String, ?> map, String name) {
    return map.size() < DISTINCT_NAMES || map.containsKey(name) ? name : OTHER_NAMES;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
  }
}
