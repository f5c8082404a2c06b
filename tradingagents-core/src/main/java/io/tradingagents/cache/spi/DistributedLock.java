package io.tradingagents.cache.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A lock shared by every cache instance that uses the same tier (optional capability, offered through
 * {@link CacheTier#distributedLock()}). The engine takes it around a load so that one instance calls the
 * upstream while the others wait and then read the result; applications may use it for "one writer of
 * this data at a time". Thread-safe.
 */
public interface DistributedLock {

  /**
   * Tries once to take the lock.
   *
   * @param name the lock's name (the engine uses the canonical key); implementations keep lock names apart
   *     from cache keys
   * @param lease how long the lock is held unless released or extended first; positive
   * @return the held lock, or {@code null} if another owner holds it
   * @throws RuntimeException if the tier cannot be reached
   */
  @Nullable Lease tryAcquire(String name, Duration lease);

  /** A held lock, owned by a random token: only its owner can extend or release it. */
  interface Lease extends AutoCloseable {

    /** @return the lock's name */
    String name();

    /**
     * @param lease the new lease, from now; positive
     * @return whether the lock was still ours and was extended
     * @throws RuntimeException if the tier cannot be reached
     */
    boolean extend(Duration lease);

    /**
     * Releases the lock if it is still ours; does nothing if the lease ran out and someone else holds it.
     * Idempotent; never throws (a failure is logged and the lease runs out on its own).
     */
    @Override
    void close();
  }
}
