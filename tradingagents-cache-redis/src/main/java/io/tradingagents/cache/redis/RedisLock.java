package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.spi.DistributedLock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * A lease-based lock on one Redis key per lock name, under {@value #PREFIX} (outside every cache
 * namespace): {@code SET key token NX PX lease} takes it; a Lua script that compares the token releases
 * or extends it, so only the owner can. The token is 128 random bits. A lock whose owner died frees itself
 * when the lease runs out. Several locks are taken, extended and released in one pipeline
 * ({@link #tryAcquireAll}, {@link #extendAll}, {@link #releaseAll}; in a Cluster, one per node). Thread-safe.
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
    String token = newToken();
    String reply = connector.client().set(key, token, SetParams.setParams().nx().px(millis));
    boolean acquired = "OK".equals(reply);
    log.debug("Lock {} {}", key, acquired ? "acquired" : "held elsewhere");
    return acquired ? new RedisLease(name, key, token) : null;
  }

  /**
   * Takes several locks with one pipeline of {@code SET key token NX PX lease} (in a Cluster, one per node,
   * sent in parallel).
   *
   * @param names the locks' names, no duplicates, none {@code null}
   * @param lease how long each lock is held unless released or extended first; at least 1 ms
   * @return the locks taken, by name, in the order of {@code names}; a name left out is held elsewhere
   * @throws IllegalArgumentException if {@code lease} is shorter than 1 ms
   * @throws NullPointerException if a name is {@code null} (nothing is sent)
   * @throws RuntimeException if Redis cannot be reached in time or refuses a command: the locks the
   *     pipeline may have taken are then released with one more pipeline, as far as Redis answers it (the
   *     rest run out with their lease)
   */
  @Override
  public Map<String, Lease> tryAcquireAll(Collection<String> names, Duration lease) {
    requireNonNull(names, "names");
    long millis = leaseMillis(lease);
    List<RedisLease> candidates = new ArrayList<>(names.size());
    for (String name : names) {
      candidates.add(new RedisLease(requireNonNull(name, "names contains null"), PREFIX + name, newToken()));
    }
    if (candidates.isEmpty()) {
      return new LinkedHashMap<>();
    }
    List<Response<String>> replies = new ArrayList<>(candidates.size());
    Map<String, Lease> taken = new LinkedHashMap<>((int) (candidates.size() / 0.75f) + 1);
    try {
      try (AbstractPipeline pipeline = connector.pipelined()) {
        for (RedisLease candidate : candidates) {
          replies.add(pipeline.set(candidate.key, candidate.token, SetParams.setParams().nx().px(millis)));
        }
        pipeline.sync();
      }
      for (int i = 0; i < candidates.size(); i++) {
        if ("OK".equals(replies.get(i).get())) {
          taken.put(candidates.get(i).name, candidates.get(i));
        }
      }
    } catch (RuntimeException e) {
      releaseAll(candidates); // the tokens are new: only the locks this call took are released
      throw e;
    }
    log.debug("Locks: {} of {} acquired, the rest held elsewhere", taken.size(), candidates.size());
    return taken;
  }

  /**
   * Extends several locks with one pipeline of the extend script (in a Cluster, one per node); each only if
   * still ours. Leases of another lock are extended one by one.
   *
   * @param leases leases this lock handed out
   * @param lease the new lease, from now; at least 1 ms
   * @return the names of the locks that were still ours and were extended
   * @throws IllegalArgumentException if {@code lease} is shorter than 1 ms
   * @throws RuntimeException if Redis cannot be reached in time
   */
  @Override
  public Set<String> extendAll(Collection<? extends Lease> leases, Duration lease) {
    String millis = Long.toString(leaseMillis(lease));
    List<Lease> others = new ArrayList<>();
    List<RedisLease> mine = own(leases, others);
    mine.removeIf(held -> held.released.get());
    Set<String> extended = new LinkedHashSet<>(DistributedLock.super.extendAll(others, lease));
    if (mine.isEmpty()) {
      return extended;
    }
    List<Response<Object>> replies = new ArrayList<>(mine.size());
    try (AbstractPipeline pipeline = connector.pipelined()) {
      for (RedisLease held : mine) {
        replies.add(pipeline.eval(EXTEND, List.of(held.key), List.of(held.token, millis)));
      }
      pipeline.sync();
    }
    for (int i = 0; i < mine.size(); i++) {
      if (Long.valueOf(1).equals(replies.get(i).get())) {
        extended.add(mine.get(i).name);
      }
    }
    return extended;
  }

  /**
   * Releases several locks with one pipeline of the release script (in a Cluster, one per node); each only
   * if still ours. Leases of another lock are closed one by one. Never throws.
   *
   * @param leases leases this lock handed out
   */
  @Override
  public void releaseAll(Collection<? extends Lease> leases) {
    List<Lease> others = new ArrayList<>();
    List<RedisLease> mine = own(leases, others);
    mine.removeIf(held -> !held.released.compareAndSet(false, true)); // released once only
    try {
      DistributedLock.super.releaseAll(others);
    } catch (RuntimeException e) {
      log.debug("Releasing {} locks of another lock failed; their leases run out on their own", others.size(), e);
    }
    if (mine.isEmpty()) {
      return;
    }
    try (AbstractPipeline pipeline = connector.pipelined()) {
      for (RedisLease held : mine) {
        pipeline.eval(RELEASE, List.of(held.key), List.of(held.token));
      }
      pipeline.sync();
      log.debug("Released {} locks", mine.size());
    } catch (RuntimeException e) {
      log.debug("Releasing {} locks failed; their leases run out on their own", mine.size(), e);
    }
  }

  /**
   * @param others receives the leases another lock handed out (handled one by one, as the SPI's default)
   * @return the leases this lock handed out
   */
  private List<RedisLease> own(Collection<? extends Lease> leases, List<Lease> others) {
    List<RedisLease> mine = new ArrayList<>(leases.size());
    for (Lease held : leases) {
      if (held instanceof RedisLease redisLease && redisLease.owner() == this) {
        mine.add(redisLease);
      } else {
        others.add(held);
      }
    }
    return mine;
  }

  private static String newToken() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
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

    RedisLock owner() {
      return RedisLock.this;
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
