package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.spi.DistributedLock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * A lease-based lock on one Redis key per lock name, under {@value #PREFIX} (outside every cache
 * namespace): {@code SET key token NX PX lease} takes it; a Lua script that compares the token releases
 * or extends it, so only the owner can. The token is 128 random bits. A lock whose owner died frees itself
 * when the lease runs out. Thread-safe.
 *
 * <p>Like every single-instance Redis lock it is advisory: a failover that loses the key, or an owner
 * paused beyond its lease, can let two owners overlap. The engine uses it to avoid duplicate loads, where
 * an overlap costs one extra upstream call and nothing else.
 */
final class RedisLock implements DistributedLock {
  private static final Logger log = LoggerFactory.getLogger(RedisLock.class);
  /** Prefix of every lock key. */
  static final String PREFIX = "ta-lock:";
  private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('del', KEYS[1]) else return 0 end";
  private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisConnector connector;

  /** @param connector the tier's connector */
  RedisLock(RedisConnector connector) {
    this.connector = requireNonNull(connector, "connector");
  }

  /**
   * @param name the lock's name; the key is {@value #PREFIX}{@code name}
   * @param lease how long the lock is held unless released or extended first; at least 1 ms
   * @return the held lock, or {@code null} if another owner holds it
   * @throws IllegalArgumentException if {@code lease} is shorter than 1 ms
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public @Nullable Lease tryAcquire(String name, Duration lease) {
    requireNonNull(name, "name");
    long millis = leaseMillis(lease);
    String key = PREFIX + name;
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    String reply = connector.client().set(key, token, SetParams.setParams().nx().px(millis));
    boolean acquired = "OK".equals(reply);
    log.debug("Lock {} {}", key, acquired ? "acquired" : "held elsewhere");
    return acquired ? new RedisLease(name, key, token) : null;
  }

  private static long leaseMillis(Duration lease) {
    requireNonNull(lease, "lease");
    if (lease.toMillis() < 1) {
      throw new IllegalArgumentException("lease must be at least 1ms but was " + lease);
    }
    return lease.toMillis();
  }

  /** A held lock; the token never leaves this object. */
  private final class RedisLease implements Lease {
    private final String name;
    private final String key;
    private final String token;
    private final AtomicBoolean released = new AtomicBoolean();

    RedisLease(String name, String key, String token) {
      this.name = name;
      this.key = key;
      this.token = token;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean extend(Duration lease) {
      long millis = leaseMillis(lease);
      if (released.get()) {
        return false;
      }
      Object reply = connector.client().eval(EXTEND, List.of(key), List.of(token, Long.toString(millis)));
      return Long.valueOf(1).equals(reply);
    }

    @Override
    public void close() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      try {
        Object reply = connector.client().eval(RELEASE, List.of(key), List.of(token));
        log.debug("Lock {} {}", key, Long.valueOf(1).equals(reply) ? "released" : "had already expired");
      } catch (RuntimeException e) {
        log.debug("Releasing lock {} failed; its lease runs out on its own", key, e);
      }
    }

    @Override
    public String toString() {
      return "RedisLease{" + name + '}';
    }
  }
}
