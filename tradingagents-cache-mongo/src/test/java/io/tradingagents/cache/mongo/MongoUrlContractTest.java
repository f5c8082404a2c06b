package io.tradingagents.cache.mongo;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against the MongoDB server named by the {@code MONGODB_URL} environment variable (a real
 * mongod, replica set or Atlas cluster), in the database {@code MONGODB_TEST_DATABASE} (default
 * {@code tradingagents_test}); each test creates and drops its own collection. Skipped when
 * {@code MONGODB_URL} is unset.
 */
@EnabledIfEnvironmentVariable(named = "MONGODB_URL", matches = ".+",
    disabledReason = "MONGODB_URL is not set: no real MongoDB server to test against")
class MongoUrlContractTest extends RealMongoServerTests {

  @Override
  protected String url() {
    return System.getenv("MONGODB_URL");
  }

  @Override
  protected String database() {
    String database = System.getenv("MONGODB_TEST_DATABASE");
    return database == null || database.isBlank() ? super.database() : database;
  }
}
