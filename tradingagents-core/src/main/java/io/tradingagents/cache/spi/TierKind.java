package io.tradingagents.cache.spi;

/**
 * The role a tier plays; it fixes the read order (declaration order: Redis first, then MongoDB, then
 * files, then anything else) and the {@link io.tradingagents.cache.PerformanceMode}.
 */
public enum TierKind {
  /** A fast shared tier (Redis and compatible servers). */
  REDIS,
  /** A persistent shared tier (MongoDB). */
  MONGODB,
  /** Local files. */
  FILE,
  /** Any other tier; read after the others and ignored by the performance mode. */
  OTHER
}
