package io.tradingagents.cache.mongo;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.TierEntry;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Maps cache entries to documents and back:
 *
 * <pre>{@code
 * { _id: "ta:default:STOCK_DATA:us:AAPL:...",   // the canonical key
 *   ns: "ta:default:",                          // its namespace prefix, indexed for namespace removal
 *   value: BinData(0, ...),                     // the engine's encoded bytes, header included
 *   created_at: ISODate(...),
 *   expires_at: ISODate(...) }                  // TTL-indexed with expireAfterSeconds 0
 * }</pre>
 *
 * Stateless.
 */
final class CacheDocuments {
  static final String ID = "_id";
  static final String NS = "ns";
  static final String VALUE = "value";
  static final String CREATED_AT = "created_at";
  static final String EXPIRES_AT = "expires_at";

  private CacheDocuments() {}

  /**
   * @param key a key
   * @return its namespace prefix ({@code ta:<namespace>:}), or {@code null} if it is not a canonical key
   */
  static @Nullable String namespaceOf(String key) {
    if (!key.startsWith(CacheKey.PREFIX)) {
      return null;
    }
    int end = key.indexOf(':', CacheKey.PREFIX.length());
    return end < 0 ? null : key.substring(0, end + 1);
  }

  /**
   * @param prefix a removal prefix
   * @return whether it is exactly a namespace prefix as {@link CacheKey#namespacePrefix} makes, so that
   *     "key starts with prefix" is the same as "ns equals prefix"
   */
  static boolean isNamespacePrefix(String prefix) {
    return prefix.startsWith(CacheKey.PREFIX) && prefix.length() > CacheKey.PREFIX.length() + 1
        && prefix.indexOf(':', CacheKey.PREFIX.length()) == prefix.length() - 1;
  }

  /**
   * @param key the canonical key
   * @param entry the entry
   * @return the document to store
   */
  static BsonDocument toDocument(String key, TierEntry entry) {
    BsonDocument doc = new BsonDocument(ID, new BsonString(key));
    String ns = namespaceOf(key);
    if (ns != null) {
      doc.append(NS, new BsonString(ns));
    }
    return doc.append(VALUE, new BsonBinary(entry.value()))
        .append(CREATED_AT, new BsonDateTime(entry.createdAtMillis()))
        .append(EXPIRES_AT, new BsonDateTime(entry.expiresAtMillis()));
  }

  /**
   * @param doc a stored document
   * @return the entry it holds
   * @throws MalformedDocumentException if it lacks a field or has one of the wrong type
   */
  static TierEntry toEntry(BsonDocument doc) {
    BsonValue value = doc.get(VALUE);
    if (value == null) {
      throw new MalformedDocumentException("field '" + VALUE + "' is missing");
    }
    if (!value.isBinary() || value.asBinary().getType() != BsonBinarySubType.BINARY.getValue()) {
      throw new MalformedDocumentException("field '" + VALUE + "' is " + describe(value)
          + ", not generic binary data");
    }
    long created = date(doc, CREATED_AT);
    long expires = date(doc, EXPIRES_AT);
    try {
      return new TierEntry(value.asBinary().getData(), created, expires);
    } catch (IllegalArgumentException e) {
      throw new MalformedDocumentException("its times are inconsistent", e);
    }
  }

  private static long date(BsonDocument doc, String field) {
    BsonValue value = doc.get(field);
    if (value == null) {
      throw new MalformedDocumentException("field '" + field + "' is missing");
    }
    if (!value.isDateTime()) {
      throw new MalformedDocumentException("field '" + field + "' is " + describe(value) + ", not a date");
    }
    return value.asDateTime().getValue();
  }

  private static String describe(BsonValue value) {
    if (value.isBinary()) {
      return "binary subtype " + value.asBinary().getType();
    }
    return "of type " + value.getBsonType();
  }
}
