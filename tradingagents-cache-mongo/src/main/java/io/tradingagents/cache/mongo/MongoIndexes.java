package io.tradingagents.cache.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The documented MongoDB indexes, as data, and their idempotent set-up.
 *
 * <table>
 *   <caption>Collections and indexes</caption>
 *   <tr><th>Collection</th><th>Indexes (besides {@code _id})</th></tr>
 *   <tr><td>{@value #STOCK_DATA}</td><td>{@code {symbol:1, market_type:1}}, {@code {created_at:-1}},
 *       {@code {updated_at:-1}}</td></tr>
 *   <tr><td>{@value #ANALYSIS_RESULTS}</td><td>{@code {symbol:1, analysis_type:1}}, {@code {created_at:-1}},
 *       {@code {symbol:1, created_at:-1}}, {@code {analysis_id:1}} unique</td></tr>
 *   <tr><td>{@value #USER_SESSIONS}</td><td>{@code {session_id:1}} unique, {@code {created_at:-1}},
 *       {@code {last_activity:-1}}</td></tr>
 *   <tr><td>{@value #USAGE_RECORDS}</td><td>{@code {timestamp:1}} (the record id is the {@code _id})</td></tr>
 *   <tr><td>the cache collection ({@value #DEFAULT_CACHE_COLLECTION})</td><td>{@code {expires_at:1}} with
 *       {@code expireAfterSeconds: 0} (TTL: MongoDB deletes an entry once its expiry has passed),
 *       {@code {ns:1}} (namespace removal)</td></tr>
 * </table>
 *
 * <p>Every index has the driver's default name ({@code symbol_1_market_type_1}). {@link #ensure} lists a
 * collection's indexes and creates only the missing ones, so a second start changes nothing and two
 * instances starting at once both succeed ({@code createIndexes} with the same definition is idempotent on
 * the server). An index that exists under the same name or keys with other options (another TTL, not
 * unique, sparse, partial) is never dropped or changed: it is reported as a {@link Conflict} whose message
 * says how to fix it. Stateless and thread-safe.
 */
public final class MongoIndexes {
  /** Stock data of the reference deployment (indexes only; this library writes none). */
  public static final String STOCK_DATA = "stock_data";
  /** Analysis results ({@link MongoAnalysisStore}). */
  public static final String ANALYSIS_RESULTS = "analysis_results";
  /** User sessions ({@link MongoSessionStore}). */
  public static final String USER_SESSIONS = "user_sessions";
  /** Usage records ({@link MongoUsageStore}). */
  public static final String USAGE_RECORDS = "usage_records";
  /** The cache tier's collection unless {@value MongoSettings#CACHE_COLLECTION} names another. */
  public static final String DEFAULT_CACHE_COLLECTION = "cache_entries";

  /** Server error codes for an index that exists with other options, keys or name. */
  private static final List<Integer> CONFLICT_CODES = List.of(85, 86, 68);

  private MongoIndexes() {}

  /**
   * One field of an index key.
   *
   * @param name the field
   * @param direction 1 ascending, -1 descending
   */
  public record Field(String name, int direction) {
    /**
     * @param name the field
     * @param direction 1 or -1
     * @throws IllegalArgumentException if the direction is not 1 or -1
     */
    public Field {
      requireNonNull(name, "name");
      if (direction != 1 && direction != -1) {
        throw new IllegalArgumentException("direction must be 1 or -1 but was " + direction);
      }
    }
  }

  /**
   * One documented index.
   *
   * @param collection the collection
   * @param fields the key, in order
   * @param unique whether it is unique
   * @param expireAfterSeconds the TTL option, or {@code null} for none
   */
  public record IndexSpec(String collection, List<Field> fields, boolean unique,
      @Nullable Long expireAfterSeconds) {
    /**
     * Copies the fields.
     *
     * @param collection the collection
     * @param fields the key, in order; not empty
     * @param unique whether it is unique
     * @param expireAfterSeconds the TTL option, or {@code null}
     * @throws IllegalArgumentException if {@code fields} is empty
     */
    public IndexSpec {
      requireNonNull(collection, "collection");
      fields = List.copyOf(fields);
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("an index needs at least one field");
      }
    }

    /** @return the driver's default name, e.g. {@code symbol_1_created_at_-1} */
    public String name() {
      StringBuilder sb = new StringBuilder();
      for (Field f : fields) {
        sb.append(sb.length() == 0 ? "" : "_").append(f.name()).append('_').append(f.direction());
      }
      return sb.toString();
    }

    /** @return the key document, e.g. {@code {symbol: 1, created_at: -1}} */
    public Document keys() {
      Document keys = new Document();
      fields.forEach(f -> keys.append(f.name(), f.direction()));
      return keys;
    }

    /** @return the options to create it with */
    public IndexOptions options() {
      IndexOptions options = new IndexOptions().name(name()).unique(unique);
      if (expireAfterSeconds != null) {
        options.expireAfter(expireAfterSeconds, TimeUnit.SECONDS);
      }
      return options;
    }

    @Override
    public String toString() {
      return collection + ' ' + keys().toJson() + (unique ? " unique" : "")
          + (expireAfterSeconds != null ? " expireAfterSeconds=" + expireAfterSeconds : "");
    }
  }

  /**
   * An existing index that differs from the documented one; left unchanged.
   *
   * @param wanted the documented index
   * @param existing the index as {@code listIndexes} shows it (or the server's refusal)
   * @param message what differs and how to fix it
   */
  public record Conflict(IndexSpec wanted, String existing, String message) {}

  /**
   * What {@link #ensure} did.
   *
   * @param created indexes created now
   * @param present indexes that already existed as documented
   * @param conflicts indexes that exist with other options and were left alone
   */
  public record Result(List<IndexSpec> created, List<IndexSpec> present, List<Conflict> conflicts) {
    /**
     * Copies the lists.
     *
     * @param created indexes created now
     * @param present indexes that already existed as documented
     * @param conflicts indexes that exist with other options
     */
    public Result {
      created = List.copyOf(created);
      present = List.copyOf(present);
      conflicts = List.copyOf(conflicts);
    }
  }

  private static Field asc(String name) {
    return new Field(name, 1);
  }

  private static Field desc(String name) {
    return new Field(name, -1);
  }

  /**
   * @param collection the cache collection
   * @return the cache collection's indexes: the TTL index on {@code expires_at} and {@code ns}
   */
  public static List<IndexSpec> cacheIndexes(String collection) {
    return List.of(
        new IndexSpec(collection, List.of(asc(CacheDocuments.EXPIRES_AT)), false, 0L),
        new IndexSpec(collection, List.of(asc(CacheDocuments.NS)), false, null));
  }

  /** @return the indexes of the record collections: stock data, analysis results, sessions, usage */
  public static List<IndexSpec> recordIndexes() {
    return List.of(
        new IndexSpec(STOCK_DATA, List.of(asc("symbol"), asc("market_type")), false, null),
        new IndexSpec(STOCK_DATA, List.of(desc("created_at")), false, null),
        new IndexSpec(STOCK_DATA, List.of(desc("updated_at")), false, null),
        new IndexSpec(ANALYSIS_RESULTS, List.of(asc("symbol"), asc("analysis_type")), false, null),
        new IndexSpec(ANALYSIS_RESULTS, List.of(desc("created_at")), false, null),
        new IndexSpec(ANALYSIS_RESULTS, List.of(asc("symbol"), desc("created_at")), false, null),
        new IndexSpec(ANALYSIS_RESULTS, List.of(asc(AnalysisDocuments.ANALYSIS_ID)), true, null),
        new IndexSpec(USER_SESSIONS, List.of(asc(SessionDocuments.SESSION_ID)), true, null),
        new IndexSpec(USER_SESSIONS, List.of(desc("created_at")), false, null),
        new IndexSpec(USER_SESSIONS, List.of(desc(SessionDocuments.LAST_ACTIVITY)), false, null),
        new IndexSpec(USAGE_RECORDS, List.of(asc(UsageDocuments.TIMESTAMP)), false, null));
  }

  /**
   * @param collection a collection name
   * @return the documented indexes of that record collection (empty for an unknown one)
   */
  public static List<IndexSpec> recordIndexes(String collection) {
    return recordIndexes().stream().filter(s -> s.collection().equals(collection)).toList();
  }

  /**
   * @param cacheCollection the cache collection
   * @return every documented index
   */
  public static List<IndexSpec> all(String cacheCollection) {
    List<IndexSpec> all = new ArrayList<>(recordIndexes());
    all.addAll(cacheIndexes(cacheCollection));
    return List.copyOf(all);
  }

  /**
   * Creates the missing indexes of {@code specs}; see the class comment. Does not log: the caller reports
   * the result.
   *
   * @param database the database
   * @param specs the indexes wanted
   * @return what was created, what was there, what conflicts
   * @throws com.mongodb.MongoException if the server cannot be reached or refuses (other than a conflict)
   */
  public static Result ensure(MongoDatabase database, List<IndexSpec> specs) {
    requireNonNull(database, "database");
    List<IndexSpec> created = new ArrayList<>();
    List<IndexSpec> present = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    Map<String, List<IndexSpec>> byCollection = new LinkedHashMap<>();
    for (IndexSpec spec : specs) {
      byCollection.computeIfAbsent(spec.collection(), c -> new ArrayList<>()).add(spec);
    }
    for (Map.Entry<String, List<IndexSpec>> e : byCollection.entrySet()) {
      MongoCollection<Document> collection = database.getCollection(e.getKey());
      List<Document> existing = collection.listIndexes().into(new ArrayList<>());
      for (IndexSpec spec : e.getValue()) {
        Document match = find(existing, spec);
        if (match == null) {
          try {
            collection.createIndex(spec.keys(), spec.options());
            created.add(spec);
          } catch (MongoCommandException ex) {
            if (!CONFLICT_CODES.contains(ex.getErrorCode())) {
              throw ex;
            }
            conflicts.add(conflict(database, spec, "the server refused it: " + ex.getErrorMessage()));
          }
        } else if (sameDefinition(match, spec)) {
          present.add(spec);
        } else {
          conflicts.add(conflict(database, spec, match.toJson()));
        }
      }
    }
    return new Result(created, present, conflicts);
  }

  private static Conflict conflict(MongoDatabase database, IndexSpec spec, String existing) {
    String message = "MongoDB index " + spec.name() + " on " + database.getName() + '.' + spec.collection()
        + " exists as " + existing + " but the documented index is " + spec
        + "; it was left unchanged. To fix it, drop it (db." + spec.collection() + ".dropIndex('"
        + spec.name() + "')) and restart: the documented index is then created";
    return new Conflict(spec, existing, message);
  }

  /** @return the existing index with the spec's name or, failing that, its key; or {@code null} */
  private static @Nullable Document find(List<Document> existing, IndexSpec spec) {
    for (Document index : existing) {
      if (spec.name().equals(index.get("name"))) {
        return index;
      }
    }
    for (Document index : existing) {
      if (sameKeys(index, spec)) {
        return index;
      }
    }
    return null;
  }

  /**
   * @param index an index as {@code listIndexes} returns it
   * @param spec a documented index
   * @return whether the index has the spec's key (same fields, order and directions)
   */
  static boolean sameKeys(Document index, IndexSpec spec) {
    Object key = index.get("key");
    if (!(key instanceof Document keyDocument) || keyDocument.size() != spec.fields().size()) {
      return false;
    }
    int i = 0;
    for (Map.Entry<String, Object> field : keyDocument.entrySet()) {
      Field wanted = spec.fields().get(i++);
      if (!wanted.name().equals(field.getKey()) || !(field.getValue() instanceof Number direction)
          || Math.signum(direction.doubleValue()) != wanted.direction()) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param index an index as {@code listIndexes} returns it
   * @param spec a documented index
   * @return whether it is the documented index: same key, uniqueness and TTL, neither sparse nor partial
   */
  static boolean sameDefinition(Document index, IndexSpec spec) {
    Object ttl = index.get("expireAfterSeconds");
    Long existingTtl = ttl instanceof Number n ? n.longValue() : null;
    return sameKeys(index, spec)
        && Boolean.TRUE.equals(index.get("unique")) == spec.unique()
        && Objects.equals(existingTtl, spec.expireAfterSeconds())
        && !Boolean.TRUE.equals(index.get("sparse"))
        && !index.containsKey("partialFilterExpression");
  }
}
