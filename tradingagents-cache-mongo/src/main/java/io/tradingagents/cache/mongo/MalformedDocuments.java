package io.tradingagents.cache.mongo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts documents of an unexpected shape (written by another program or an older version: a field
 * missing or of the wrong type) and logs each at WARN once, so a bad document read on every request does
 * not flood the log. Remembers up to {@value #MAX_REMEMBERED} documents, then logs further ones at DEBUG.
 * Thread-safe.
 */
final class MalformedDocuments {
  private static final Logger log = LoggerFactory.getLogger(MalformedDocuments.class);
  static final int MAX_REMEMBERED = 10_000;

  private final String collection;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final LongAdder count = new LongAdder();

  /** @param collection the collection name, for the log line */
  MalformedDocuments(String collection) {
    this.collection = collection;
  }

  /**
   * Records a malformed document.
   *
   * @param id the document's id (or key) as text
   * @param problem what is wrong with it, e.g. {@code field 'value' is missing}
   */
  void report(String id, String problem) {
    count.increment();
    if (reported.size() < MAX_REMEMBERED && reported.add(id)) {
      log.atWarn().setMessage("Ignoring MongoDB document {} in {}: {}; it was not written by this library (or by "
          + "an incompatible version). It is treated as absent; delete or fix it").addArgument(id)
          .addArgument(collection).addArgument(problem).addKeyValue("event", "mongo_document_malformed")
          .addKeyValue("tier", "mongodb").addKeyValue("error_category", "decode").log();
    } else {
      log.debug("Ignoring MongoDB document {} in {} again: {}", id, collection, problem);
    }
  }

  /** @return documents found malformed so far (each read counts) */
  long count() {
    return count.sum();
  }
}
