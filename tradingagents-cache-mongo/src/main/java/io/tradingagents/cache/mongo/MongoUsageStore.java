package io.tradingagents.cache.mongo;

import static io.tradingagents.cache.mongo.UsageDocuments.ID;
import static io.tradingagents.cache.mongo.UsageDocuments.TIMESTAMP;
import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.UsageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage records in the {@value MongoIndexes#USAGE_RECORDS} collection, one insert per record with the
 * record id as {@code _id}: appending a record whose id is stored (a replay from a journal, a retry) hits
 * the duplicate-key error 11000, which is ignored, so appends are idempotent and never read-modify-write.
 * Costs are Decimal128 with their currency code. Times are BSON dates (to the millisecond).
 *
 * <p>The collection's documented index is created before the first operation. A document of an
 * unexpected shape is skipped with a WARN (once per document). Operations throw
 * {@link io.tradingagents.cache.CacheException} when MongoDB fails. Thread-safe. {@link #close()} does not
 * close the client; later calls throw {@link IllegalStateException}.
 */
public final class MongoUsageStore implements UsageStore {
  private static final Logger log = LoggerFactory.getLogger(MongoUsageStore.class);

  private final StoreSupport store;

  /**
   * @param database the database; the client stays the caller's
   * @throws NullPointerException if {@code database} is null
   */
  public MongoUsageStore(MongoDatabase database) {
    this.store = new StoreSupport(database, MongoIndexes.USAGE_RECORDS);
  }

  /**
   * Inserts the record unless its id is stored already.
   *
   * @param record the record
   * @throws IllegalArgumentException if its cost cannot be stored as a Decimal128
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public void append(UsageRecord record) {
    requireNonNull(record, "record");
    Document doc = UsageDocuments.toDocument(record);
    store.run("append usage record " + record.id(), () -> {
      try {
        store.collection.insertOne(doc);
      } catch (MongoException e) {
        if (!MongoErrors.isDuplicateKey(e)) {
          throw e;
        }
        log.debug("Usage record {} is stored already; the append is ignored", record.id());
      }
      return null;
    });
  }

  /**
   * @param from earliest timestamp, inclusive, or {@code null}
   * @param to latest timestamp, exclusive, or {@code null}
   * @return the well-formed records in the range, oldest first (the {@code timestamp} index gives the order)
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public List<UsageRecord> query(@Nullable Instant from, @Nullable Instant to) {
    List<Bson> filters = new ArrayList<>();
    if (from != null) {
      filters.add(Filters.gte(TIMESTAMP, Fields.date(from)));
    }
    if (to != null) {
      filters.add(Filters.lt(TIMESTAMP, Fields.date(to)));
    }
    Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
    return store.run("query usage records", () -> store.read(
        store.collection.find(filter).sort(Sorts.ascending(TIMESTAMP)), ID, UsageDocuments::toRecord,
        Integer.MAX_VALUE));
  }

  /**
   * @return how many records are stored (an exact count)
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public long count() {
    return store.run("count usage records", store.collection::countDocuments);
  }

  /**
   * @param cutoff records whose timestamp is before this are deleted
   * @return how many were deleted
   * @throws io.tradingagents.cache.CacheException if MongoDB cannot be reached
   */
  @Override
  public long deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return store.run("delete usage records older than " + cutoff,
        () -> store.collection.deleteMany(Filters.lt(TIMESTAMP, Fields.date(cutoff))).getDeletedCount());
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
