package io.tradingagents.cache.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * What the three record stores share: their collection, its index set-up (run before the first
 * operation, retried until it succeeds), the malformed-document report, the translation of driver
 * failures into {@link io.tradingagents.cache.CacheException}, and the closed flag. Thread-safe.
 */
final class StoreSupport {
  final MongoCollection<Document> collection;
  private final IndexSetup indexes;
  private final MalformedDocuments malformed;
  private final AtomicBoolean closed = new AtomicBoolean();

  StoreSupport(MongoDatabase database, String collection) {
    requireNonNull(database, "database");
    this.collection = database.getCollection(requireNonNull(collection, "collection"));
    this.indexes = new IndexSetup(database, MongoIndexes.recordIndexes(collection));
    this.malformed = new MalformedDocuments(database.getName() + '.' + collection);
  }

  /**
   * Runs an operation after the index set-up.
   *
   * @param what the operation, for the error message
   * @param operation the operation
   * @return its result
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   * @throws IllegalStateException if the store is closed
   */
  <T> T run(String what, Supplier<T> operation) {
    if (closed.get()) {
      throw new IllegalStateException("The MongoDB store of " + collection.getNamespace()
          + " is closed; cannot " + what);
    }
    try {
      indexes.ensure();
      return operation.get();
    } catch (MongoException e) {
      throw MongoErrors.storeFailure(what + " (" + collection.getNamespace() + ")", e);
    }
  }

  /**
   * Reads documents in order, skipping (and reporting) malformed ones, until {@code limit} are read.
   *
   * @param found the query
   * @param idField the field that identifies a document in the report
   * @param mapper document to record; throws {@link MalformedDocumentException}
   * @param limit at most this many records
   * @return the records
   */
  <R> List<R> read(FindIterable<Document> found, String idField, Function<Document, R> mapper, int limit) {
    List<R> records = new ArrayList<>();
    try (MongoCursor<Document> cursor = found.batchSize(Math.min(Math.max(limit, 2), 1_000)).iterator()) {
      while (records.size() < limit && cursor.hasNext()) {
        R record = map(cursor.next(), idField, mapper);
        if (record != null) {
          records.add(record);
        }
      }
    }
    return records;
  }

  /**
   * @return the record, or {@code null} (reported) if the document is malformed
   */
  <R> @Nullable R map(Document doc, String idField, Function<Document, R> mapper) {
    try {
      return mapper.apply(doc);
    } catch (MalformedDocumentException e) {
      Object id = doc.get(idField);
      malformed.report(idField + '=' + (id != null ? id : doc.get("_id")), e.getMessage());
      return null;
    }
  }

  /** @return documents found malformed so far */
  long malformedCount() {
    return malformed.count();
  }

  /** Marks the store closed. Idempotent. */
  void close() {
    closed.set(true);
  }
}
