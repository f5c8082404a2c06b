package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
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

/** {@link MongoUsageStore} on the in-process server, one fresh database per test. */
class MongoUsageStoreTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();
  private static final Instant T0 = Instant.parse("2024-06-03T15:59:00Z");

  private MongoClient client;
  private MongoCollection<Document> documents;
  private MongoUsageStore store;

  @BeforeEach
  void open() {
    client = MONGO.client();
    MongoDatabase database = client.getDatabase(InProcessMongo.freshDatabase());
    store = new MongoUsageStore(database);
    documents = database.getCollection("usage_records");
  }

  @AfterEach
  void close() {
    store.close();
    client.close();
  }

  private static UsageRecord usage(String id, Instant at, String amount, String currency) {
    return new UsageRecord(id, at, "dashscope", "qwen-plus", 1000, 200, Money.of(amount, currency), "s-1",
        "technical", "news_analyst");
  }

  @Test
  void append_thenQuery_roundTripsEveryField() {
    UsageRecord full = usage("u-1", T0, "0.0123", "CNY");
    UsageRecord minimal = new UsageRecord("u-2", T0.plusSeconds(1), "openai", "gpt-4o-mini", 0, 0,
        Money.of("0", "USD"), null, null, null);

    store.append(full);
    store.append(minimal);

    assertThat(store.query(null, null)).containsExactly(full, minimal);
    Document doc = documents.find(new Document("_id", "u-1")).first();
    assertThat(doc.get("cost")).isEqualTo(Decimal128.parse("0.0123"));
    assertThat(doc.get("currency")).isEqualTo("CNY");
    assertThat(doc.get("timestamp")).isEqualTo(Date.from(T0));
  }

  @Test
  void append_sameIdTwice_storesOneRecord() {
    store.append(usage("u-1", T0, "0.01", "USD"));
    store.append(usage("u-1", T0, "0.01", "USD"));

    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void append_concurrentWithReplays_storesEachIdOnce() throws Exception {
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            // every id is appended by two threads: a replay racing the original
            int id = (thread / 2) * perThread + i;
            store.append(usage("u-" + id, T0.plusMillis(id), "0.001", "USD"));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.count()).isEqualTo(threads / 2 * perThread);
  }

  @Test
  void query_halfOpenRange_oldestFirst_currenciesKeptApart() {
    store.append(usage("late", T0.plusSeconds(120), "2", "USD"));
    store.append(usage("early", T0, "1", "CNY"));
    store.append(usage("mid", T0.plusSeconds(60), "3", "USD"));

    assertThat(store.query(T0, T0.plusSeconds(120))).extracting(UsageRecord::id).containsExactly("early", "mid");
    assertThat(store.query(T0.plusSeconds(60), null)).extracting(UsageRecord::id).containsExactly("mid", "late");
    assertThat(store.query(null, null)).extracting(r -> r.cost().toString())
        .containsExactly("1 CNY", "3 USD", "2 USD");
  }

  @Test
  void malformedDocument_isSkippedWithAWarning() {
    store.append(usage("good", T0, "1", "USD"));
    documents.insertOne(new Document("_id", "float-cost").append("timestamp", Date.from(T0.plusSeconds(1)))
        .append("provider", "openai").append("model", "gpt").append("input_tokens", 1).append("output_tokens", 1)
        .append("cost", 0.5).append("currency", "USD"));

    try (LogCapture logs = new LogCapture()) {
      assertThat(store.query(null, null)).extracting(UsageRecord::id).containsExactly("good");
      assertThat(logs.warnings()).singleElement().asString().contains("_id=float-cost")
          .contains("field 'cost' is Double, not a Decimal128");
    }
    assertThat(store.count()).as("count is of stored documents").isEqualTo(2);
  }
}
