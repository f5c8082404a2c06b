package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.analysis.AnalysisQuery;
import io.tradingagents.analysis.AnalysisRecord;
import io.tradingagents.analysis.AnalysisStatus;
import io.tradingagents.analysis.Money;
import io.tradingagents.cache.CacheException;
import io.tradingagents.cache.Market;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MongoAnalysisStore} on the in-process server, one fresh database per test. */
class MongoAnalysisStoreTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();
  private static final Instant T0 = Instant.parse("2024-06-03T01:30:00Z");

  private MongoClient client;
  private MongoCollection<Document> documents;
  private MongoAnalysisStore store;

  @BeforeEach
  void open() {
    client = MONGO.client();
    MongoDatabase database = client.getDatabase(InProcessMongo.freshDatabase());
    store = new MongoAnalysisStore(database);
    documents = database.getCollection("analysis_results");
  }

  @AfterEach
  void close() {
    store.close();
    client.close();
  }

  private static AnalysisRecord record(String id, String symbol, String type, Instant createdAt) {
    return AnalysisRecord.builder(symbol, type, createdAt).id(id).build();
  }

  @Test
  void save_thenFindById_roundTripsEveryField() {
    AnalysisRecord full = AnalysisRecord.builder("600519", "comprehensive", T0).id("a-1")
        .model("qwen-plus").decision("BUY").confidence(0.8)
        .moduleReport("market_report", "看涨").moduleReport("news.report $x", "odd module name")
        .tokens(1200, 300).cost(Money.of("0.0123", "CNY")).status(AnalysisStatus.COMPLETED)
        .sessionId("s-1").build();
    AnalysisRecord minimal = AnalysisRecord.builder("AAPL", "technical", T0).id("a-2")
        .status(AnalysisStatus.FAILED).build();

    store.save(full);
    store.save(minimal);

    assertThat(store.findById("a-1")).isEqualTo(full);
    assertThat(store.findById("a-2")).isEqualTo(minimal);
    assertThat(store.findById("absent")).isNull();
    assertThat(full.market()).isEqualTo(Market.CHINA_A);
  }

  @Test
  void save_storesBsonDatesAndDecimals() {
    store.save(AnalysisRecord.builder("AAPL", "technical", T0).id("a-1").cost(Money.of("0.10", "USD")).build());

    Document doc = documents.find().first();

    assertThat(doc.get("analysis_id")).isEqualTo("a-1");
    assertThat(doc.get("created_at")).isEqualTo(Date.from(T0));
    assertThat(doc.get("cost")).isEqualTo(Decimal128.parse("0.10"));
    assertThat(doc.get("currency")).isEqualTo("USD");
    assertThat(doc.get("market")).isEqualTo("us");
  }

  @Test
  void save_sameIdTwice_keepsOneDocumentWithTheLatestValues() {
    store.save(AnalysisRecord.builder("AAPL", "technical", T0).id("a-1").status(AnalysisStatus.RUNNING).build());
    AnalysisRecord done = AnalysisRecord.builder("AAPL", "technical", T0).id("a-1").decision("HOLD").build();

    store.save(done);
    store.save(done);

    assertThat(documents.countDocuments()).isEqualTo(1);
    assertThat(store.findById("a-1")).isEqualTo(done);
  }

  @Test
  void save_sameNewIdConcurrently_keepsOneDocument() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> saves = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        String decision = "D" + i;
        saves.add(pool.submit(() -> {
          go.await();
          store.save(AnalysisRecord.builder("AAPL", "technical", T0).id("race").decision(decision).build());
          return null;
        }));
      }
      go.countDown();
      for (Future<?> save : saves) {
        save.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(documents.countDocuments()).isEqualTo(1);
  }

  @Test
  void latest_returnsTheNewestOfThatSymbolAndType() {
    store.save(record("old", "AAPL", "technical", T0));
    store.save(record("new", "AAPL", "technical", T0.plusSeconds(60)));
    store.save(record("other-type", "AAPL", "fundamental", T0.plusSeconds(120)));
    store.save(record("other-symbol", "MSFT", "technical", T0.plusSeconds(180)));

    assertThat(store.latest("AAPL", "technical").id()).isEqualTo("new");
    assertThat(store.latest("TSLA", "technical")).isNull();
  }

  @Test
  void query_filtersBySymbolTypeAndHalfOpenRange_newestFirst_limited() {
    for (int i = 0; i < 10; i++) {
      store.save(record("a" + i, "AAPL", "technical", T0.plusSeconds(60L * i)));
    }
    store.save(record("f", "AAPL", "fundamental", T0.plusSeconds(120)));
    store.save(record("m", "MSFT", "technical", T0.plusSeconds(120)));

    List<AnalysisRecord> found = store.query(new AnalysisQuery("AAPL", "technical", T0.plusSeconds(120),
        T0.plusSeconds(480), 3));

    assertThat(found).extracting(AnalysisRecord::id).containsExactly("a7", "a6", "a5");
    assertThat(store.query(new AnalysisQuery("AAPL", "technical", T0.plusSeconds(120), T0.plusSeconds(480),
        100))).extracting(AnalysisRecord::id).containsExactly("a7", "a6", "a5", "a4", "a3", "a2");
    assertThat(store.query(new AnalysisQuery(null, null, null, null, 100))).hasSize(12);
    assertThat(store.query(AnalysisQuery.forSymbol("MSFT", 5))).extracting(AnalysisRecord::id)
        .containsExactly("m");
  }

  @Test
  void deleteOlderThan_deletesOnlyOlderRecords() {
    store.save(record("old", "AAPL", "technical", T0.minusSeconds(86_400 * 31L)));
    store.save(record("edge", "AAPL", "technical", T0));
    store.save(record("new", "AAPL", "technical", T0.plusSeconds(1)));

    assertThat(store.deleteOlderThan(T0)).isEqualTo(1);

    assertThat(store.findById("old")).isNull();
    assertThat(store.findById("edge")).isNotNull();
  }

  @Test
  void malformedDocuments_areSkippedWithOneWarningEach() {
    store.save(record("good", "AAPL", "technical", T0));
    documents.insertOne(new Document("analysis_id", "text-date").append("symbol", "AAPL").append("market", "us")
        .append("analysis_type", "technical").append("created_at", "2024-06-04 10:00:00"));
    documents.insertOne(new Document("analysis_id", "bad-market").append("symbol", "AAPL").append("market", "mars")
        .append("analysis_type", "technical").append("created_at", Date.from(T0.plusSeconds(60)))
        .append("input_tokens", 1L).append("output_tokens", 1L).append("status", "COMPLETED"));

    try (LogCapture logs = new LogCapture()) {
      assertThat(store.latest("AAPL", "technical").id()).isEqualTo("good");
      assertThat(store.query(AnalysisQuery.forSymbol("AAPL", 10))).extracting(AnalysisRecord::id)
          .containsExactly("good");
      assertThat(store.findById("text-date")).isNull();

      assertThat(logs.warnings()).hasSize(2)
          .anySatisfy(w -> assertThat(w).contains("analysis_id=bad-market").contains("Unknown market 'mars'"))
          .anySatisfy(w -> assertThat(w).contains("analysis_id=text-date")
              .contains("field 'created_at' is String, not a date"));
    }
    assertThat(store.malformedDocuments()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void save_createsTheUniqueIndexFirst() {
    store.save(record("a-1", "AAPL", "technical", T0));

    assertThat(documents.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
        .contains("analysis_id_1", "symbol_1_analysis_type_1", "created_at_-1", "symbol_1_created_at_-1");
  }

  @Test
  void serverDown_operationsThrowCacheException() {
    MongoClient dead = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
        .applyToClusterSettings(b -> b.hosts(List.of(new com.mongodb.ServerAddress("127.0.0.1", 1)))
            .serverSelectionTimeout(100, TimeUnit.MILLISECONDS)).build());
    try (MongoAnalysisStore unreachable = new MongoAnalysisStore(dead.getDatabase("x"))) {
      assertThatThrownBy(() -> unreachable.save(record("a", "AAPL", "technical", T0)))
          .isInstanceOf(CacheException.class)
          .hasMessageStartingWith("MongoDB could not save analysis record a (x.analysis_results)")
          .hasCauseInstanceOf(com.mongodb.MongoTimeoutException.class);
    } finally {
      dead.close();
    }
  }

  @Test
  void close_thenUse_throwsIllegalState() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.findById("a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
