package io.tradingagents.cache.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.monitoring.ErrorCategory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MongoDB record stores of one database, on one client: {@link #analysis()}, {@link #usage()},
 * {@link #sessions()}. {@link #open} connects with the stores' timeouts
 * ({@value MongoSettings#SERVER_SELECTION_TIMEOUT}, {@value MongoSettings#STORE_TIMEOUT}) and creates every
 * documented record index ({@link MongoIndexes#recordIndexes()}, stock data included); each store also
 * creates its own before its first operation, so a store opened while MongoDB was down gets them when it
 * comes back.
 *
 * <p>Thread-safe. {@link #close()} closes the stores and, if it opened it, the client; a second call does
 * nothing.
 */
public final class MongoStores implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MongoStores.class);

  private final @Nullable MongoClient ownedClient;
  private final MongoDatabase database;
  private final MongoAnalysisStore analysis;
  private final MongoUsageStore usage;
  private final MongoSessionStore sessions;
  private final IndexSetup indexes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MongoStores(@Nullable MongoClient ownedClient, MongoDatabase database) {
    this.ownedClient = ownedClient;
    this.database = database;
    this.analysis = new MongoAnalysisStore(database);
    this.usage = new MongoUsageStore(database);
    this.sessions = new MongoSessionStore(database);
    this.indexes = new IndexSetup(database, MongoIndexes.recordIndexes());
  }

  /**
   * Opens the stores from the {@code MONGODB_*} settings (see {@link MongoSettings}). A server that does
   * not answer does not fail this: the stores are returned and their operations throw
   * {@link io.tradingagents.cache.CacheException} until it does.
   *
   * @param settings the settings
   * @return the stores, owning their client
   * @throws CacheConfigurationException if a setting is malformed, MongoDB is not configured, or the
   *     server rejects the credentials (the message names the setting to fix, never the password)
   */
  public static MongoStores open(TierSettings settings) {
    MongoSettings mongo = MongoSettings.from(requireNonNull(settings, "settings"));
    MongoClient client = MongoClients.create(mongo.storeClientSettings());
    MongoStores stores = new MongoStores(client, client.getDatabase(mongo.database()));
    try {
      stores.database.runCommand(new Document("ping", 1));
      stores.ensureIndexes();
      log.atInfo().setMessage("MongoDB stores opened: {}").addArgument(mongo.maskedAddress())
          .addKeyValue("event", "store_opened").addKeyValue("store", "mongodb").log();
    } catch (MongoSecurityException e) {
      stores.close();
      throw MongoErrors.credentialsRejected(e, mongo);
    } catch (MongoException e) {
      log.atWarn().setMessage("MongoDB stores opened at {}, but the server is not answering ({}); store "
          + "operations fail until it does").addArgument(mongo.maskedAddress())
          .addArgument(e.getClass().getSimpleName()).addKeyValue("event", "store_unreachable")
          .addKeyValue("store", "mongodb").addKeyValue("error_category", ErrorCategory.of(e)).log();
    }
    return stores;
  }

  /**
   * Stores on a database whose client the caller owns (and closes). Creates no index until
   * {@link #ensureIndexes()} or each store's first operation.
   *
   * @param database the database
   * @return the stores
   * @throws NullPointerException if {@code database} is null
   */
  public static MongoStores using(MongoDatabase database) {
    return new MongoStores(null, requireNonNull(database, "database"));
  }

  /**
   * Creates the documented record indexes that are missing; logs what it created and any conflict.
   *
   * @throws MongoException if the server cannot be reached
   */
  public void ensureIndexes() {
    indexes.ensure();
  }

  /** @return the analysis results store */
  public MongoAnalysisStore analysis() {
    return analysis;
  }

  /** @return the usage records store */
  public MongoUsageStore usage() {
    return usage;
  }

  /** @return the user sessions store */
  public MongoSessionStore sessions() {
    return sessions;
  }

  /** @return the database */
  public MongoDatabase database() {
    return database;
  }

  /** Closes the stores and, if this opened it, the client. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      analysis.close();
      usage.close();
      sessions.close();
      if (ownedClient != null) {
        ownedClient.close();
      }
    }
  }
}
