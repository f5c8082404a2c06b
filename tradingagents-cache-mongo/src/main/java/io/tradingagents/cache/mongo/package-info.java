/**
 * MongoDB for the trading-analysis cache: {@link io.tradingagents.cache.mongo.MongoTier}, the persistent
 * cache tier (one document per entry, binary value, BSON dates, a TTL index on the expiry so MongoDB
 * removes expired entries itself, and a read-side expiry check for the TTL monitor's lag), opened by
 * {@link io.tradingagents.cache.mongo.MongoCacheProvider} from the {@code MONGODB_*} settings and
 * registered for {@link java.util.ServiceLoader}; the record stores of the analysis API
 * ({@link io.tradingagents.cache.mongo.MongoAnalysisStore}, {@link io.tradingagents.cache.mongo.MongoUsageStore},
 * {@link io.tradingagents.cache.mongo.MongoSessionStore}, bundled by
 * {@link io.tradingagents.cache.mongo.MongoStores}); and {@link io.tradingagents.cache.mongo.MongoIndexes},
 * the documented indexes as data with their idempotent set-up.
 */
@NullMarked
package io.tradingagents.cache.mongo;

import org.jspecify.annotations.NullMarked;
