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
 * {@code {"v":1,"o":origin,"k":[keys],"p":[namespace prefixes],"a":all}}. Decoding accepts only that shape
 * (anyone who can publish on the channel can send anything). Stateless and thread-safe.
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
    if (keys == null || prefixes == null) {
      return null;
    }
    return new Invalidation(node.path("o").asText(), keys, prefixes, node.path("a").asBoolean());
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
