package io.tradingagents.examples.logs;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One parsed log event, whichever format it came from.
 *
 * @param timestamp when it was logged, or {@code null} if the line had no usable time
 * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
 * @param logger the logger name
 * @param message the formatted message
 * @param fields the SLF4J 2 key-value pairs ({@code event}, {@code duration_ms}, ...), in order
 * @param throwable the exception class name and message, or {@code null}
 */
record LogRecord(@Nullable Instant timestamp, String level, String logger, String message,
    Map<String, String> fields, @Nullable String throwable) {

  /**
   * @param key a field name
   * @return its value, or {@code null}
   */
  @Nullable String field(String key) {
    return fields.get(key);
  }
}
