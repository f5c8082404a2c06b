package io.tradingagents.cache.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server, in-memory backend) on a free loopback
 * port, for the real driver to talk to. Register as a static {@code @RegisterExtension} field: it starts
 * before the class's tests and stops after them. {@link #stop()} and {@link #restart()} simulate an outage
 * (the restarted server is empty and listens on the same port).
 */
final class InProcessMongo implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private volatile MongoServer server;
  private volatile int port;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts on a free loopback port. */
  void start() {
    MongoServer started = new MongoServer(new MemoryBackend());
    started.bind("127.0.0.1", 0);
    port = started.getLocalAddress().getPort();
    server = started;
  }

  /** Stops at once, dropping every connection (an outage). */
  void stop() {
    MongoServer current = server;
    if (current != null) {
      current.shutdownNow();
      server = null;
    }
  }

  /** Starts a new, empty server on the same port. */
  void restart() {
    MongoServer started = new MongoServer(new MemoryBackend());
    started.bind("127.0.0.1", port);
    server = started;
  }

  int port() {
    return port;
  }

  /** @return {@code mongodb://127.0.0.1:<port>} */
  String url() {
    return "mongodb://127.0.0.1:" + port;
  }

  /** @return a database name not used before in this JVM */
  static String freshDatabase() {
    return "test_" + DATABASES.incrementAndGet();
  }

  /** @return a client with short timeouts, for the test's own reads and writes */
  MongoClient client() {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(url()))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
        .build());
  }

  /**
   * @param database the database
   * @param extra more settings; {@code MONGODB_TIMEOUT} defaults to 5s here (not 500ms) so that a busy
   *     build machine cannot fail a test that is not about timeouts
   * @return settings pointing at this server
   */
  TierSettings settings(String database, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.putIfAbsent(MongoSettings.URL, url());
    values.putIfAbsent(MongoSettings.TIMEOUT, "5s");
    values.put(MongoSettings.DATABASE, database);
    return TierSettings.of(values, Clock.systemUTC());
  }
}
