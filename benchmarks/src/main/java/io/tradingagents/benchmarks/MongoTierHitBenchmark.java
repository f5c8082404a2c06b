package io.tradingagents.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tradingagents.benchmarks.PriceHistories.History;
import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.mongo.MongoCacheProvider;
import io.tradingagents.cache.mongo.MongoSettings;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MongoDB-tier hit beside the raw driver: {@code MongoTier.get(key)} (opened by
 * {@code MongoCacheProvider}) plus the Jackson decode of the value, and as the <b>baseline</b> a
 * {@code find(eq("_id", key)).first()} of the very same document with the real driver (5.14, a client
 * built from the same {@code MongoSettings.tierClientSettings()} as the tier's own) plus the same decode.
 * 1,024 entries of a 30-day price history (about 2.5 KB of JSON), read in turn.
 *
 * <p>The server is mongo-java-server (in-memory backend) in this JVM on a free loopback port, spoken to
 * over the wire protocol: the figures are the client side's cost plus a fast server, not a real
 * {@code mongod}'s. Its threads run in this JVM, so {@code -prof gc}'s allocation per operation includes
 * the server's and is not the client's alone. The tier's timeout is 5 s (as in the module's in-process
 * tests) so that a pause on a busy machine cannot fail the run; it does not change the cost of a hit.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MongoTierHit
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MongoTierHitBenchmark {
  private static final int KEYS = 1024;
  private static final int MASK = KEYS - 1;

  private MongoServer server;
  private CacheTier tier;
  private MongoClient client;
  private MongoCollection<BsonDocument> collection;
  private String[] keys;

  /** Per-thread position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    TierSettings settings = TierSettings.of(Map.of(
        MongoSettings.URL, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort(),
        MongoSettings.DATABASE, "bench",
        MongoSettings.TIMEOUT, "5s"), Clock.systemUTC());
    tier = new MongoCacheProvider().open(settings);
    MongoSettings mongo = MongoSettings.from(settings);
    client = MongoClients.create(mongo.tierClientSettings());
    collection = client.getDatabase(mongo.database()).getCollection(mongo.cacheCollection(), BsonDocument.class);
    long now = System.currentTimeMillis();
    keys = new String[KEYS];
    Map<String, TierEntry> entries = new LinkedHashMap<>();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = CacheKey.of(DataKind.STOCK_DATA, "SYM" + i).asString();
      entries.put(keys[i], new TierEntry(PriceHistories.json("SYM" + i), now, now + 3_600_000));
    }
    tier.putAll(entries);
    if (tier.get(keys[0]) == null || collection.find(Filters.eq("_id", keys[0])).first() == null) {
      throw new IllegalStateException("the data was not stored");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      tier.close();
      client.close();
    } finally {
      server.shutdownNow();
    }
  }

  @Benchmark
  public History mongoTierGet(Cursor cursor) {
    byte[] json = tier.get(keys[cursor.next++ & MASK]).value();
    return PriceHistories.decode(json, 0, json.length);
  }

  @Benchmark
  public History rawDriverFind(Cursor cursor) {
    BsonDocument doc = collection.find(Filters.eq("_id", keys[cursor.next++ & MASK])).first();
    byte[] json = doc.getBinary("value").getData();
    return PriceHistories.decode(json, 0, json.length);
  }
}
