package io.tradingagents.cache.mongo;

import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.AnalysisStatus;
import io.tradingagents.analysis.Money;
import io.tradingagents.cache.Market;
import java.math.BigDecimal;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@link AnalysisRecord}s to documents of {@value MongoIndexes#ANALYSIS_RESULTS} and back:
 *
 * <pre>{@code
 * { _id: ObjectId(...),                 // the server's; the record id is analysis_id
 *   analysis_id: "0b6f...",             // unique index
 *   symbol: "AAPL", market: "us", analysis_type: "comprehensive",
 *   created_at: ISODate(...),           // a BSON date, never a string
 *   model: "gpt-4o-mini", decision: "BUY", confidence: 0.8,   // each optional
 *   module_reports: [ { module: "market_report", report: "..." }, ... ],
 *   input_tokens: NumberLong(1200), output_tokens: NumberLong(300),
 *   cost: NumberDecimal("0.0123"), currency: "USD",            // optional, together
 *   status: "COMPLETED", session_id: "s-1" }                   // session optional
 * }</pre>
 *
 * Times are stored to the millisecond. Stateless.
 */
final class AnalysisDocuments {
  static final String ANALYSIS_ID = "analysis_id";
  static final String SYMBOL = "symbol";
  static final String MARKET = "market";
  static final String ANALYSIS_TYPE = "analysis_type";
  static final String CREATED_AT = "created_at";
  static final String MODEL = "model";
  static final String DECISION = "decision";
  static final String CONFIDENCE = "confidence";
  static final String MODULE_REPORTS = "module_reports";
  static final String MODULE = "module";
  static final String REPORT = "report";
  static final String INPUT_TOKENS = "input_tokens";
  static final String OUTPUT_TOKENS = "output_tokens";
  static final String COST = "cost";
  static final String CURRENCY = "currency";
  static final String STATUS = "status";
  static final String SESSION_ID = "session_id";

  private AnalysisDocuments() {}

  static Document toDocument(AnalysisRecord record) {
    Document doc = new Document(ANALYSIS_ID, record.id())
        .append(SYMBOL, record.symbol())
        .append(MARKET, record.market().code())
        .append(ANALYSIS_TYPE, record.analysisType())
        .append(CREATED_AT, Fields.date(record.createdAt()));
    putIfPresent(doc, MODEL, record.model());
    putIfPresent(doc, DECISION, record.decision());
    putIfPresent(doc, CONFIDENCE, record.confidence());
    doc.append(MODULE_REPORTS, Fields.toPairs(record.moduleReports(), MODULE, REPORT))
        .append(INPUT_TOKENS, record.inputTokens())
        .append(OUTPUT_TOKENS, record.outputTokens());
    Money cost = record.cost();
    if (cost != null) {
      doc.append(COST, Fields.decimal(cost.amount())).append(CURRENCY, cost.currency().getCurrencyCode());
    }
    doc.append(STATUS, record.status().name());
    putIfPresent(doc, SESSION_ID, record.sessionId());
    return doc;
  }

  private static void putIfPresent(Document doc, String field, @Nullable Object value) {
    if (value != null) {
      doc.append(field, value);
    }
  }

  /**
   * @param doc a stored document
   * @return the record
   * @throws MalformedDocumentException if the document does not have the shape above
   */
  static AnalysisRecord toRecord(Document doc) {
    try {
      BigDecimal amount = Fields.optDecimal(doc, COST);
      String currency = Fields.optString(doc, CURRENCY);
      Money cost = null;
      if (amount != null) {
        if (currency == null) {
          throw Fields.missing(CURRENCY);
        }
        cost = new Money(amount, Money.currency(currency));
      }
      return new AnalysisRecord(Fields.string(doc, ANALYSIS_ID), Fields.string(doc, SYMBOL),
          Market.parse(Fields.string(doc, MARKET)), Fields.string(doc, ANALYSIS_TYPE),
          Fields.instant(doc, CREATED_AT), Fields.optString(doc, MODEL), Fields.optString(doc, DECISION),
          Fields.optDouble(doc, CONFIDENCE), Fields.pairs(doc, MODULE_REPORTS, MODULE, REPORT),
          Fields.integral(doc, INPUT_TOKENS), Fields.integral(doc, OUTPUT_TOKENS), cost,
          AnalysisStatus.valueOf(Fields.string(doc, STATUS)), Fields.optString(doc, SESSION_ID));
    } catch (IllegalArgumentException e) {
      throw new MalformedDocumentException("a value is invalid", e);
    }
  }
}
