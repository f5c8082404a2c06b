package io.tradingagents.cache.internal;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps in-process copies consistent across instances over a tier's {@link InvalidationBus}. Outgoing:
 * every put and invalidation is published; what cannot be published is kept (up to
 * {@value #MAX_PENDING} keys, then one "drop everything") and published again on the next publish or probe
 * round. Incoming: messages from other instances drop the named in-process entries; a resubscription after
 * a disconnect drops them all, since messages sent meanwhile are lost.
 */
final class InvalidationRelay implements InvalidationBus.Listener {
  private static final Logger log = LoggerFactory.getLogger(InvalidationRelay.class);
  static final int MAX_PENDING = 10_000;

  private final String origin = UUID.randomUUID().toString();
  private final GuardedTier tier;
  private final LocalTier local;
  private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingPrefixes = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pendingAll = new AtomicBoolean();
  private volatile boolean hasPending;

  /** Also applies received invalidations to this instance's own lower tiers (local files). */
  private final java.util.function.Consumer<Invalidation> alsoLocally;
  private final EngineMeters meters;
  private final AtomicBoolean firstSubscription = new AtomicBoolean(true);

  InvalidationRelay(GuardedTier tier, LocalTier local, java.util.function.Consumer<Invalidation> alsoLocally,
      EngineMeters meters) {
    this.tier = tier;
    this.local = local;
    this.alsoLocally = alsoLocally;
    this.meters = meters;
  }

  void start() {
    InvalidationBus bus = tier.bus;
    if (bus != null) {
      bus.subscribe(this);
    }
  }

  /**
   * @param keys keys written or removed
   * @param reachedBusTier whether the write reached the tier that carries the bus; if not, publishing
   *     now would send other instances to re-read the old value, so the message waits until the tier has
   *     been repaired (the next probe round publishes it)
   */
  void publishKeys(List<String> keys, boolean reachedBusTier) {
    if (reachedBusTier) {
      publish(keys, List.of(), false);
    } else {
      keep(new Invalidation(origin, keys, List.of(), false));
    }
  }

  void publishNamespace(String prefix, boolean reachedBusTier) {
    if (reachedBusTier) {
      publish(List.of(), List.of(prefix), false);
    } else {
      keep(new Invalidation(origin, List.of(), List.of(prefix), false));
    }
  }

  /**
   * Publishes what earlier publishes could not or should not yet send; called after every probe round,
   * that is after the tiers were repaired.
   */
  void flush() {
    if (hasPending) {
      publish(List.of(), List.of(), true);
    }
  }

  private void publish(List<String> keys, List<String> prefixes, boolean withPending) {
    List<String> allKeys = new ArrayList<>(keys);
    List<String> allPrefixes = new ArrayList<>(prefixes);
    boolean all = false;
    if (withPending && hasPending) {
      hasPending = false;
      all = pendingAll.getAndSet(false);
      drainInto(pendingKeys, allKeys);
      drainInto(pendingPrefixes, allPrefixes);
    }
    if (!all && allKeys.isEmpty() && allPrefixes.isEmpty()) {
      return;
    }
    Invalidation message = all ? new Invalidation(origin, List.of(), List.of(), true)
        : new Invalidation(origin, allKeys, allPrefixes, false);
    if (!tier.publish(message)) {
      keep(message);
    } else {
      meters.invalidationsSent.increment();
    }
  }

  private static void drainInto(Set<String> pending, List<String> into) {
    for (String item : List.copyOf(pending)) {
      pending.remove(item);
      into.add(item);
    }
  }

  private void keep(Invalidation message) {
    if (message.all() || pendingKeys.size() + message.keys().size() > MAX_PENDING) {
      pendingAll.set(true);
      pendingKeys.clear();
      pendingPrefixes.clear();
    } else {
      pendingKeys.addAll(message.keys());
      pendingPrefixes.addAll(message.namespacePrefixes());
    }
    hasPending = true;
  }

  @Override
  public void onInvalidation(Invalidation invalidation) {
    if (origin.equals(invalidation.origin())) {
      return;
    }
    meters.invalidationsReceived.increment();
    alsoLocally.accept(invalidation);
    if (invalidation.all()) {
      local.invalidateAllRemote();
      return;
    }
    for (String key : invalidation.keys()) {
      try {
        local.invalidateRemote(CacheKey.parse(key));
      } catch (IllegalArgumentException e) {
        log.debug("Ignoring an invalidation of a malformed key", e);
      }
    }
    for (String prefix : invalidation.namespacePrefixes()) {
      String namespace = prefix.substring(CacheKey.PREFIX.length(), Math.max(CacheKey.PREFIX.length(),
          prefix.length() - 1));
      local.invalidateNamespaceRemote(namespace);
    }
  }

  @Override
  public void onResubscribed() {
    if (!firstSubscription.compareAndSet(true, false)) {
      meters.busReconnects.increment();
    }
    local.invalidateAllRemote();
    log.debug("Invalidation bus of tier {} (re)subscribed; in-process copies dropped", tier.name());
  }
}
