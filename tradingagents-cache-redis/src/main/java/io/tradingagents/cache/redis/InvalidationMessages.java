package io.tradingagents.cache.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingagents.cache.spi.Invalidation;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wire form of an {@link Invalidation} on the bus: a small JSON object
 * {@code {"v":1,"o":origin,"k":[keys],"p":[namespace prefixes],"a":all}}, with {@code "t":[versions]} (one
 * integer per key) if the message carries versions. Decoding accepts only that shape (anyone who can
 * publish on the channel can send anything). Stateless and thread-safe.
 */
final class InvalidationMessages {
  /** The format version written and accepted. */
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InvalidationMessages() {}

  /**
   * @param invalidation the message
   * @return its JSON text
   */
  static String encode(Invalidation invalidation) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("v", VERSION);
    node.put("o", invalidation.origin());
    ArrayNode keys = node.putArray("k");
    invalidation.keys().forEach(keys::add);
    ArrayNode prefixes = node.putArray("p");
    invalidation.namespacePrefixes().forEach(prefixes::add);
    node.put("a", invalidation.all());
    if (!invalidation.versions().isEmpty()) {
      ArrayNode versions = node.putArray("t");
      invalidation.versions().forEach(versions::add);
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param json a message received on the channel
   * @return the invalidation, or {@code null} if the text is not a message of this format
   */
  static @Nullable Invalidation decode(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject() || node.path("v").asInt(-1) != VERSION || !node.path("o").isTextual()
        || !node.path("a").isBoolean()) {
      return null;
    }
    List<String> keys = strings(node.path("k"));
    List<String> prefixes = strings(node.path("p"));
    List<Long> versions = node.has("t") ? versions(node.path("t"), keys) : List.of();
    if (keys == null || prefixes == null || versions == null) {
      return null;
    }
    return new Invalidation(node.path("o").asText(), keys, prefixes, node.path("a").asBoolean(), versions);
  }

  /** @return the versions, or {@code null} unless one non-negative integer per key */
  private static @Nullable List<Long> versions(JsonNode array, @Nullable List<String> keys) {
    if (!array.isArray() || keys == null || array.size() != keys.size()) {
      return null;
    }
    List<Long> versions = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (!item.canConvertToLong() || !item.isIntegralNumber() || item.asLong() < 0) {
        return null;
      }
      versions.add(item.asLong());
    }
    return versions;
  }

  private static @Nullable List<String> strings(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    List<String> values = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        return null;
      }
      values.add(item.asText());
    }
    return values;
  }
}
