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
    return delegate.get(key);
  }

  @Override
  public Map<String, TierEntry> getAll(Collection<String> keys) {
    check();
    return delegate.getAll(keys);
  }

  @Override
  public void put(String key, TierEntry entry) {
    check();
    delegate.put(key, entry);
  }

  @Override
  public void putAll(Map<String, TierEntry> entries) {
    check();
    delegate.putAll(entries);
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
