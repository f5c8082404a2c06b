package io.tradingagents.cache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
   * {@link #tryAcquire} per name; if one call fails, it releases the locks it took and throws. A lock that
   * wraps another should forward this method, {@link #releaseAll} and {@link #extendAll}, or its batches go
   * one by one.
   *
   * @param names the locks' names, no duplicates, none {@code null}
   * @param lease how long each lock is held unless released or extended first; positive
   * @return the locks taken, by name, in the order of {@code names}; a name left out is held by another
   *     owner
   * @throws RuntimeException if the tier cannot be reached; locks the request took before it failed may
   *     stay held until their lease runs out (the default releases them; an implementation should try to)
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
   * Extends several locks taken from this lock, in one request where the tier can; each as
   * {@link Lease#extend} would (only if still ours). The default extends them one by one.
   *
   * @param leases leases this lock handed out
   * @param lease the new lease, from now; positive
   * @return the names of the locks that were still ours and were extended
   * @throws RuntimeException if the tier cannot be reached
   */
  default Set<String> extendAll(Collection<? extends Lease> leases, Duration lease) {
    Set<String> extended = new LinkedHashSet<>();
    for (Lease held : leases) {
      if (held.extend(lease)) {
        extended.add(held.name());
      }
    }
    return extended;
  }

  /**
   * Releases several locks taken from this lock, in one request where the tier can; each as
   * {@link Lease#close()} would (only if still ours; idempotent). The default closes them one by one.
   * Never throws: a failure is logged and the leases run out on their own. (Should a lease's
   * {@code close()} throw against its contract, the default still closes the others, then throws the first
   * failure.)
   *
   * @param leases leases this lock handed out
   */
  default void releaseAll(Collection<? extends Lease> leases) {
    RuntimeException failure = null;
    for (Lease held : leases) {
      try {
        held.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
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
