package io.tradingagents.cache.testing;

import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for engine tests: a real tier whose every operation fails while {@link #down} is set,
 * the way a client fails when its server is gone. Counts the calls that reached it.
 */
public final class FlakyTier implements CacheTier {
  private final CacheTier delegate;
  /** While true, every operation throws. */
  public volatile boolean down;
  /** Operations attempted (including failed ones). */
  public final AtomicInteger calls = new AtomicInteger();
  /** Batch reads ({@link #getAll}). */
  public final AtomicInteger getAllCalls = new AtomicInteger();
  /** Single writes ({@link #put}). */
  public final AtomicInteger putCalls = new AtomicInteger();
  /** Batch writes ({@link #putAll}). */
  public final AtomicInteger putAllCalls = new AtomicInteger();
  /** When set, the next get reads its entry, counts {@link #getPaused} down, then waits for this latch. */
  public volatile java.util.concurrent.@Nullable CountDownLatch holdNextGet;
  /** Counted down when a held get has read its entry. */
  public final java.util.concurrent.CountDownLatch getPaused = new java.util.concurrent.CountDownLatch(1);

  /** @param delegate the tier that answers while up */
  public FlakyTier(CacheTier delegate) {
    this.delegate = delegate;
  }

  private void check() {
    calls.incrementAndGet();
    if (down) {
      throw new UncheckedIOException(new ConnectException("Connection refused (simulated outage)"));
    }
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
    check();
    TierEntry entry = delegate.get(key);
    java.util.concurrent.CountDownLatch hold = holdNextGet;
    if (hold != null) {
      holdNextGet = null;
      getPaused.countDown();
      try {
        hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return entry;
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    check();
    getAllCalls.incrementAndGet();
    return delegate.getAll(keys);
  }

  @Override
  public void put(String key, TierEntry entry) {
    check();
    putCalls.incrementAndGet();
    delegate.put(key, entry);
  }

  @Override
  public void putAll(Map<String, TierEntry> entries) {
    check();
    putAllCalls.incrementAndGet();
    delegate.putAll(entries);
  }

  @Override
  public boolean putIfAbsent(String key, TierEntry entry) {
    check();
    return delegate.putIfAbsent(key, entry);
  }

  @Override
  public int putAllIfAbsent(Map<String, TierEntry> entries) {
    check();
    return delegate.putAllIfAbsent(entries);
  }

  @Override
  public boolean putUnlessNewer(String key, TierEntry entry) {
    check();
    return delegate.putUnlessNewer(key, entry);
  }

  @Override
  public boolean remove(String key) {
    check();
    return delegate.remove(key);
  }

  @Override
  public long removeNamespace(String prefix) {
    check();
    return delegate.removeNamespace(prefix);
  }

  @Override
  public void ping() {
    check();
  }

  @Override
  public TierUsage usage() {
    check();
    return delegate.usage();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
