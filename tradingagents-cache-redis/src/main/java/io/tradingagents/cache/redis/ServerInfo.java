package io.tradingagents.cache.redis;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the {@code field:value} lines of Redis' {@code INFO} reply. Stateless. */
final class ServerInfo {
  private static final Logger log = LoggerFactory.getLogger(ServerInfo.class);
  private ServerInfo() {}

  /**
   * @param info an {@code INFO} reply
   * @return its fields by name; section headers and blank lines left out
   */
  static Map<String, String> parse(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (line.isEmpty() || line.charAt(0) == '#' || colon <= 0) {
        continue;
      }
      fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return fields;
  }

  /**
   * @param fields parsed {@code INFO} fields
   * @param name a numeric field such as {@code used_memory}
   * @return its value, or 0 if absent or not a number
   */
  static long number(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      log.debug("INFO field {} is not a number: {}", name, value);
      return 0;
    }
  }

  /**
   * @param fields parsed {@code INFO} fields (the keyspace section has lines like
   *     {@code db0:keys=12,expires=12,avg_ttl=0})
   * @param database a database index
   * @return the number of keys in that database, or 0 if it has none
   */
  static long keys(Map<String, String> fields, int database) {
    String value = fields.get("db" + database);
    if (value == null) {
      return 0;
    }
    for (String part : value.split(",")) {
      if (part.startsWith("keys=")) {
        try {
          return Long.parseLong(part.substring("keys=".length()));
        } catch (NumberFormatException e) {
          log.debug("INFO keyspace line of db{} is malformed: {}", database, value);
          return 0;
        }
      }
    }
    return 0;
  }
}
