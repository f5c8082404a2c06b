package io.tradingagents.cache.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.monitoring.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link MongoTier} from the {@code MONGODB_*} settings (listed in {@link MongoSettings}).
 * Configured when {@value MongoSettings#ENABLED} is not {@code false} and {@value MongoSettings#URL} or
 * {@value MongoSettings#HOST} is set.
 *
 * <p>{@link #open} connects with the cache tier's short timeouts ({@value MongoSettings#TIMEOUT}, 500 ms by
 * default), pings the server and creates the cache collection's indexes. A server that does not answer
 * does not fail it: the tier is returned and the engine keeps it down until a health probe succeeds (the
 * probe also creates the indexes). A server that answers but rejects the credentials fails it with a
 * {@link CacheConfigurationException} naming the setting to fix, never the password.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class MongoCacheProvider implements CacheTierProvider {
  private static final Logger log = LoggerFactory.getLogger(MongoCacheProvider.class);

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public MongoCacheProvider() {
    // stateless
  }

  /** @return {@code mongodb} */
  @Override
  public String name() {
    return "mongodb";
  }

  /**
   * @param settings the cache's settings
   * @return whether {@value MongoSettings#ENABLED} is not false and {@value MongoSettings#URL} or
   *     {@value MongoSettings#HOST} is set
   * @throws CacheConfigurationException if {@value MongoSettings#ENABLED} is not a boolean
   */
  @Override
  public boolean isConfigured(TierSettings settings) {
    return MongoSettings.isConfigured(requireNonNull(settings, "settings"));
  }

  /**
   * Opens the tier; see the class comment.
   *
   * @param settings the cache's settings; its clock is used for the read-side expiry check
   * @return a {@link MongoTier} that owns its client
   * @throws CacheConfigurationException if a setting is malformed, or the server rejects the credentials
   */
  @Override
  public CacheTier open(TierSettings settings) {
    requireNonNull(settings, "settings");
    MongoSettings mongo = MongoSettings.from(settings);
    MongoClient client = MongoClients.create(mongo.tierClientSettings());
    MongoDatabase database = client.getDatabase(mongo.database());
    MongoTier tier = new MongoTier(client, database, mongo.cacheCollection(), settings.clock(),
        mongo.maskedAddress());
    try {
      tier.ping(); // also creates the indexes
      log.atInfo().setMessage("MongoDB cache tier opened: {} (collection {}, timeout {})")
          .addArgument(mongo.maskedAddress()).addArgument(mongo.cacheCollection()).addArgument(mongo.timeout())
          .addKeyValue("event", "tier_opened").addKeyValue("tier", "mongodb").log();
    } catch (MongoSecurityException e) {
      tier.close();
      throw MongoErrors.credentialsRejected(e, mongo);
    } catch (MongoException e) {
      log.atInfo().setMessage("MongoDB cache tier opened: {} (collection {}), but the server is not answering "
          + "yet ({}); the cache uses it once a health probe succeeds").addArgument(mongo.maskedAddress())
          .addArgument(mongo.cacheCollection()).addArgument(e.getClass().getSimpleName())
          .addKeyValue("event", "tier_opened").addKeyValue("tier", "mongodb")
          .addKeyValue("reason", "not_answering").addKeyValue("error_category", ErrorCategory.of(e)).log();
    }
    return tier;
  }
}
