package io.tradingagents.cache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * Tries once to take each of several locks, in one request where the tier can (the engine takes the load
   * locks of a bulk load this way: on Redis one pipeline, not a round trip per key). The default calls
   * {@link #tryAcquire} per name; if one call fails, the locks it took are released and the failure is
   * thrown.
   *
   * @param names the locks' names, no duplicates
   * @param lease how long each lock is held unless released or extended first; positive
   * @return the locks taken, by name, in the order of {@code names}; a name left out is held by another
   *     owner
   * @throws RuntimeException if the tier cannot be reached (no lock is then left held for longer than
   *     its lease)
   */
  default Map<String, Lease> tryAcquireAll(Collection<String> names, Duration lease) {
    Map<String, Lease> taken = new LinkedHashMap<>();
    try {
      for (String name : names) {
        Lease held = tryAcquire(name, lease);
        if (held != null) {
          taken.put(name, held);
        }
      }
    } catch (RuntimeException e) {
      releaseAll(taken.values());
      throw e;
    }
    return taken;
  }

  /**
   * Releases several locks taken from this lock, in one request where the tier can; each as
   * {@link Lease#close()} would (only if still ours; idempotent). The default closes them one by one.
   * Never throws (a failure is logged and the leases run out on their own).
   *
   * @param leases leases this lock handed out
   */
  default void releaseAll(Collection<? extends Lease> leases) {
    leases.forEach(Lease::close);
  }

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
