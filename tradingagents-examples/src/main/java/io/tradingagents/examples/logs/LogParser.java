package io.tradingagents.examples.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses one line of either format the shipped Logback configuration writes: a JSON line from Logback's
 * {@code JsonEncoder} ({@code level}, {@code timestamp} in epoch milliseconds, {@code loggerName},
 * {@code formattedMessage} or {@code message}, {@code kvpList} of one-entry objects, {@code throwable}),
 * or the plain pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger [%kvp] - %msg}
 * (the {@code [%kvp]} part optional; a time without an offset is read in the configured zone).
 * Thread-safe.
 */
final class LogParser {
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Pattern PLAIN = Pattern.compile(
      "^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?)(Z|[+-]\\d{2}:?\\d{2})?\\s+"
          + "(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[([^\\]]*)\\]\\s+(\\S+)\\s+(?:\\[(.*?)\\]\\s+)?-\\s?(.*)$");
  private static final Pattern KVP = Pattern.compile("([\\w.\\-]+)=\"([^\"]*)\"");
  /** Lines a plain-pattern stack trace continues with. */
  private static final Pattern TRACE_LINE = Pattern.compile(
      "^(?:\\s+.*|Caused by: .*|Suppressed: .*|\\.\\.\\. \\d+ more|[\\w$]+(?:\\.[\\w$]+)+(?:: .*)?)$");

  private final ObjectMapper json = new ObjectMapper();
  private final ZoneId zone;

  /** @param zone the zone of plain-pattern times written without an offset */
  LogParser(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * @param line one line of text
   * @return the event, or {@code null} if the line is neither format
   */
  @Nullable LogRecord parse(String line) {
    if (line.startsWith("{")) {
      return parseJson(line);
    }
    return parsePlain(line);
  }

  /**
   * @param line a line that is not an event
   * @return whether it looks like part of a stack trace printed after a plain-pattern event
   */
  static boolean isContinuation(String line) {
    return TRACE_LINE.matcher(line).matches();
  }

  private @Nullable LogRecord parsePlain(String line) {
    Matcher m = PLAIN.matcher(line);
    if (!m.matches()) {
      return null;
    }
    Instant timestamp = plainTime(m.group(1).replace(' ', 'T').replace(',', '.'), m.group(2));
    Map<String, String> fields = new LinkedHashMap<>();
    String kvp = m.group(6);
    if (kvp != null) {
      Matcher pair = KVP.matcher(kvp);
      while (pair.find()) {
        fields.put(pair.group(1), pair.group(2));
      }
    }
    return new LogRecord(timestamp, m.group(3), m.group(5), m.group(7), fields, null);
  }

  private @Nullable Instant plainTime(String local, @Nullable String offset) {
    try {
      if (offset == null) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
      }
      String normalized = offset.equals("Z") || offset.contains(":") ? offset
          : offset.substring(0, 3) + ":" + offset.substring(3);
      return OffsetDateTime.parse(local + normalized).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private @Nullable LogRecord parseJson(String line) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    String level = node.path("level").asText("").toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      return null;
    }
    Instant timestamp = null;
    JsonNode time = node.path("timestamp");
    if (time.isIntegralNumber()) {
      timestamp = Instant.ofEpochMilli(time.asLong());
    } else if (time.isTextual()) {
      try {
        timestamp = OffsetDateTime.parse(time.asText()).toInstant();
      } catch (DateTimeParseException e) {
        timestamp = null;
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (JsonNode pair : node.path("kvpList")) {
      Iterator<Map.Entry<String, JsonNode>> entries = pair.properties().iterator();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        fields.put(entry.getKey(), entry.getValue().isValueNode() ? entry.getValue().asText()
            : entry.getValue().toString());
      }
    }
    String message = node.hasNonNull("formattedMessage") ? node.get("formattedMessage").asText()
        : node.path("message").asText("");
    String throwable = null;
    JsonNode thrown = node.path("throwable");
    if (thrown.isObject()) {
      throwable = thrown.path("className").asText("") + ": " + thrown.path("message").asText("");
    }
    return new LogRecord(timestamp, level, node.path("loggerName").asText(""), message, fields, throwable);
  }
}
