package io.tradingagents.cache.mongo;

import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
import java.math.BigDecimal;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link UsageRecord}s to documents of {@value MongoIndexes#USAGE_RECORDS} and back:
 *
 * <pre>{@code
 * { _id: "4c1e...",                      // the record id: a replayed record is a duplicate key, ignored
 *   timestamp: ISODate(...),             // indexed
 *   provider: "openai", model: "gpt-4o-mini",
 *   input_tokens: NumberLong(1200), output_tokens: NumberLong(300),
 *   cost: NumberDecimal("0.0123"), currency: "USD",   // never summed across currencies
 *   session_id: "s-1", analysis_type: "technical", module: "news_analyst" }   // each optional
 * }</pre>
 *
 * Times are stored to the millisecond. Stateless.
 */
final class UsageDocuments {
  static final String ID = "_id";
  static final String TIMESTAMP = "timestamp";
  static final String PROVIDER = "provider";
  static final String MODEL = "model";
  static final String INPUT_TOKENS = "input_tokens";
  static final String OUTPUT_TOKENS = "output_tokens";
  static final String COST = "cost";
  static final String CURRENCY = "currency";
  static final String SESSION_ID = "session_id";
  static final String ANALYSIS_TYPE = "analysis_type";
  static final String MODULE = "module";

  private UsageDocuments() {}

  static Document toDocument(UsageRecord record) {
    Document doc = new Document(ID, record.id())
        .append(TIMESTAMP, Fields.date(record.timestamp()))
        .append(PROVIDER, record.provider())
        .append(MODEL, record.model())
        .append(INPUT_TOKENS, record.inputTokens())
        .append(OUTPUT_TOKENS, record.outputTokens())
        .append(COST, Fields.decimal(record.cost().amount()))
        .append(CURRENCY, record.cost().currency().getCurrencyCode());
    putIfPresent(doc, SESSION_ID, record.sessionId());
    putIfPresent(doc, ANALYSIS_TYPE, record.analysisType());
    putIfPresent(doc, MODULE, record.module());
    return doc;
  }

  private static void putIfPresent(Document doc, String field, @Nullable String value) {
    if (value != null) {
      doc.append(field, value);
    }
  }

  /**
   * @param doc a stored document
   * @return the record
   * @throws MalformedDocumentException if the document does not have the shape above
   */
  static UsageRecord toRecord(Document doc) {
    try {
      BigDecimal amount = Fields.optDecimal(doc, COST);
      if (amount == null) {
        throw Fields.missing(COST);
      }
      return new UsageRecord(Fields.string(doc, ID), Fields.instant(doc, TIMESTAMP),
          Fields.string(doc, PROVIDER), Fields.string(doc, MODEL), Fields.integral(doc, INPUT_TOKENS),
          Fields.integral(doc, OUTPUT_TOKENS), new Money(amount, Money.currency(Fields.string(doc, CURRENCY))),
          Fields.optString(doc, SESSION_ID), Fields.optString(doc, ANALYSIS_TYPE), Fields.optString(doc, MODULE));
    } catch (IllegalArgumentException e) {
      throw new MalformedDocumentException("a value is invalid", e);
    }
  }
}
