package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.tradingagents.cache.spi.CacheTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented indexes, checked with {@code listIndexes} on the in-process server after a real
 * start-up (the provider's tier plus {@link MongoStores#open}). The server does not build secondary
 * indexes, but it records and lists them with their options exactly as createIndexes sent them, and it
 * enforces unique ones; it does not refuse a conflicting definition, so conflicts are detected by
 * {@link MongoIndexes} itself from the listing.
 */
class MongoIndexesTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();

  /** The reference deployment's list (docs/architecture.md), written out independently of {@link MongoIndexes}. */
  static final Set<String> DOCUMENTED = new TreeSet<>(List.of(
      "stock_data symbol_1_market_type_1 {\"symbol\": 1, \"market_type\": 1}",
      "stock_data created_at_-1 {\"created_at\": -1}",
      "stock_data updated_at_-1 {\"updated_at\": -1}",
      "analysis_results symbol_1_analysis_type_1 {\"symbol\": 1, \"analysis_type\": 1}",
      "analysis_results created_at_-1 {\"created_at\": -1}",
      "analysis_results symbol_1_created_at_-1 {\"symbol\": 1, \"created_at\": -1}",
      "analysis_results analysis_id_1 {\"analysis_id\": 1} unique",
      "user_sessions session_id_1 {\"session_id\": 1} unique",
      "user_sessions created_at_-1 {\"created_at\": -1}",
      "user_sessions last_activity_-1 {\"last_activity\": -1}",
      "usage_records timestamp_1 {\"timestamp\": 1}",
      "cache_entries expires_at_1 {\"expires_at\": 1} ttl=0",
      "cache_entries ns_1 {\"ns\": 1}"));

  private MongoClient client;
  private String databaseName;
  private MongoDatabase database;

  @BeforeEach
  void open() {
    client = MONGO.client();
    databaseName = InProcessMongo.freshDatabase();
    database = client.getDatabase(databaseName);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private void startUp() {
    try (CacheTier tier = new MongoCacheProvider().open(MONGO.settings(databaseName, Map.of()));
        MongoStores stores = MongoStores.open(MONGO.settings(databaseName, Map.of()))) {
      assertThat(tier).isNotNull();
      assertThat(stores).isNotNull();
    }
  }

  private Set<String> listed() {
    return listed(database);
  }

  /**
   * @param database a database
   * @return every index but {@code _id_}, as "collection name keys [unique] [ttl=n]"
   */
  static Set<String> listed(MongoDatabase database) {
    Set<String> listed = new TreeSet<>();
    for (String collection : database.listCollectionNames()) {
      for (Document index : database.getCollection(collection).listIndexes()) {
        if (!"_id_".equals(index.getString("name"))) {
          listed.add(collection + ' ' + index.getString("name") + ' ' + ((Document) index.get("key")).toJson()
              + (Boolean.TRUE.equals(index.get("unique")) ? " unique" : "")
              + (index.containsKey("expireAfterSeconds") ? " ttl=" + index.get("expireAfterSeconds") : ""));
        }
      }
    }
    return listed;
  }

  @Test
  void startUp_createsExactlyTheDocumentedIndexes() {
    startUp();

    assertThat(listed()).containsExactlyElementsOf(DOCUMENTED);
  }

  @Test
  void specs_areTheDocumentedList() {
    assertThat(MongoIndexes.all("cache_entries")).hasSize(DOCUMENTED.size())
        .extracting(s -> s.collection() + ' ' + s.name())
        .containsExactlyInAnyOrderElementsOf(DOCUMENTED.stream()
            .map(d -> d.substring(0, d.indexOf(' ', d.indexOf(' ') + 1))).toList());
  }

  @Test
  void secondStartUp_changesNothing() {
    startUp();
    Set<String> first = listed();

    MongoIndexes.Result again = MongoIndexes.ensure(database, MongoIndexes.all("cache_entries"));
    startUp();

    assertThat(again.created()).isEmpty();
    assertThat(again.conflicts()).isEmpty();
    assertThat(again.present()).hasSize(DOCUMENTED.size());
    assertThat(listed()).isEqualTo(first);
  }

  @Test
  void concurrentStartUps_allSucceedWithTheDocumentedIndexes() throws Exception {
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<MongoIndexes.Result>> results = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return MongoIndexes.ensure(database, MongoIndexes.all("cache_entries"));
        }));
      }
      go.countDown();
      for (Future<MongoIndexes.Result> result : results) {
        MongoIndexes.Result r = result.get(30, TimeUnit.SECONDS);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.created().size() + r.present().size()).isEqualTo(DOCUMENTED.size());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(listed()).containsExactlyElementsOf(DOCUMENTED);
  }

  @Test
  void ttlIndexWithOtherOptions_isReportedWithTheFixAndLeftAlone() {
    database.getCollection("cache_entries").createIndex(Indexes.ascending("expires_at"),
        new IndexOptions().name("expires_at_1").expireAfter(3600L, TimeUnit.SECONDS));

    try (LogCapture logs = new LogCapture()) {
      startUp();
      startUp();

      assertThat(logs.warnings()).as("reported once per instance that finds it").hasSize(2)
          .allSatisfy(w -> assertThat(w).contains("expires_at_1").contains("expireAfterSeconds=0")
              .contains("dropIndex('expires_at_1')"));
    }
    MongoIndexes.Result result = MongoIndexes.ensure(database, MongoIndexes.cacheIndexes("cache_entries"));
    assertThat(result.conflicts()).singleElement()
        .satisfies(c -> assertThat(c.existing()).contains("\"expireAfterSeconds\": 3600"));
    assertThat(listed()).contains("cache_entries expires_at_1 {\"expires_at\": 1} ttl=3600")
        .doesNotContain("cache_entries expires_at_1 {\"expires_at\": 1} ttl=0");
  }

  @Test
  void sameKeysUnderAnotherNameNotUnique_isAConflict() {
    database.getCollection("user_sessions").createIndex(Indexes.ascending("session_id"),
        new IndexOptions().name("by_session"));

    MongoIndexes.Result result = MongoIndexes.ensure(database, MongoIndexes.recordIndexes("user_sessions"));

    assertThat(result.conflicts()).singleElement()
        .satisfies(c -> assertThat(c.message()).contains("session_id_1").contains("by_session"));
    assertThat(result.created()).hasSize(2);
  }

  @Test
  void sameKeysAndOptionsUnderAnotherName_isAccepted() {
    database.getCollection("stock_data").createIndex(Indexes.descending("updated_at"),
        new IndexOptions().name("recent"));

    MongoIndexes.Result result = MongoIndexes.ensure(database, MongoIndexes.recordIndexes("stock_data"));

    assertThat(result.conflicts()).isEmpty();
    assertThat(result.present()).extracting(MongoIndexes.IndexSpec::name).containsExactly("updated_at_-1");
  }
}
