package io.tradingagents.cache.mongo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The contract against a real {@code mongo:7} in Docker, plus what only a real server shows: its TTL
 * monitor deleting an expired entry (run every second here instead of every minute) and the documented
 * indexes on a server that really builds them. Skipped, with the reason reported, where Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerContractTest extends RealMongoServerTests {
  @Container
  static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7")
      .withCommand("--setParameter", "ttlMonitorSleepSecs=1");

  @Override
  protected String url() {
    return MONGO.getConnectionString();
  }

  @Test
  void ttlMonitor_deletesAnExpiredEntry() {
    String key = CacheKey.of(DataKind.STOCK_DATA, "TTL").asString();
    long now = System.currentTimeMillis();
    tier.put(key, new TierEntry("x".getBytes(UTF_8), now, now + 1_000));
    String collection = tier.usage().details().get("collection");

    try (MongoClient client = MongoClients.create(url())) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> client
          .getDatabase(database()).getCollection(collection).countDocuments(Filters.eq("_id", key)) == 0);
    }
  }

  @Test
  void startUp_createsExactlyTheDocumentedIndexes() {
    String name = "ta_indexes_" + UUID.randomUUID().toString().replace("-", "");
    try (MongoClient client = MongoClients.create(url())) {
      MongoDatabase database = client.getDatabase(name);
      try {
        MongoIndexes.ensure(database, MongoIndexes.all("cache_entries"));
        MongoIndexes.Result second = MongoIndexes.ensure(database, MongoIndexes.all("cache_entries"));

        assertThat(MongoIndexesTest.listed(database)).containsExactlyElementsOf(MongoIndexesTest.DOCUMENTED);
        assertThat(second.created()).isEmpty();
        assertThat(second.conflicts()).isEmpty();
      } finally {
        database.drop();
      }
    }
  }
}
