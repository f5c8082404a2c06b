package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.tradingagents.analysis.JournaledUsageStore;
import io.tradingagents.analysis.Money;
import io.tradingagents.analysis.UsageRecord;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FileUsageStore;
import io.tradingagents.analysis.file.FsyncPolicy;
import io.tradingagents.cache.spi.TierSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's durability run against the real driver: MongoDB (mongo-java-server on an H2 file, so data
 * survives its restart) goes down for part of a run of 10,000 usage records; the records go to the local
 * file journal and are replayed when it comes back. MongoDB then holds exactly 10,000, no duplicates.
 */
class JournaledUsageRecoveryTest {
  private static final Instant T0 = Instant.parse("2024-06-03T01:30:00Z");

  @TempDir
  Path dir;
  private MongoServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  private int start(int port) {
    server = new MongoServer(new H2Backend(dir.resolve("mongo.mv").toString()));
    server.bind("127.0.0.1", port);
    return server.getLocalAddress().getPort();
  }

  private static UsageRecord usage(int i) {
    return new UsageRecord("u-" + i, T0.plusMillis(i), "dashscope", "qwen-max", 1000, 200,
        new Money(new BigDecimal("0.032"), Money.currency("CNY")), "s" + (i % 7), "technical", "news_analyst");
  }

  @Test
  void mongoDownForPartOfTenThousandRecords_holdsExactlyTenThousandAfterRecovery() {
    int port = start(0);
    TierSettings settings = TierSettings.of(Map.of("MONGODB_URL", "mongodb://127.0.0.1:" + port,
        "MONGODB_DATABASE", "usage_recovery", "MONGODB_SERVER_SELECTION_TIMEOUT", "300ms",
        "MONGODB_STORE_TIMEOUT", "1s"), Clock.systemUTC());
    try (MongoStores mongo = MongoStores.open(settings);
        FileUsageStore journal = FileStores.usage(dir.resolve("journal"), FsyncPolicy.NEVER);
        JournaledUsageStore store = new JournaledUsageStore(mongo.usage(), journal, Duration.ofMillis(200))) {
      for (int i = 0; i < 10_000; i++) {
        if (i == 3_000) {
          server.shutdownNow(); // MongoDB goes away mid-run
        }
        if (i == 7_000) {
          start(port); // and comes back on the same port with its data
        }
        store.append(usage(i));
      }

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(journal.count()).isZero();
        assertThat(mongo.usage().count()).isEqualTo(10_000);
      });
      Set<String> ids = new HashSet<>();
      mongo.usage().query(null, null).forEach(r -> ids.add(r.id()));
      assertThat(ids).hasSize(10_000);
    }
  }
}
