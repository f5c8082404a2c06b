package io.tradingagents.cache.mongo;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierContractTest;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract every tier meets, run against {@link MongoTier} through the real driver and the wire
 * protocol, on mongo-java-server in-process (one fresh database per test). The server never runs a TTL
 * monitor, so {@code put_shortTtl_expires} passes only through the tier's read-side expiry check.
 */
class MongoTierContractTest extends CacheTierContractTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();

  @Override
  protected CacheTier createTier() {
    return new MongoCacheProvider().open(MONGO.settings(InProcessMongo.freshDatabase(), Map.of()));
  }
}
