package io.tradingagents.cache.mongo;

import static io.tradingagents.cache.mongo.CacheDocuments.ID;
import static io.tradingagents.cache.mongo.CacheDocuments.NS;
import static java.util.Objects.requireNonNull;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent cache tier: one document per entry in one collection (shape in the module README: the
 * key as {@code _id}, its namespace prefix in {@code ns}, the encoded value as binary, BSON dates
 * {@code created_at} and {@code expires_at}).
 *
 * <p><b>Expiry.</b> A TTL index on {@code expires_at} ({@code expireAfterSeconds: 0}) lets MongoDB delete
 * expired entries itself; since its TTL monitor runs only every minute or so, reads also ignore an entry
 * whose expiry has passed on this tier's clock. Reads never write.
 *
 * <p><b>Round trips.</b> {@code get} and {@code remove} are one command; {@code getAll} one {@code $in}
 * query (per 1,000 keys); {@code putAll} one unordered bulk write of upserting replaces; namespace removal
 * one {@code deleteMany} on the indexed {@code ns} field (or an anchored {@code _id} prefix regex for a
 * prefix that is not a whole namespace), never on an empty filter.
 *
 * <p><b>Failures.</b> A document of an unexpected shape (written by another program: a field missing or
 * of the wrong type) is a miss, logged at WARN once per document and counted ({@code malformedDocuments}
 * in {@link #usage()}); it never throws. A value too large for a document
 * ({@value #MAX_VALUE_BYTES} bytes and more) is not stored, any older value under its key is removed, and
 * it is counted ({@code oversizedValuesSkipped}). Any other failure throws the driver's
 * {@link MongoException}, which the engine's guard counts; every call is bounded by the client's timeouts
 * ({@link MongoSettings#TIMEOUT}).
 *
 * <p>Thread-safe. {@link #close()} closes the client if the tier owns it (opened by
 * {@link MongoCacheProvider}); a second call does nothing.
 */
public final class MongoTier implements CacheTier {
  private static final Logger log = LoggerFactory.getLogger(MongoTier.class);

  /** Values this large or larger do not fit in a 16 MiB document with the key and times; not stored. */
  public static final int MAX_VALUE_BYTES = (16 << 20) - (64 << 10);
  private static final int MAX_KEYS_PER_QUERY = 1_000;
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private final @Nullable MongoClient ownedClient;
  private final MongoDatabase database;
  private final MongoCollection<BsonDocument> collection;
  private final Clock clock;
  private final String address;
  private final IndexSetup indexes;
  private final MalformedDocuments malformed;
  private final LongAdder oversized = new LongAdder();
  private final AtomicBoolean oversizeLogged = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable String serverVersion;

  /**
   * A tier on a database whose client the caller owns (and closes after the tier). Creates no index
   * until {@link #ping()} or the first {@link #ensureIndexes()}.
   *
   * @param database the database
   * @param collection the cache collection, e.g. {@value MongoIndexes#DEFAULT_CACHE_COLLECTION}
   * @param clock the time source for the read-side expiry check (the cache's clock)
   * @return the tier
   * @throws NullPointerException if an argument is null
   */
  public static MongoTier using(MongoDatabase database, String collection, Clock clock) {
    return new MongoTier(null, database, collection, clock, "database " + database.getName());
  }

  MongoTier(@Nullable MongoClient ownedClient, MongoDatabase database, String collection, Clock clock,
      String address) {
    this.ownedClient = ownedClient;
    this.database = requireNonNull(database, "database");
    this.collection = database.getCollection(requireNonNull(collection, "collection"), BsonDocument.class);
    this.clock = requireNonNull(clock, "clock");
    this.address = requireNonNull(address, "address");
    this.indexes = new IndexSetup(database, MongoIndexes.cacheIndexes(collection));
    this.malformed = new MalformedDocuments(database.getName() + '.' + collection);
  }

  /** @return {@code mongodb} */
  @Override
  public String name() {
    return "mongodb";
  }

  /** @return {@link TierKind#MONGODB} */
  @Override
  public TierKind kind() {
    return TierKind.MONGODB;
  }

  @Override
  public @Nullable TierEntry get(String key) {
    requireNonNull(key, "key");
    BsonDocument doc = collection.find(Filters.eq(ID, key)).first();
    return doc == null ? null : readable(key, doc, clock.millis());
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      return Map.of();
    }
    long now = clock.millis();
    Map<String, TierEntry> byKey = new HashMap<>();
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += MAX_KEYS_PER_QUERY) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_KEYS_PER_QUERY));
      for (BsonDocument doc : collection.find(Filters.in(ID, chunk))) {
        BsonValue id = doc.get(ID);
        if (id != null && id.isString()) {
          TierEntry entry = readable(id.asString().getValue(), doc, now);
          if (entry != null) {
            byKey.put(id.asString().getValue(), entry);
          }
        }
      }
    }
    Map<String, TierEntry> found = new LinkedHashMap<>();
    for (String key : all) {
      TierEntry entry = byKey.get(key);
      if (entry != null) {
        found.put(key, entry);
      }
    }
    return found;
  }

  private @Nullable TierEntry readable(String key, BsonDocument doc, long now) {
    try {
      TierEntry entry = CacheDocuments.toEntry(doc);
      return entry.isExpired(now) ? null : entry;
    } catch (MalformedDocumentException e) {
      malformed.report(key, e.getMessage());
      return null;
    }
  }

  @Override
  public void put(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    if (entry.isExpired(clock.millis()) || tooLarge(key, entry)) {
      collection.deleteOne(Filters.eq(ID, key));
      return;
    }
    BsonDocument doc = CacheDocuments.toDocument(key, entry);
    try {
      collection.replaceOne(Filters.eq(ID, key), doc, UPSERT);
    } catch (MongoException e) {
      if (!MongoErrors.isDuplicateKey(e)) {
        throw e;
      }
      // two upserts of one new key raced to insert it: the other one won, so this one now replaces it
      collection.replaceOne(Filters.eq(ID, key), doc, UPSERT);
    }
  }

  @Override
  public void putAll(Map<String, TierEntry> entries) {
    requireNonNull(entries, "entries");
    if (entries.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<WriteModel<BsonDocument>> writes = new ArrayList<>(entries.size());
    entries.forEach((key, entry) -> {
      if (entry.isExpired(now) || tooLarge(key, entry)) {
        writes.add(new DeleteOneModel<>(Filters.eq(ID, key)));
      } else {
        writes.add(new ReplaceOneModel<>(Filters.eq(ID, key), CacheDocuments.toDocument(key, entry), UPSERT));
      }
    });
    try {
      collection.bulkWrite(writes, UNORDERED);
    } catch (MongoException e) {
      if (!MongoErrors.isDuplicateKey(e)) {
        throw e;
      }
      collection.bulkWrite(writes, UNORDERED); // lost an insert race (see put); every write is idempotent
    }
  }

  /**
   * Stores the entry only if no live document has its key: one upsert filtered on the key and an expiry
   * that has passed. A live document makes the upsert try to insert a second {@code _id}, which the
   * server refuses (duplicate key); that refusal is the answer "present".
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether it was stored; an expired or oversized entry is not
   * @throws MongoException if MongoDB fails for any other reason
   */
  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long now = clock.millis();
    return putIf(key, entry, now, Filters.lte(CacheDocuments.EXPIRES_AT, new BsonDateTime(now)));
  }

  /**
   * Stores the entry unless a live document of its key was created after it: one upsert filtered on the
   * key and ({@code created_at} not later, or the expiry passed), atomic on the server. A newer document
   * makes the upsert collide with it on {@code _id} and is left alone.
   *
   * @param key a canonical key
   * @param entry the entry
   * @return whether it was stored; an expired or oversized entry is not
   * @throws MongoException if MongoDB fails for any other reason
   */
  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    requireNonNull(key, "key");
    requireNonNull(entry, "entry");
    long now = clock.millis();
    return putIf(key, entry, now, Filters.or(
        Filters.lte(CacheDocuments.CREATED_AT, new BsonDateTime(entry.createdAtMillis())),
        Filters.lte(CacheDocuments.EXPIRES_AT, new BsonDateTime(now))));
  }

  private boolean putIf(String key, TierEntry entry, long now, org.bson.conversions.Bson replaceable) {
    if (entry.isExpired(now)) {
      return false;
    }
    if (tooLarge(key, entry)) {
      // It cannot be stored, but what it would have replaced must not stay either (as in put).
      collection.deleteOne(Filters.and(Filters.eq(ID, key), replaceable));
      return false;
    }
    try {
      collection.replaceOne(Filters.and(Filters.eq(ID, key), replaceable),
          CacheDocuments.toDocument(key, entry), UPSERT);
      return true;
    } catch (MongoException e) {
      if (MongoErrors.isDuplicateKey(e)) {
        log.debug("Conditional write of {} not applied: a newer or live document is there", key);
        return false;
      }
      throw e;
    }
  }

  private boolean tooLarge(String key, TierEntry entry) {
    if (entry.length() < MAX_VALUE_BYTES) {
      return false;
    }
    oversized.increment();
    if (oversizeLogged.compareAndSet(false, true)) {
      log.atWarn().setMessage("Not storing a {}-byte value in MongoDB (documents hold at most 16 MiB); such "
          + "entries stay in the other tiers only. Counted as oversizedValuesSkipped; first key {}")
          .addArgument(entry.length()).addArgument(key).addKeyValue("event", "value_too_large")
          .addKeyValue("tier", "mongodb").log();
    } else {
      log.debug("Not storing a {}-byte value in MongoDB for {}", entry.length(), key);
    }
    return true;
  }

  @Override
  public boolean remove(String key) {
    return collection.deleteOne(Filters.eq(ID, requireNonNull(key, "key"))).getDeletedCount() > 0;
  }

  /**
   * @param prefix a namespace prefix; a whole namespace ({@code ta:<name>:}) is removed through the indexed
   *     {@code ns} field, any other prefix through an anchored regex on {@code _id}
   * @return the number of entries removed
   * @throws IllegalArgumentException if {@code prefix} is empty (that would remove everything)
   */
  @Override
  public long removeNamespace(String prefix) {
    requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty: that would remove every entry");
    }
    if (CacheDocuments.isNamespacePrefix(prefix)) {
      return collection.deleteMany(Filters.eq(NS, prefix)).getDeletedCount();
    }
    return collection.deleteMany(Filters.regex(ID, "^" + MongoErrors.escapeRegex(prefix))).getDeletedCount();
  }

  /**
   * Runs the {@code ping} command and, until it has succeeded once, the cache collection's index set-up
   * (so a tier that started while MongoDB was down gets its indexes when it first answers). Writes no
   * entry.
   *
   * @throws MongoException if the server does not answer in time or rejects the credentials
   */
  @Override
  public void ping() {
    database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
    indexes.ensure();
  }

  /**
   * Creates the cache collection's documented indexes if they are missing (see {@link MongoIndexes}).
   *
   * @throws MongoException if the server cannot be reached
   */
  public void ensureIndexes() {
    indexes.ensure();
  }

  /**
   * @return entry count (estimated from metadata), collection size in bytes ({@code collStats}, or
   *     {@code $collStats} where that is missing, else -1), and details: masked address, database,
   *     collection, server version, malformed documents, oversized values skipped, index conflicts
   * @throws MongoException if the server does not answer
   */
  @Override
  public TierUsage usage() {
    long start = System.nanoTime();
    database.runCommand(new Document("ping", 1));
    long pingNanos = System.nanoTime() - start;
    long count = collection.estimatedDocumentCount();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("pingMs", String.format(java.util.Locale.ROOT, "%.3f", pingNanos / 1e6));
    details.put("address", address);
    details.put("database", database.getName());
    details.put("collection", collection.getNamespace().getCollectionName());
    details.put("serverVersion", serverVersion());
    details.put("malformedDocuments", Long.toString(malformed.count()));
    details.put("oversizedValuesSkipped", Long.toString(oversized.sum()));
    details.put("indexConflicts", Long.toString(indexes.conflicts()));
    for (String store : List.of(MongoIndexes.ANALYSIS_RESULTS, MongoIndexes.USAGE_RECORDS,
        MongoIndexes.USER_SESSIONS)) {
      details.put(store + "Count", Long.toString(database.getCollection(store).estimatedDocumentCount()));
    }
    return new TierUsage(count, collectionSize(), details);
  }

  private String serverVersion() {
    String version = serverVersion;
    if (version == null) {
      Document info = database.runCommand(new Document("buildInfo", 1));
      version = info.get("version") instanceof String v ? v : "unknown";
      serverVersion = version;
    }
    return version;
  }

  private long collectionSize() {
    String name = collection.getNamespace().getCollectionName();
    try {
      Document stats = database.runCommand(new Document("collStats", name));
      return stats.get("size") instanceof Number n ? n.longValue() : -1;
    } catch (MongoCommandException e) {
      log.debug("collStats is not available ({}); trying $collStats", e.getErrorMessage());
    }
    try {
      Document stats = database.getCollection(name).aggregate(List.of(
          new Document("$collStats", new Document("storageStats", new Document())))).first();
      if (stats != null && stats.get("storageStats") instanceof Document storage
          && storage.get("size") instanceof Number n) {
        return n.longValue();
      }
    } catch (MongoCommandException e) {
      log.debug("$collStats is not available either ({}); size unknown", e.getErrorMessage());
    }
    return -1;
  }

  /** Closes the client if this tier owns it. Idempotent; the entries stay in the collection. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (ownedClient != null) {
        ownedClient.close();
      }
      log.atInfo().setMessage("MongoDB cache tier closed ({})").addArgument(address)
          .addKeyValue("event", "tier_closed").addKeyValue("tier", "mongodb").log();
    }
  }

  @Override
  public String toString() {
    return "MongoTier{" + address + ", collection=" + collection.getNamespace().getCollectionName() + '}';
  }
}
