package io.tradingagents.cache.testing;

import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.MemoryTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM stand-in for a shared server (Redis-like) that several caches in one test use as "app
 * instances": entries in a {@link MemoryTier}, a lock table and a message bus, all shared. Each cache gets
 * its own {@link #connection()}, whose bus link can be cut and restored to lose messages like a network
 * partition would.
 */
public final class SharedMemoryTier {
  private final MemoryTier store;
  private final Clock clock;
  private final Map<String, Holder> locks = new ConcurrentHashMap<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  /** Lock requests refused because another owner held the lock. */
  public final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
  /** Leases extended by their owner. */
  public final java.util.concurrent.atomic.AtomicInteger extensions = new java.util.concurrent.atomic.AtomicInteger();

  private record Holder(String token, long expiresAt) {}

  /** @param clock the shared clock */
  public SharedMemoryTier(Clock clock) {
    this.clock = clock;
    this.store = new MemoryTier("redis", TierKind.REDIS, 64 << 20, clock);
  }

  /** @return a new connection, as a cache instance would open */
  public Connection connection() {
    Connection connection = new Connection();
    connections.add(connection);
    return connection;
  }

  /** One instance's view of the shared server. */
  public final class Connection extends MemoryBackedTier implements DistributedLock, InvalidationBus {
    private volatile InvalidationBus.@Nullable Listener listener;
    private volatile boolean cut;
    /** When set, the next put fails (a lost write on a healthy connection). */
    public volatile boolean failNextPut;
    /** When set, replays ({@link #putUnlessNewer}) wait for it: a repair stuck on a slow server. */
    public volatile java.util.concurrent.@Nullable CountDownLatch holdReplays;
    /** Replays that started waiting on {@link #holdReplays}. */
    public final java.util.concurrent.atomic.AtomicInteger replaysHeld = new java.util.concurrent.atomic.AtomicInteger();

    private Connection() {
      super(SharedMemoryTier.this.store);
    }

    /** Cuts this connection's link: publishes fail and messages to it are lost. */
    public void cut() {
      cut = true;
    }

    /** Restores the link; the subscription is re-established and the listener told so. */
    public void restore() {
      cut = false;
      InvalidationBus.Listener l = listener;
      if (l != null) {
        l.onResubscribed();
      }
    }

    @Override
    public void put(String key, TierEntry entry) {
      if (failNextPut) {
        failNextPut = false;
        throw new IllegalStateException("write lost (simulated)");
      }
      store.put(key, entry);
    }

    @Override
    public boolean putUnlessNewer(String key, TierEntry entry) {
      java.util.concurrent.CountDownLatch hold = holdReplays;
      if (hold != null) {
        replaysHeld.incrementAndGet();
        try {
          hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.putUnlessNewer(key, entry);
    }

    @Override
    public void ping() {
      // the data link is never cut here; FlakyTier covers a dead server
    }

    @Override
    public Optional<DistributedLock> distributedLock() {
      return Optional.of(this);
    }

    @Override
    public Optional<InvalidationBus> invalidationBus() {
      return Optional.of(this);
    }

    @Override
    public @Nullable Lease tryAcquire(String name, Duration lease) {
      String token = UUID.randomUUID().toString();
      long now = clock.millis();
      Holder mine = new Holder(token, now + lease.toMillis());
      Holder held = locks.compute(name, (k, h) -> h == null || h.expiresAt() <= now ? mine : h);
      if (held != mine) {
        refusals.incrementAndGet();
        return null;
      }
      return new Lease() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public boolean extend(Duration more) {
          Holder now = locks.computeIfPresent(name, (k, h) -> h.token().equals(token)
              ? new Holder(token, clock.millis() + more.toMillis()) : h);
          boolean ours = now != null && now.token().equals(token);
          if (ours) {
            extensions.incrementAndGet();
          }
          return ours;
        }

        @Override
        public void close() {
          locks.computeIfPresent(name, (k, h) -> h.token().equals(token) ? null : h);
        }
      };
    }

    @Override
    public void publish(Invalidation invalidation) {
      if (cut) {
        throw new IllegalStateException("connection cut (simulated)");
      }
      for (Connection c : connections) {
        InvalidationBus.Listener l = c.listener;
        if (!c.cut && l != null) {
          l.onInvalidation(invalidation);
        }
      }
    }

    @Override
    public void subscribe(InvalidationBus.Listener l) {
      this.listener = l;
      l.onResubscribed();
    }

    @Override
    public void close() {
      connections.remove(this);
    }
  }
}
