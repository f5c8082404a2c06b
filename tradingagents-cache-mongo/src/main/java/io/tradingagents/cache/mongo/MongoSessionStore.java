package io.tradingagents.cache.mongo;

import static io.tradingagents.cache.mongo.SessionDocuments.LAST_ACTIVITY;
import static io.tradingagents.cache.mongo.SessionDocuments.SESSION_ID;
import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.tradingagents.analysis.SessionRecord;
import io.tradingagents.analysis.SessionStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * User sessions in the {@value MongoIndexes#USER_SESSIONS} collection, one document per session under a
 * unique index on {@code session_id}. {@link #touch} moves {@code last_activity} forward only
 * ({@code $max}), so a late, out-of-order touch never makes a session look older. Times are BSON dates (to
 * the millisecond).
 *
 * <p>The collection's documented indexes are created before the first operation. A document of an
 * unexpected shape is skipped with a WARN (once per document). Operations throw
 * {@link io.tradingagents.cache.CacheException} when MongoDB fails. Thread-safe. {@link #close()} does not
 * close the client; later calls throw {@link IllegalStateException}.
 */
public final class MongoSessionStore implements SessionStore {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final StoreSupport store;

  /**
   * @param database the database; the client stays the caller's
   * @throws NullPointerException if {@code database} is null
   */
  public MongoSessionStore(MongoDatabase database) {
    this.store = new StoreSupport(database, MongoIndexes.USER_SESSIONS);
  }

  /**
   * @param session saved, replacing a session with the same id
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public void save(SessionRecord session) {
    requireNonNull(session, "session");
    var doc = SessionDocuments.toDocument(session);
    store.run("save session " + session.sessionId(), () -> {
      try {
        store.collection.replaceOne(Filters.eq(SESSION_ID, session.sessionId()), doc, UPSERT);
      } catch (MongoException e) {
        if (!MongoErrors.isDuplicateKey(e)) {
          throw e;
        }
        // a concurrent save of the same new session inserted first: replace what it wrote
        store.collection.replaceOne(Filters.eq(SESSION_ID, session.sessionId()), doc, UPSERT);
      }
      return null;
    });
  }

  /**
   * @param sessionId the id
   * @return the session, or {@code null} if there is none (or its document is malformed)
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public @Nullable SessionRecord find(String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return store.run("find session " + sessionId, () -> {
      List<SessionRecord> found = store.read(store.collection.find(Filters.eq(SESSION_ID, sessionId)),
          SESSION_ID, SessionDocuments::toRecord, 1);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /**
   * @param sessionId the id
   * @param at the time of the activity; {@code last_activity} becomes the later of it and the stored one
   * @return whether the session exists
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public boolean touch(String sessionId, Instant at) {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(at, "at");
    return store.run("touch session " + sessionId, () -> store.collection.updateOne(
        Filters.eq(SESSION_ID, sessionId), Updates.max(LAST_ACTIVITY, Fields.date(at))).getMatchedCount() > 0);
  }

  /**
   * @param cutoff sessions whose last activity is before this are deleted
   * @return how many were deleted
   * @throws io.tradingagents.cache.CacheException if MongoDB fails
   */
  @Override
  public long deleteInactiveSince(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return store.run("delete sessions inactive since " + cutoff, () -> store.collection.deleteMany(
        Filters.lt(LAST_ACTIVITY, Fields.date(cutoff))).getDeletedCount());
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
