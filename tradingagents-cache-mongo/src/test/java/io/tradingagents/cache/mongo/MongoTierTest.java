package io.tradingagents.cache.mongo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierUsage;
import io.tradingagents.cache.testing.MutableClock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MongoTier} beyond the contract: the stored document's shape, the read-side expiry check on the
 * tier's clock, documents of an unexpected shape, namespace removal and usage. In-process server.
 */
class MongoTierTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();

  private final MutableClock clock = new MutableClock();
  private MongoClient client;
  private MongoDatabase database;
  private MongoCollection<Document> documents;
  private MongoTier tier;

  @BeforeEach
  void open() {
    client = MONGO.client();
    database = client.getDatabase(InProcessMongo.freshDatabase());
    tier = MongoTier.using(database, "cache_entries", clock);
    tier.ensureIndexes();
    documents = database.getCollection("cache_entries");
  }

  @AfterEach
  void close() {
    tier.close();
    client.close();
  }

  private static String key(String symbol) {
    return CacheKey.of(DataKind.STOCK_DATA, symbol).asString();
  }

  private TierEntry entry(String text, Duration ttl) {
    return new TierEntry(text.getBytes(UTF_8), clock.millis(), clock.millis() + ttl.toMillis());
  }

  @Test
  void put_storesTheDocumentedShape() {
    TierEntry entry = entry("quote", Duration.ofHours(2));
    tier.put(key("AAPL"), entry);

    Document doc = documents.find().first();

    assertThat(doc).isNotNull();
    assertThat(doc.keySet()).containsExactly("_id", "ns", "value", "created_at", "expires_at");
    assertThat(doc.get("_id")).isEqualTo(key("AAPL"));
    assertThat(doc.get("ns")).isEqualTo("ta:default:");
    assertThat(doc.get("value")).isInstanceOfSatisfying(Binary.class, b -> {
      assertThat(b.getType()).isEqualTo(BsonBinarySubType.BINARY.getValue());
      assertThat(b.getData()).isEqualTo("quote".getBytes(UTF_8));
    });
    assertThat(doc.get("created_at")).isEqualTo(new Date(entry.createdAtMillis()));
    assertThat(doc.get("expires_at")).isEqualTo(new Date(entry.expiresAtMillis()));
  }

  @Test
  void get_expiredOnTheTiersClock_isMissThoughTheDocumentStays() {
    tier.put(key("AAPL"), entry("quote", Duration.ofMinutes(1)));
    tier.put(key("MSFT"), entry("quote", Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(1));

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(tier.getAll(List.of(key("AAPL"), key("MSFT")))).containsOnlyKeys(key("MSFT"));
    assertThat(documents.countDocuments()).as("reads never write; MongoDB's TTL monitor deletes").isEqualTo(2);
  }

  @Test
  void put_alreadyExpired_removesTheOldValue() {
    tier.put(key("AAPL"), entry("old", Duration.ofMinutes(5)));

    tier.put(key("AAPL"), new TierEntry("new".getBytes(UTF_8), clock.millis() - 2_000, clock.millis() - 1_000));

    assertThat(documents.countDocuments()).isZero();
  }

  @Test
  void getAll_returnsEntriesInTheRequestedOrder() {
    for (String s : List.of("C", "A", "B")) {
      tier.put(key(s), entry(s, Duration.ofMinutes(5)));
    }

    assertThat(tier.getAll(List.of(key("B"), key("X"), key("C"), key("A"))).keySet())
        .containsExactly(key("B"), key("C"), key("A"));
  }

  @Test
  void malformedDocuments_areMissesWarnedOncePerDocumentAndCounted() {
    Date now = new Date(clock.millis());
    Date later = new Date(clock.millis() + 60_000);
    byte[] bytes = {1, 2, 3};
    documents.insertMany(List.of(
        new Document("_id", key("NOVALUE")).append("created_at", now).append("expires_at", later),
        new Document("_id", key("TEXT")).append("value", "not binary").append("created_at", now)
            .append("expires_at", later),
        new Document("_id", key("UUID")).append("value", new BsonBinary(BsonBinarySubType.UUID_STANDARD,
            new byte[16])).append("created_at", now).append("expires_at", later),
        new Document("_id", key("STRINGDATE")).append("value", new Binary(bytes))
            .append("created_at", "2024-06-03").append("expires_at", later),
        new Document("_id", key("BACKWARDS")).append("value", new Binary(bytes))
            .append("created_at", later).append("expires_at", now),
        new Document("_id", key("NODATES")).append("value", new Binary(bytes))));
    tier.put(key("GOOD"), entry("good", Duration.ofMinutes(5)));
    List<String> bad = List.of(key("NOVALUE"), key("TEXT"), key("UUID"), key("STRINGDATE"), key("BACKWARDS"),
        key("NODATES"));

    try (LogCapture logs = new LogCapture()) {
      for (String k : bad) {
        assertThat(tier.get(k)).as(k).isNull();
      }
      List<String> all = new java.util.ArrayList<>(bad);
      all.add(key("GOOD"));
      assertThat(tier.getAll(all)).containsOnlyKeys(key("GOOD"));

      assertThat(logs.warnings()).hasSize(bad.size())
          .allSatisfy(w -> assertThat(w).startsWith("Ignoring MongoDB document ta:default:stock_data:"))
          .anySatisfy(w -> assertThat(w).contains("field 'value' is missing"))
          .anySatisfy(w -> assertThat(w).contains("field 'created_at' is of type STRING, not a date"))
          .anySatisfy(w -> assertThat(w).contains("binary subtype 4"));
    }
    assertThat(tier.usage().details()).containsEntry("malformedDocuments", String.valueOf(2 * bad.size()));
  }

  @Test
  void removeNamespace_wholeNamespace_usesNsAndRemovesOnlyIt() {
    String inA = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("a.b").build().asString();
    String inAxb = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("aXb").build().asString();
    tier.put(inA, entry("1", Duration.ofMinutes(5)));
    tier.put(inAxb, entry("2", Duration.ofMinutes(5)));

    assertThat(tier.removeNamespace(CacheKey.namespacePrefix("a.b"))).isEqualTo(1);

    assertThat(tier.get(inA)).isNull();
    assertThat(tier.get(inAxb)).isNotNull();
  }

  @Test
  void removeNamespace_partialPrefix_removesByEscapedIdPrefix() {
    String news = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("a.b").build().asString();
    String quote = CacheKey.builder(DataKind.STOCK_DATA, "AAPL").namespace("a.b").build().asString();
    String other = CacheKey.builder(DataKind.NEWS, "AAPL").namespace("aXb").build().asString();
    for (String k : List.of(news, quote, other)) {
      tier.put(k, entry(k, Duration.ofMinutes(5)));
    }

    assertThat(tier.removeNamespace("ta:a.b:news:")).isEqualTo(1);

    assertThat(tier.get(news)).isNull();
    assertThat(tier.get(quote)).isNotNull();
    assertThat(tier.get(other)).isNotNull();
  }

  @Test
  void removeNamespace_emptyPrefix_isRefused() {
    tier.put(key("AAPL"), entry("x", Duration.ofMinutes(5)));

    assertThatThrownBy(() -> tier.removeNamespace("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every entry");
    assertThat(documents.countDocuments()).isEqualTo(1);
  }

  @Test
  void put_valueTooLargeForADocument_isSkippedCountedAndRemovesTheOldValue() {
    tier.put(key("BIG"), entry("old", Duration.ofMinutes(5)));

    try (LogCapture logs = new LogCapture()) {
      tier.put(key("BIG"), new TierEntry(new byte[MongoTier.MAX_VALUE_BYTES], clock.millis(),
          clock.millis() + 60_000));
      assertThat(logs.warnings()).singleElement().asString().contains("16 MiB");
    }

    assertThat(tier.get(key("BIG"))).isNull();
    assertThat(tier.usage().details()).containsEntry("oversizedValuesSkipped", "1");
  }

  @Test
  void usage_reportsCountSizeVersionAndAddress() {
    tier.put(key("A"), entry("a", Duration.ofMinutes(5)));
    tier.put(key("B"), entry("b", Duration.ofMinutes(5)));

    TierUsage usage = tier.usage();
    assertThat(usage.details()).containsKeys("pingMs", "analysis_resultsCount", "usage_recordsCount",
        "user_sessionsCount");
    assertThat(Double.parseDouble(usage.details().get("pingMs"))).isPositive();

    assertThat(usage.entryCount()).isEqualTo(2);
    assertThat(usage.sizeBytes()).isPositive();
    assertThat(usage.details()).containsEntry("database", database.getName())
        .containsEntry("collection", "cache_entries")
        .containsEntry("indexConflicts", "0")
        .hasEntrySatisfying("serverVersion", v -> assertThat(v).matches("\\d+\\.\\d+.*"));
  }

  @Test
  void ping_aliveServer_createsTheIndexesOnce() {
    MongoTier fresh = MongoTier.using(client.getDatabase(InProcessMongo.freshDatabase()), "entries", clock);

    fresh.ping();

    assertThat(fresh.usage().details()).containsEntry("collection", "entries");
    assertThat(client.getDatabase(fresh.usage().details().get("database")).getCollection("entries")
        .listIndexes().map(d -> d.getString("name")).into(new java.util.ArrayList<>()))
        .containsExactlyInAnyOrder("_id_", "expires_at_1", "ns_1");
  }
}
