package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierContractTest;
import io.tradingagents.cache.spi.TierSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tier contract plus the checks only a real mongod can answer (real authentication), against the
 * server at {@link #url()}. Every test uses its own collection in {@link #database()} and drops it after.
 * Subclasses choose the server: an environment variable or a container.
 */
abstract class RealMongoServerTests extends CacheTierContractTest {
  private static final String PASSWORD = "Wr0ng-p@ss:w/rd";
  private final String collection = "cache_contract_" + UUID.randomUUID().toString().replace("-", "");

  /** @return the server's connection string */
  protected abstract String url();

  /** @return the database the tests may create collections in */
  protected String database() {
    return "tradingagents_test";
  }

  @Override
  protected CacheTier createTier() {
    return new MongoCacheProvider().open(TierSettings.of(Map.of(MongoSettings.URL, url(),
        MongoSettings.DATABASE, database(), MongoSettings.CACHE_COLLECTION, collection), Clock.systemUTC()));
  }

  @AfterEach
  void dropCollection() {
    try (MongoClient client = MongoClients.create(url())) {
      client.getDatabase(database()).getCollection(collection).drop();
    }
  }

  @Test
  void ttlIndex_existsWithExpireAfterZero() {
    tier.ping();

    try (MongoClient client = MongoClients.create(url())) {
      List<Document> indexes = client.getDatabase(database()).getCollection(collection).listIndexes()
          .into(new ArrayList<>());
      assertThat(indexes).anySatisfy(index -> {
        assertThat(index.getString("name")).isEqualTo("expires_at_1");
        assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
      }).anySatisfy(index -> assertThat(index.getString("name")).isEqualTo("ns_1"));
    }
  }

  @Test
  void wrongCredentials_failClearlyWithoutThePassword() {
    ConnectionString real = new ConnectionString(url());
    assumeFalse(real.isSrvProtocol(), "the wrong-credentials URL is built from host names");
    StringBuilder wrong = new StringBuilder("mongodb://no_such_user_ta:").append(MongoSettings.encode(PASSWORD))
        .append('@').append(String.join(",", real.getHosts())).append("/?authSource=admin");
    if (real.getRequiredReplicaSetName() != null) {
      wrong.append("&replicaSet=").append(real.getRequiredReplicaSetName());
    }
    if (Boolean.TRUE.equals(real.getSslEnabled())) {
      wrong.append("&tls=true");
    }
    TierSettings settings = TierSettings.of(Map.of(MongoSettings.URL, wrong.toString(),
        MongoSettings.DATABASE, database(), MongoSettings.TIMEOUT, "5s"), Clock.systemUTC());

    assertThatThrownBy(() -> new MongoCacheProvider().open(settings))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("MONGODB_URL");
          assertThat(e.getMessage()).contains("rejected the credentials of user 'no_such_user_ta'")
              .contains("no_such_user_ta:****@");
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          assertThat(trace.toString()).doesNotContain(PASSWORD).doesNotContain(MongoSettings.encode(PASSWORD));
        });
  }
}
