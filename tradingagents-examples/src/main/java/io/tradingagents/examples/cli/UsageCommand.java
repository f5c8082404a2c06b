package io.tradingagents.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingagents.analysis.UsageAnalytics;
import io.tradingagents.analysis.UsagePeriod;
import io.tradingagents.analysis.UsageReport;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.UsageSummary;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tradingagents usage}: see the command's help. */
@Command(name = "usage", mixinStandardHelpOptions = true,
    description = {
        "Report LLM and API usage from the usage store: calls, tokens and cost per currency.",
        "",
        "Reads the file-backed usage store (--store DIR, else $TA_USAGE_DIR) and groups its records by",
        "day or hour (in --zone), module, analysis type or provider/model. Costs are never added across",
        "currencies. Exit code: 0, or 3 when the store cannot be read or an argument is wrong."},
    footer = {"", "Examples:",
        "  tradingagents usage --store /var/lib/tradingagents/usage",
        "  tradingagents usage --by module --since 2026-01-01",
        "  tradingagents usage --by model --json"})
final class UsageCommand implements Callable<Integer> {
  /** How records are grouped. */
  enum By { day, hour, module, type, model }

  @Spec CommandSpec spec;

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "day",
      description = "Group by ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  By by;

  @Option(names = "--since", paramLabel = "DATE",
      description = "Only records from this day (yyyy-MM-dd, in --zone) or time (ISO with offset).")
  @Nullable String since;

  @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai",
      converter = Converters.ZoneConverter.class, description = "Zone of days and hours (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(names = "--store", paramLabel = "DIR", description = "Usage store directory (default: $TA_USAGE_DIR).")
  @Nullable Path store;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
  boolean verbose;

  private final Map<String, String> environment;

  UsageCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    Instant from;
    try {
      from = since == null ? null : Converters.since(since, zone);
    } catch (CommandLine.TypeConversionException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--since': "
          + e.getMessage());
    }
    Path dir = store != null ? store : environment.containsKey("TA_USAGE_DIR")
        ? Path.of(environment.get("TA_USAGE_DIR")) : null;
    if (dir == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "no usage store: pass --store DIR or set TA_USAGE_DIR to the usage store's directory");
    }
    if (!Files.isRegularFile(dir.resolve(FileStores.USAGE_FILE))) {
      spec.commandLine().getErr().println("tradingagents usage: no usage store in " + dir + " ("
          + FileStores.USAGE_FILE + " not found); pass the directory the application's usage store writes to");
      return ExitCode.UNKNOWN;
    }
    UsageReport report;
    try (UsageStore usage = FileStores.usage(dir, FsyncPolicy.NEVER)) {
      report = new UsageAnalytics(zone).report(usage, new UsagePeriod(from, null));
    }
    Map<String, UsageSummary> groups = groups(report);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(report, groups));
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {by.name(), "calls", "input tokens", "output tokens", "cost"});
      groups.forEach((key, s) -> rows.add(row(key, s)));
      rows.add(row("total", report.total()));
      out.printf(Locale.ROOT, "Usage by %s (zone %s%s)%n", by, report.zone(), from == null ? "" : ", since " + from);
      int[] widths = new int[5];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        out.printf(Locale.ROOT, "%-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %" + widths[3]
            + "s  %s%n", (Object[]) row);
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private Map<String, UsageSummary> groups(UsageReport report) {
    Map<String, UsageSummary> groups = new LinkedHashMap<>();
    switch (by) {
      case day -> report.byDay().forEach((day, s) -> groups.put(day.toString(), s));
      case hour -> report.byHour().forEach((hour, s) -> groups.put(String.format(Locale.ROOT, "%02d:00", hour), s));
      case module -> groups.putAll(report.byModule());
      case type -> groups.putAll(report.byAnalysisType());
      case model -> groups.putAll(report.byProviderModel());
    }
    return groups;
  }

  private static String[] row(String key, UsageSummary s) {
    List<String> costs = new ArrayList<>();
    s.costByCurrency().forEach((currency, amount) -> costs.add(currency + " " + amount.toPlainString()));
    return new String[] {key, Long.toString(s.calls()), Long.toString(s.inputTokens()),
        Long.toString(s.outputTokens()), costs.isEmpty() ? "-" : String.join(", ", costs)};
  }

  private String json(UsageReport report, Map<String, UsageSummary> groups) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("zone", report.zone()).put("by", by.name())
        .put("since", report.from() == null ? null : report.from().toString());
    ArrayNode list = root.putArray("groups");
    groups.forEach((key, s) -> summary(list.addObject().put("key", key), s));
    summary(root.putObject("total"), report.total());
    return mapper.writeValueAsString(root);
  }

  private static void summary(ObjectNode node, UsageSummary s) {
    node.put("calls", s.calls()).put("input_tokens", s.inputTokens()).put("output_tokens", s.outputTokens());
    ObjectNode cost = node.putObject("cost");
    s.costByCurrency().forEach((currency, amount) -> cost.put(currency, amount.toPlainString()));
  }
}
