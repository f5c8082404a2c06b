package io.tradingagents.cache.mongo;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.monitoring.ErrorCategory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MongoIndexes#ensure} until it has run once, logging what it did: creations at INFO,
 * conflicts at WARN once each. A failure to reach the server propagates (the caller is then down anyway)
 * and the set-up is retried on the next call; any other refusal (no privilege to create indexes, say) is
 * logged at WARN and not retried, so it never keeps a reachable server out of use. Never holds a lock
 * across I/O: two threads may run the set-up at once, which is harmless. Thread-safe.
 */
final class IndexSetup {
  /** MongoDB's error code for a missing privilege: the only failure not worth trying again. */
  private static final int UNAUTHORIZED = 13;
  private static final Logger log = LoggerFactory.getLogger(IndexSetup.class);

  private final MongoDatabase database;
  private final List<MongoIndexes.IndexSpec> specs;
  private final Set<String> reportedConflicts = ConcurrentHashMap.newKeySet();
  private final AtomicLong conflicts = new AtomicLong();
  private volatile boolean done;

  IndexSetup(MongoDatabase database, List<MongoIndexes.IndexSpec> specs) {
    this.database = database;
    this.specs = List.copyOf(specs);
  }

  /** @return whether the set-up has run */
  boolean isDone() {
    return done;
  }

  /** @return conflicting indexes found by the last run */
  long conflicts() {
    return conflicts.get();
  }

  /**
   * Runs the set-up unless it has run.
   *
   * @throws MongoException if the server cannot be reached (or rejects the credentials)
   */
  void ensure() {
    if (done) {
      return;
    }
    try {
      MongoIndexes.Result result = MongoIndexes.ensure(database, specs);
      if (!result.created().isEmpty()) {
        log.atInfo().setMessage("Created MongoDB indexes in {}: {}").addArgument(database.getName())
            .addArgument(result.created()).addKeyValue("event", "mongo_indexes_created").log();
      }
      conflicts.set(result.conflicts().size());
      for (MongoIndexes.Conflict conflict : result.conflicts()) {
        if (reportedConflicts.add(conflict.wanted().collection() + '/' + conflict.wanted().name())) {
          log.atWarn().setMessage("{}").addArgument(conflict.message())
              .addKeyValue("event", "mongo_index_conflict").log();
        }
      }
      done = true;
    } catch (MongoSocketException | MongoTimeoutException | MongoSecurityException e) {
      throw e;
    } catch (MongoException e) {
      if (e.getCode() != UNAUTHORIZED) {
        throw e; // not primary, recovering, interrupted...: transient, tried again at the next probe
      }
      log.atWarn().setMessage("Could not set up the MongoDB indexes in {} ({}); queries work but may be slow and "
          + "the cache collection is not expired by MongoDB: create them by hand (see the module README) or "
          + "grant the user the createIndex privilege").addArgument(database.getName())
          .addArgument(e.getMessage()).addKeyValue("event", "mongo_index_setup_failed")
          .addKeyValue("error_category", ErrorCategory.of(e)).log();
      done = true;
    }
  }
}
