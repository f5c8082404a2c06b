/**
 * The Redis tier: {@link io.tradingagents.cache.redis.RedisTier} stores the cache's encoded entries in
 * Redis (standalone, Sentinel or Cluster, through Jedis' {@code RedisClient}, {@code RedisSentinelClient}
 * and {@code RedisClusterClient}), offers a {@linkplain io.tradingagents.cache.spi.DistributedLock
 * distributed lock} for cross-instance single-flight loads and an
 * {@linkplain io.tradingagents.cache.spi.InvalidationBus invalidation bus} on pub/sub that keeps other
 * instances' in-process copies consistent. {@link io.tradingagents.cache.redis.RedisCacheProvider} opens
 * it from the {@code REDIS_*} settings and is registered for {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.tradingagents.cache.redis;

import org.jspecify.annotations.NullMarked;
