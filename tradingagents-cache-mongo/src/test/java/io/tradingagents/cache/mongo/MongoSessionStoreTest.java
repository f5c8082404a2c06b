package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.tradingagents.analysis.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MongoSessionStore} on the in-process server, one fresh database per test. */
class MongoSessionStoreTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();
  private static final Instant T0 = Instant.parse("2024-06-03T01:30:00Z");

  private MongoClient client;
  private MongoCollection<Document> documents;
  private MongoSessionStore store;

  @BeforeEach
  void open() {
    client = MONGO.client();
    MongoDatabase database = client.getDatabase(InProcessMongo.freshDatabase());
    store = new MongoSessionStore(database);
    documents = database.getCollection("user_sessions");
  }

  @AfterEach
  void close() {
    store.close();
    client.close();
  }

  private static SessionRecord session(String id, Instant created, Instant last) {
    return new SessionRecord(id, "u-7", created, last, Map.of("locale", "zh-CN", "a.b$c", "odd name"));
  }

  @Test
  void save_thenFind_roundTrips() {
    SessionRecord s = session("s-1", T0, T0.plusSeconds(5));
    SessionRecord anonymous = new SessionRecord("s-2", null, T0, T0, Map.of());

    store.save(s);
    store.save(anonymous);

    assertThat(store.find("s-1")).isEqualTo(s);
    assertThat(store.find("s-2")).isEqualTo(anonymous);
    assertThat(store.find("absent")).isNull();
    assertThat(documents.find(new Document("session_id", "s-1")).first().get("last_activity"))
        .isEqualTo(Date.from(T0.plusSeconds(5)));
  }

  @Test
  void save_sameIdTwice_replaces() {
    store.save(session("s-1", T0, T0));
    SessionRecord later = session("s-1", T0, T0.plusSeconds(60));

    store.save(later);

    assertThat(documents.countDocuments()).isEqualTo(1);
    assertThat(store.find("s-1")).isEqualTo(later);
  }

  @Test
  void sessionId_isUniqueInTheCollection() {
    store.save(session("s-1", T0, T0));

    assertThatThrownBy(() -> documents.insertOne(new Document("session_id", "s-1")))
        .isInstanceOfSatisfying(MongoWriteException.class,
            e -> assertThat(e.getError().getCode()).isEqualTo(11000));
  }

  @Test
  void touch_movesLastActivityForwardOnly() {
    store.save(session("s-1", T0, T0.plusSeconds(10)));

    assertThat(store.touch("s-1", T0.plusSeconds(30))).isTrue();
    assertThat(store.touch("s-1", T0.plusSeconds(20))).isTrue();

    assertThat(store.find("s-1").lastActivity()).isEqualTo(T0.plusSeconds(30));
    assertThat(store.touch("absent", T0)).isFalse();
    assertThat(store.find("absent")).isNull();
  }

  @Test
  void deleteInactiveSince_deletesOnlyIdleSessions() {
    store.save(session("idle", T0, T0));
    store.save(session("active", T0, T0.plus(Duration.ofHours(2))));

    assertThat(store.deleteInactiveSince(T0.plus(Duration.ofHours(1)))).isEqualTo(1);

    assertThat(store.find("idle")).isNull();
    assertThat(store.find("active")).isNotNull();
  }

  @Test
  void malformedDocument_isAMissWithAWarning() {
    documents.insertOne(new Document("session_id", "legacy").append("created_at", "2024-06-03T01:30:00")
        .append("last_activity", Date.from(T0)));

    try (LogCapture logs = new LogCapture()) {
      assertThat(store.find("legacy")).isNull();
      assertThat(logs.warnings()).singleElement().asString().contains("session_id=legacy");
    }
    assertThat(store.touch("legacy", T0.plusSeconds(1))).as("the document is there, only unreadable").isTrue();
  }
}
