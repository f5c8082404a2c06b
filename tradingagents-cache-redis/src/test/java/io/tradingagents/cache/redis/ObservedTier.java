package io.tradingagents.cache.redis;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.DistributedLock;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real tier seen through a test's eyes: every call goes to the delegate unchanged, and what the engine
 * receives from the bus (messages, resubscriptions, "drop everything") and how its lock attempts went are
 * counted, so tests can wait for an event instead of for time.
 */
final class ObservedTier implements CacheTier {
  private final CacheTier delegate;
  /** Invalidations handed to the engine, including synthetic "drop everything" ones. */
  final List<Invalidation> received = new CopyOnWriteArrayList<>();
  /** Subscriptions the engine was told about (the first included). */
  final AtomicInteger subscriptions = new AtomicInteger();
  /** While set, bus messages are dropped before the engine sees them (pub/sub losing them). */
  volatile boolean deaf;
  /** Established subscriptions that were lost. */
  final AtomicInteger disconnects = new AtomicInteger();
  /** Keys whose {@code put} Redis acknowledged. */
  final java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The distinct log epochs read. */
  final java.util.Set<String> epochs = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Reads of the log that Redis answered. */
  final AtomicInteger logReadCalls = new AtomicInteger();
  /** Reads of the log that found the position gone. */
  final AtomicInteger logGaps = new AtomicInteger();
  /** Invalidations read from the log (before the engine acts on them). */
  final java.util.List<Invalidation> logRead = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Lock attempts that got the lock. */
  final AtomicInteger locksAcquired = new AtomicInteger();
  /** Lock attempts refused because another owner held it. */
  final AtomicInteger locksRefused = new AtomicInteger();
  /** Reads, writes and removals that reached the tier (the guard let them through). */
  final AtomicInteger dataCalls = new AtomicInteger();
  /** Health probes (pings) that failed. */
  final AtomicInteger pingFailures = new AtomicInteger();

  ObservedTier(CacheTier delegate) {
    this.delegate = delegate;
  }

  /** @return how many received invalidations name {@code key} */
  long receivedFor(String key) {
    return received.stream().filter(i -> i.keys().contains(key)).count();
  }

  /** @return how many "drop everything" messages were received */
  long dropAllReceived() {
    return received.stream().filter(Invalidation::all).count();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public TierKind kind() {
    return delegate.kind();
  }

  @Override
  public @Nullable TierEntry get(String key) {
    dataCalls.incrementAndGet();
    return delegate.get(key);
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    dataCalls.incrementAndGet();
    return delegate.getAll(keys);
  }

  @Override
  public void put(String key, TierEntry entry) {
    dataCalls.incrementAndGet();
    delegate.put(key, entry);
    acknowledged.add(key);
  }

  @Override
  public void putAll(Map<String, TierEntry> entries) {
    dataCalls.incrementAndGet();
    delegate.putAll(entries);
  }

  @Override
  public boolean putAllAndAppend(Map<String, TierEntry> entries, Map<String, Invalidation> appends) {
    dataCalls.incrementAndGet();
    return delegate.putAllAndAppend(entries, appends); // the writes and their log appends in one call
  }

  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    dataCalls.incrementAndGet();
    return delegate.putIfAbsent(key, entry);
  }

  @Override
  public int putAllIfAbsent(Map<String, TierEntry> entries) {
    dataCalls.incrementAndGet();
    return delegate.putAllIfAbsent(entries);
  }

  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    dataCalls.incrementAndGet();
    return delegate.putUnlessNewer(key, entry);
  }

  @Override
  public boolean remove(String key) {
    dataCalls.incrementAndGet();
    return delegate.remove(key);
  }

  @Override
  public long removeNamespace(String prefix) {
    dataCalls.incrementAndGet();
    return delegate.removeNamespace(prefix);
  }

  @Override
  public void ping() {
    try {
      delegate.ping();
    } catch (RuntimeException e) {
      pingFailures.incrementAndGet();
      throw e;
    }
  }

  @Override
  public TierUsage usage() {
    return delegate.usage();
  }

  @Override
  public Optional<DistributedLock> distributedLock() {
    return delegate.distributedLock().map(lock -> new DistributedLock() {
      @Override
      public DistributedLock.@Nullable Lease tryAcquire(String name, java.time.Duration lease) {
        DistributedLock.Lease held = lock.tryAcquire(name, lease);
        (held == null ? locksRefused : locksAcquired).incrementAndGet();
        return held;
      }

      @Override
      public Map<String, DistributedLock.Lease> tryAcquireAll(Collection<String> names,
          java.time.Duration lease) {
        Map<String, DistributedLock.Lease> taken = lock.tryAcquireAll(names, lease);
        locksAcquired.addAndGet(taken.size());
        locksRefused.addAndGet(names.size() - taken.size());
        return taken;
      }

      @Override
      public java.util.Set<String> extendAll(Collection<? extends DistributedLock.Lease> leases,
          java.time.Duration lease) {
        return lock.extendAll(leases, lease);
      }

      @Override
      public void releaseAll(Collection<? extends DistributedLock.Lease> leases) {
        lock.releaseAll(leases);
      }
    });
  }

  @Override
  public Optional<InvalidationBus> invalidationBus() {
    return delegate.invalidationBus().map(bus -> new InvalidationBus() {
      @Override
      public void publish(Invalidation invalidation) {
        bus.publish(invalidation);
      }

      @Override
      public void subscribe(Listener listener) {
        bus.subscribe(new Listener() {
          @Override
          public void onInvalidation(Invalidation invalidation) {
            if (deaf) {
              return;
            }
            listener.onInvalidation(invalidation);
            received.add(invalidation); // counted once the engine has acted on it
          }

          @Override
          public void onResubscribed() {
            listener.onResubscribed();
            subscriptions.incrementAndGet();
          }

          @Override
          public void onDisconnected() {
            listener.onDisconnected();
            disconnects.incrementAndGet();
          }
        });
      }
    });
  }

  @Override
  public Optional<io.tradingagents.cache.spi.InvalidationLog> invalidationLog() {
    return delegate.invalidationLog().map(log -> new io.tradingagents.cache.spi.InvalidationLog() {
      @Override
      public String append(String namespace, Invalidation invalidation) {
        return log.append(namespace, invalidation);
      }

      @Override
      public void appendChange(String namespace, Invalidation invalidation) {
        log.appendChange(namespace, invalidation);
      }

      @Override
      public boolean appendAlsoPublishes() {
        return log.appendAlsoPublishes();
      }

      @Override
      public String epoch() {
        String epoch = log.epoch();
        epochs.add(epoch);
        return epoch;
      }

      @Override
      public java.util.@org.jspecify.annotations.Nullable List<Entry> readAfter(String namespace,
          String position, int max) {
        java.util.List<Entry> entries = log.readAfter(namespace, position, max);
        logReadCalls.incrementAndGet();
        if (entries == null) {
          logGaps.incrementAndGet();
        } else {
          entries.forEach(e -> logRead.add(e.invalidation()));
        }
        return entries;
      }
    });
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
