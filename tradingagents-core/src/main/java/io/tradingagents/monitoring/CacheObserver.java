package io.tradingagents.monitoring;

import io.tradingagents.cache.DataKind;

/**
 * Receives the engine's timed events: calls to shared tiers, loads, and gets that the in-process tier
 * could not answer. The engine calls observers on the caller's thread, only on paths that make a remote
 * call or run a loader anyway; an in-process hit never reaches an observer. Implementations must be
 * thread-safe, fast and must not throw (a throwing observer is logged at DEBUG and skipped).
 *
 * <p>Nothing passed here identifies a key beyond its namespace and data kind: keys, symbols and
 * parameters never reach an observer.
 */
public interface CacheObserver {

  /** What a shared-tier call did. */
  enum TierOperation {
    /** A read of one key or of a batch of keys. */
    GET,
    /** A write of one entry or of a batch of entries. */
    PUT;

    /** @return the lower-case name used as a tag value and in log events */
    public String tagValue() {
      return this == GET ? "get" : "put";
    }
  }

  /**
   * A call to a shared tier finished (or was refused by its open breaker, in which case it is not
   * reported at all).
   *
   * @param tier the tier's name, e.g. {@code redis}
   * @param operation get or put
   * @param nanos how long the call took, in nanoseconds
   */
  default void tierCall(String tier, TierOperation operation, long nanos) {}

  /**
   * A loader returned or threw.
   *
   * @param namespace the key's namespace
   * @param kind the key's data kind
   * @param nanos how long the loader ran, in nanoseconds
   * @param success whether it returned (a {@code null} "no data" counts as success)
   */
  default void load(String namespace, DataKind kind, long nanos, boolean success) {}

  /**
   * A get that the in-process tier could not answer returned to its caller (shared-tier reads, and the
   * load when a loader was given, included).
   *
   * @param nanos how long the caller waited, in nanoseconds
   */
  default void missPath(long nanos) {}

  /**
   * A {@code read} ({@link io.tradingagents.cache.AdaptiveCache#read}) served a value (a miss is not
   * reported; the plain {@code get} is not observed).
   *
   * @param namespace the key's namespace
   * @param kind the key's data kind
   * @param ageMillis how long before the read the value was written, in milliseconds
   * @param reason why it was served stale, or {@code NONE}
   */
  default void served(String namespace, DataKind kind, long ageMillis,
      io.tradingagents.cache.CacheRead.StaleReason reason) {}
}
