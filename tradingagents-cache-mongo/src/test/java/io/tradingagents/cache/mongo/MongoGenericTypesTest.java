package io.tradingagents.cache.mongo;

import com.mongodb.client.MongoClient;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.testing.GenericTypesContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generic value types through the MongoDB tier: the real driver against the in-process server. */
class MongoGenericTypesTest extends GenericTypesContract {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();

  private static MongoClient client;
  private static String database;

  @BeforeAll
  static void open() {
    client = MONGO.client();
    database = InProcessMongo.freshDatabase();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Override
  protected CacheTier newTier() {
    return MongoTier.using(client.getDatabase(database), "cache_entries", Clock.systemUTC());
  }
}
