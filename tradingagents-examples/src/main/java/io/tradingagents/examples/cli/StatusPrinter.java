package io.tradingagents.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingagents.cache.CacheStats;
import io.tradingagents.monitoring.SystemStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link SystemStatus} as an aligned text table or as JSON (shape in docs/operations.md). The CLI's
 * {@code status --json} and the example service's {@code /status} print the same JSON.
 */
public final class StatusPrinter {
  private StatusPrinter() {}

  /**
   * @param s a report
   * @return the report as indented JSON
   */
  public static String json(SystemStatus s) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("verdict", s.verdict().name()).put("exit_code", s.verdict().exitCode());
    ArrayNode reasons = root.putArray("reasons");
    s.reasons().forEach(reasons::add);
    root.put("checked_at", s.checkedAt().toString()).put("took_ms", s.took().toMillis())
        .put("performance_mode", s.performanceMode().name().toLowerCase(Locale.ROOT))
        .put("performance_mode_reason", s.performanceModeReason());
    ArrayNode tiers = root.putArray("tiers");
    for (SystemStatus.TierStatus t : s.tiers()) {
      ObjectNode tier = tiers.addObject().put("name", t.name()).put("reachable", t.reachable()).put("state", t.state());
      Duration latency = t.probeLatency();
      if (latency == null) {
        tier.putNull("probe_latency_ms");
      } else {
        tier.put("probe_latency_ms", latency.toNanos() / 1e6);
      }
      tier.put("server_version", t.serverVersion()).put("entries", t.entryCount()).put("size_bytes", t.sizeBytes());
      ObjectNode details = tier.putObject("details");
      new java.util.TreeMap<>(t.details()).forEach(details::put);
    }
    CacheStats stats = s.stats();
    if (stats == null) {
      root.putNull("stats");
    } else {
      root.putObject("stats").put("requests", stats.requests()).put("hits", stats.hits())
          .put("misses", stats.misses()).put("hit_rate", stats.hitRate()).put("loads", stats.loads())
          .put("load_failures", stats.loadFailures()).put("write_failures", stats.writeFailures())
          .put("decode_failures", stats.decodeFailures());
    }
    ArrayNode stores = root.putArray("stores");
    for (SystemStatus.StoreStatus st : s.stores()) {
      stores.addObject().put("name", st.name()).put("journal", st.journal()).put("reachable", st.reachable())
          .put("records", st.records()).put("problem", st.problem());
    }
    ArrayNode keys = root.putArray("api_keys");
    s.apiKeys().forEach(k -> keys.addObject().put("name", k.name()).put("set", k.set()));
    SystemStatus.LogDirectoryStatus logs = s.logDirectory();
    if (logs == null) {
      root.putNull("log_directory");
    } else {
      root.putObject("log_directory").put("path", logs.path().toString()).put("writable", logs.writable())
          .put("free_bytes", logs.freeBytes()).put("problem", logs.problem());
    }
    SystemStatus.WriteCheck write = s.writeCheck();
    if (write == null) {
      root.putNull("write_check");
    } else {
      root.putObject("write_check").put("ok", write.ok()).put("detail", write.detail());
    }
    ArrayNode calendars = root.putArray("calendars");
    for (SystemStatus.CalendarStatus c : s.calendars()) {
      calendars.addObject().put("market", c.market().code()).put("valid_through", c.validThrough().toString())
          .put("days_left", c.daysLeft()).put("valid", c.valid()).put("note", c.note());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the status as JSON", e);
    }
  }

  static void text(SystemStatus s, PrintWriter out) {
    out.println("STATUS " + s.verdict() + (s.reasons().isEmpty() ? " - everything configured is up"
        : " - " + s.reasons().get(0)));
    for (int i = 1; i < s.reasons().size(); i++) {
      out.println("  also: " + s.reasons().get(i));
    }
    out.println("performance mode: " + s.performanceModeReason());
    out.println();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tier", "reachable", "state", "ping", "version", "entries", "size"});
    for (SystemStatus.TierStatus t : s.tiers()) {
      rows.add(new String[] {t.name(), t.reachable() ? "yes" : "no", t.state(), latency(t.probeLatency()),
          t.serverVersion() == null ? "-" : t.serverVersion(), count(t.entryCount()), bytes(t.sizeBytes())});
    }
    table(rows, out);
    CacheStats stats = s.stats();
    out.println();
    if (stats != null) {
      out.printf(Locale.ROOT, "cache: %d requests, %d hits, %d misses, hit rate %.1f%%, %d loads, %d load failures,"
          + " %d write failures%n", stats.requests(), stats.hits(), stats.misses(), stats.hitRate() * 100,
          stats.loads(), stats.loadFailures(), stats.writeFailures());
    }
    for (SystemStatus.StoreStatus st : s.stores()) {
      out.printf(Locale.ROOT, "%s %s: %s%n", st.journal() ? "journal" : "store", st.name(),
          st.reachable() ? st.records() + (st.journal() ? " records waiting for replay" : " records")
              : "not reachable (" + st.problem() + ")");
    }
    if (!s.apiKeys().isEmpty()) {
      List<String> keys = new ArrayList<>();
      s.apiKeys().forEach(k -> keys.add(k.name() + (k.set() ? " set" : " MISSING")));
      out.println("API keys: " + String.join(", ", keys));
    }
    SystemStatus.LogDirectoryStatus logs = s.logDirectory();
    if (logs != null) {
      out.println("log directory: " + logs.path() + (logs.writable() ? " writable, " + bytes(logs.freeBytes()) + " free"
          : " NOT writable (" + logs.problem() + ")"));
    }
    SystemStatus.WriteCheck write = s.writeCheck();
    if (write != null) {
      out.println("write check: " + (write.ok() ? "ok, " : "FAILED, ") + write.detail());
    }
    if (!s.calendars().isEmpty()) {
      List<String> calendars = new ArrayList<>();
      s.calendars().forEach(c -> calendars.add(c.market().code() + (c.valid() ? " through " : " ENDED ")
          + c.validThrough()));
      out.println("trading calendars: " + String.join(", ", calendars));
      s.calendars().stream().filter(c -> c.valid() && c.note() != null).forEach(c -> out.println("  note: " + c.note()));
    }
    out.printf(Locale.ROOT, "checked at %s in %d ms%n", s.checkedAt(), s.took().toMillis());
  }

  private static void table(List<String[]> rows, PrintWriter out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String latency(@Nullable Duration latency) {
    return latency == null ? "-" : String.format(Locale.ROOT, "%.2f ms", latency.toNanos() / 1e6);
  }

  private static String count(long n) {
    return n < 0 ? "-" : Long.toString(n);
  }

  private static String bytes(long n) {
    if (n < 0) {
      return "-";
    }
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
