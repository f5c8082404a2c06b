package io.tradingagents.cache.mongo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of document fields for the record mappers: a missing required field or a field of the
 * wrong type throws {@link MalformedDocumentException} naming it. Stateless.
 */
final class Fields {
  private Fields() {}

  static String string(Document doc, String field) {
    String value = optString(doc, field);
    if (value == null) {
      throw missing(field);
    }
    return value;
  }

  static @Nullable String optString(Document doc, String field) {
    Object value = doc.get(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw wrongType(field, value, "a string");
  }

  static Instant instant(Document doc, String field) {
    Object value = doc.get(field);
    if (value == null) {
      throw missing(field);
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    throw wrongType(field, value, "a date");
  }

  static long integral(Document doc, String field) {
    Object value = doc.get(field);
    if (value == null) {
      throw missing(field);
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw wrongType(field, value, "an integer");
  }

  static @Nullable Double optDouble(Document doc, String field) {
    Object value = doc.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && !(value instanceof Decimal128)) {
      return n.doubleValue();
    }
    throw wrongType(field, value, "a number");
  }

  static @Nullable BigDecimal optDecimal(Document doc, String field) {
    Object value = doc.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Decimal128 d) {
      try {
        return d.bigDecimalValue();
      } catch (ArithmeticException e) {
        throw new MalformedDocumentException("field '" + field + "' is NaN or infinite", e);
      }
    }
    throw wrongType(field, value, "a Decimal128");
  }

  /**
   * Reads an array of {@code {<nameField>: string, <valueField>: string}} pairs into a map.
   */
  static Map<String, String> pairs(Document doc, String field, String nameField, String valueField) {
    Object value = doc.get(field);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof List<?> list)) {
      throw wrongType(field, value, "an array");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Object item : list) {
      if (!(item instanceof Document pair)) {
        throw wrongType(field + "[]", item, "a document");
      }
      map.put(string(pair, nameField), string(pair, valueField));
    }
    return map;
  }

  /** Writes a map as an array of pairs (names may hold any character, unlike field names). */
  static List<Document> toPairs(Map<String, String> map, String nameField, String valueField) {
    List<Document> list = new ArrayList<>(map.size());
    map.forEach((k, v) -> list.add(new Document(nameField, k).append(valueField, v)));
    return list;
  }

  /**
   * @param amount an amount
   * @return it as a Decimal128 (rounded to 34 significant digits, the type's precision)
   * @throws IllegalArgumentException if it is out of Decimal128's range
   */
  static Decimal128 decimal(BigDecimal amount) {
    try {
      return new Decimal128(amount.round(MathContext.DECIMAL128));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount " + amount + " cannot be stored as a Decimal128", e);
    }
  }

  /** Instants beyond what a BSON date holds (such as {@link Instant#MAX}, "everything") are clamped. */
  static Date date(Instant instant) {
    if (instant.isAfter(MAX_DATE)) {
      return new Date(Long.MAX_VALUE);
    }
    if (instant.isBefore(MIN_DATE)) {
      return new Date(Long.MIN_VALUE);
    }
    return Date.from(instant);
  }

  private static final Instant MAX_DATE = Instant.ofEpochMilli(Long.MAX_VALUE);
  private static final Instant MIN_DATE = Instant.ofEpochMilli(Long.MIN_VALUE);

  static MalformedDocumentException missing(String field) {
    return new MalformedDocumentException("field '" + field + "' is missing");
  }

  private static MalformedDocumentException wrongType(String field, @Nullable Object value, String expected) {
    String actual = value == null ? "null" : value.getClass().getSimpleName();
    return new MalformedDocumentException("field '" + field + "' is " + actual + ", not " + expected);
  }
}
