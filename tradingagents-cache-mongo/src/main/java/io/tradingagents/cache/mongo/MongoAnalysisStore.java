package io.tradingagents.cache.mongo;

import static io.tradingagents.cache.mongo.AnalysisDocuments.ANALYSIS_ID;
import static io.tradingagents.cache.mongo.AnalysisDocuments.ANALYSIS_TYPE;
import static io.tradingagents.cache.mongo.AnalysisDocuments.CREATED_AT;
import static io.tradingagents.cache.mongo.AnalysisDocuments.SYMBOL;
import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.tradingagents.analysis.AnalysisQuery;
import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.AnalysisStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Analysis results in the {@value MongoIndexes#ANALYSIS_RESULTS} collection (document shape in the module
 * README). The record id is stored as {@code analysis_id} under a unique index (the {@code _id} stays the
 * server's, as in the reference deployment's data), so {@link #save} is an upserting replace by
 * {@code analysis_id}: saving a record twice, or replaying it, keeps one document. Times are BSON dates
 * (to the millisecond), so ranges compare as times, not text.
 *
 * <p>The collection's documented indexes are created before the first operation. A document of an
 * unexpected shape is skipped with a WARN (once per document). Operations throw
 * {@link io.tradingagents.cache.CacheException} when MongoDB fails. Thread-safe. {@link #close()} does not
 * close the client (its owner does; see {@link MongoStores}); later calls throw
 * {@link IllegalStateException}.
 */
public final class MongoAnalysisStore implements AnalysisStore {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final StoreSupport store;

  /**
   * @param database the database; the client stays the caller's
   * @throws NullPointerException if {@code database} is null
   */
  public MongoAnalysisStore(MongoDatabase database) {
    this.store = new StoreSupport(database, MongoIndexes.ANALYSIS_RESULTS);
  }

  /**
   * Saves the record, replacing a document with the same id.
   *
   * @param record the record
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public void save(AnalysisRecord record) {
    requireNonNull(record, "record");
    Document doc = AnalysisDocuments.toDocument(record);
    store.run("save analysis record " + record.id(), () -> {
      try {
        store.collection.replaceOne(Filters.eq(ANALYSIS_ID, record.id()), doc, UPSERT);
      } catch (MongoException e) {
        if (!MongoErrors.isDuplicateKey(e)) {
          throw e;
        }
        // a concurrent save of the same new id inserted first: replace what it wrote
        store.collection.replaceOne(Filters.eq(ANALYSIS_ID, record.id()), doc, UPSERT);
      }
      return null;
    });
  }

  /**
   * @param id the record id
   * @return the record, or {@code null} if there is none (or its document is malformed)
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public @Nullable AnalysisRecord findById(String id) {
    requireNonNull(id, "id");
    return store.run("find analysis record " + id, () -> first(Filters.eq(ANALYSIS_ID, id)));
  }

  /**
   * @param symbol the symbol
   * @param analysisType the type
   * @return the newest well-formed record of that symbol and type, or {@code null}
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public @Nullable AnalysisRecord latest(String symbol, String analysisType) {
    requireNonNull(symbol, "symbol");
    requireNonNull(analysisType, "analysisType");
    return store.run("find the latest " + analysisType + " analysis of " + symbol,
        () -> first(Filters.and(Filters.eq(SYMBOL, symbol), Filters.eq(ANALYSIS_TYPE, analysisType))));
  }

  private @Nullable AnalysisRecord first(Bson filter) {
    List<AnalysisRecord> found = store.read(store.collection.find(filter).sort(newestFirst()), ANALYSIS_ID,
        AnalysisDocuments::toRecord, 1);
    return found.isEmpty() ? null : found.get(0);
  }

  private static Bson newestFirst() {
    return Sorts.orderBy(Sorts.descending(CREATED_AT), Sorts.descending(ANALYSIS_ID));
  }

  /**
   * @param query the filter
   * @return matching well-formed records, newest first, at most {@code query.limit()}
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public List<AnalysisRecord> query(AnalysisQuery query) {
    requireNonNull(query, "query");
    List<Bson> filters = new ArrayList<>();
    if (query.symbol() != null) {
      filters.add(Filters.eq(SYMBOL, query.symbol()));
    }
    if (query.analysisType() != null) {
      filters.add(Filters.eq(ANALYSIS_TYPE, query.analysisType()));
    }
    if (query.from() != null) {
      filters.add(Filters.gte(CREATED_AT, Fields.date(query.from())));
    }
    if (query.to() != null) {
      filters.add(Filters.lt(CREATED_AT, Fields.date(query.to())));
    }
    Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
    return store.run("query analysis records", () -> store.read(
        store.collection.find(filter).sort(newestFirst()), ANALYSIS_ID, AnalysisDocuments::toRecord,
        query.limit()));
  }

  /**
   * @param cutoff records created before this are deleted (a {@code created_at} that is not a date, as
   *     in data written as text by the reference deployment, never matches)
   * @return how many were deleted
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return store.run("delete analysis records older than " + cutoff,
        () -> store.collection.deleteMany(Filters.lt(CREATED_AT, Fields.date(cutoff))).getDeletedCount());
  }

  /** @return documents skipped as malformed so far */
  public long malformedDocuments() {
    return store.malformedCount();
  }

  /** Marks the store closed; the client stays open. Idempotent. */
  @Override
  public void close() {
    store.close();
  }
}
