package io.tradingagents.examples.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LogAnalyzer} found, as text for an operator or as JSON for a script (shape in
 * {@code docs/operations.md}). Counts are exact; percentiles are to 3 significant digits.
 */
public final class LogReport {
  private final LogAnalysis a;

  LogReport(LogAnalysis analysis) {
    this.a = analysis;
  }

  /** @return events read (after {@code --since}) */
  public long events() {
    return a.events;
  }

  /** @return lines skipped as not being events */
  public long skipped() {
    return a.skipped;
  }

  /** @return files that could not be read to the end */
  public long unreadableFiles() {
    return a.files.stream().filter(f -> f.error() != null).count();
  }

  /**
   * Prints the text report.
   *
   * @param out where to
   */
  public void printText(PrintStream out) {
    out.println("Files");
    for (LogAnalysis.FileResult f : a.files) {
      out.printf(Locale.ROOT, "  %s%s: %d lines, %d events, %d skipped%s%n", f.file(), f.gzip() ? " (gzip)" : "",
          f.lines(), f.events(), f.skipped(), f.error() == null ? "" : "; " + f.error());
    }
    out.printf(Locale.ROOT, "%nLines by level (%d events%s)%n", a.events,
        a.beforeSince > 0 ? ", " + a.beforeSince + " before --since left out" : "");
    a.byLevel.forEach((level, n) -> out.printf(Locale.ROOT, "  %-6s %10d%n", level, n));

    long errors = a.byLevel.getOrDefault("ERROR", 0L);
    out.printf(Locale.ROOT, "%nErrors by category (%d)%n", errors);
    a.errorsByCategory.forEach((category, n) -> {
      out.printf(Locale.ROOT, "  %-14s %8d%n", category, n);
      Deque<LogAnalysis.Example> latest = a.latestErrors.get(category);
      if (latest != null) {
        latest.descendingIterator().forEachRemaining(e -> out.printf(Locale.ROOT, "      %s %s:%d %s%n",
            time(e.timestamp()), e.where().file(), e.where().line(), e.message()));
      }
    });

    out.printf(Locale.ROOT, "%nSlow operations (over %s ms): %d%n", number(a.slowThresholdMs), a.slowCount);
    a.slowByOperation.forEach((op, n) -> out.printf(Locale.ROOT, "  %-30s %8d%n", op, n));
    if (!a.slowByOperation.isEmpty()) {
      out.println("  slowest:");
      for (LogAnalysis.Slow s : a.slowest()) {
        out.printf(Locale.ROOT, "    %12s ms  %-24s %s %s:%d%n", number(s.durationMs()), s.operation(),
            time(s.timestamp()), s.where().file(), s.where().line());
      }
    }

    out.printf(Locale.ROOT, "%nAnalysis durations (ms)%n");
    out.printf(Locale.ROOT, "  %-20s %8s %10s %10s %10s %10s%n", "type", "count", "mean", "p50", "p95", "max");
    a.analysisDurations.forEach((type, d) -> out.printf(Locale.ROOT, "  %-20s %8d %10s %10s %10s %10s%n", type,
        d.count, number(d.meanMs()), number(d.percentileMs(50)), number(d.percentileMs(95)), number(d.maxMs)));

    out.printf(Locale.ROOT, "%nCost by provider and currency (never added across currencies)%n");
    a.costs.forEach((provider, byCurrency) -> byCurrency.forEach((currency, total) ->
        out.printf(Locale.ROOT, "  %-16s %-8s %8d calls %16s%n", provider, currency,
            a.costCalls.get(provider).get(currency), total.toPlainString())));

    out.printf(Locale.ROOT, "%nUsage (%d events; zone %s)%n", a.usageEvents, a.zone);
    out.println("  by day:");
    a.usageByDay.forEach((day, n) -> out.printf(Locale.ROOT, "    %s %8d%n", day, n));
    out.println("  by hour:");
    for (int hour = 0; hour < 24; hour++) {
      if (a.usageByHour[hour] > 0) {
        out.printf(Locale.ROOT, "    %02d:00 %8d%n", hour, a.usageByHour[hour]);
      }
    }
    out.println("  by module:");
    a.usageByModule.forEach((m, n) -> out.printf(Locale.ROOT, "    %-20s %8d%n", m, n));
    out.println("  by analysis type:");
    a.usageByType.forEach((t, n) -> out.printf(Locale.ROOT, "    %-20s %8d%n", t, n));

    out.printf(Locale.ROOT, "%nSkipped lines: %d", a.skipped);
    if (a.continuationLines > 0) {
      out.printf(Locale.ROOT, " (and %d stack-trace lines read as part of their event)", a.continuationLines);
    }
    out.println();
    a.skippedByReason.forEach((reason, n) -> out.printf(Locale.ROOT, "  %-40s %8d%n", reason, n));
    for (LogAnalysis.Problem p : a.problems) {
      out.printf(Locale.ROOT, "    %s:%d %s%n", p.where().file(), p.where().line(), p.reason());
    }
    if (a.skipped > a.problems.size()) {
      out.printf(Locale.ROOT, "    (first %d listed)%n", a.problems.size());
    }
  }

  /** @return the report as JSON, pretty-printed */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode files = root.putArray("files");
    for (LogAnalysis.FileResult f : a.files) {
      files.addObject().put("file", f.file()).put("gzip", f.gzip()).put("lines", f.lines())
          .put("events", f.events()).put("skipped", f.skipped()).put("error", f.error());
    }
    root.put("lines", a.lines).put("events", a.events).put("continuation_lines", a.continuationLines)
        .put("before_since", a.beforeSince);
    ObjectNode levels = root.putObject("levels");
    a.byLevel.forEach(levels::put);

    ObjectNode errors = root.putObject("errors");
    errors.put("total", a.byLevel.getOrDefault("ERROR", 0L));
    ObjectNode byCategory = errors.putObject("by_category");
    a.errorsByCategory.forEach((category, n) -> {
      ObjectNode node = byCategory.putObject(category).put("count", n);
      ArrayNode latest = node.putArray("latest");
      Deque<LogAnalysis.Example> examples = a.latestErrors.get(category);
      if (examples != null) {
        examples.descendingIterator().forEachRemaining(e -> latest.addObject()
            .put("timestamp", iso(e.timestamp())).put("logger", e.logger()).put("message", e.message())
            .put("file", e.where().file()).put("line", e.where().line()));
      }
    });

    ObjectNode slow = root.putObject("slow_operations");
    slow.put("threshold_ms", a.slowThresholdMs).put("count", a.slowCount);
    ObjectNode byOperation = slow.putObject("by_operation");
    a.slowByOperation.forEach(byOperation::put);
    ArrayNode slowest = slow.putArray("slowest");
    for (LogAnalysis.Slow s : a.slowest()) {
      slowest.addObject().put("operation", s.operation()).put("duration_ms", s.durationMs())
          .put("timestamp", iso(s.timestamp())).put("file", s.where().file()).put("line", s.where().line());
    }

    ObjectNode durations = root.putObject("analysis_durations");
    a.analysisDurations.forEach((type, d) -> durations.putObject(type).put("count", d.count)
        .put("mean_ms", d.meanMs()).put("p50_ms", d.percentileMs(50)).put("p95_ms", d.percentileMs(95))
        .put("max_ms", d.maxMs));

    ArrayNode costs = root.putArray("costs");
    a.costs.forEach((provider, byCurrency) -> byCurrency.forEach((currency, total) -> costs.addObject()
        .put("provider", provider).put("currency", currency).put("calls", a.costCalls.get(provider).get(currency))
        .put("total", total.toPlainString())));

    ObjectNode usage = root.putObject("usage");
    usage.put("zone", a.zone.getId()).put("events", a.usageEvents);
    ObjectNode byDay = usage.putObject("by_day");
    a.usageByDay.forEach((day, n) -> byDay.put(day.toString(), n));
    ObjectNode byHour = usage.putObject("by_hour");
    for (int hour = 0; hour < 24; hour++) {
      if (a.usageByHour[hour] > 0) {
        byHour.put(String.format(Locale.ROOT, "%02d", hour), a.usageByHour[hour]);
      }
    }
    putAll(usage.putObject("by_module"), a.usageByModule);
    putAll(usage.putObject("by_analysis_type"), a.usageByType);

    ObjectNode skipped = root.putObject("skipped");
    skipped.put("total", a.skipped);
    putAll(skipped.putObject("by_reason"), a.skippedByReason);
    ArrayNode listed = skipped.putArray("listed");
    for (LogAnalysis.Problem p : a.problems) {
      listed.addObject().put("file", p.where().file()).put("line", p.where().line()).put("reason", p.reason());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static void putAll(ObjectNode node, Map<String, Long> values) {
    values.forEach(node::put);
  }

  private static @Nullable String iso(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private String time(@Nullable Instant instant) {
    return instant == null ? "-" : instant.atZone(a.zone).toOffsetDateTime().toString();
  }

  private static String number(double value) {
    return BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
  }
}
