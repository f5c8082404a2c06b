package io.tradingagents.cache.spi;

/**
 * Carries {@link Invalidation}s between cache instances so that a {@code put} or {@code invalidate} on one
 * drops the in-process copy on every other (optional capability, offered through
 * {@link CacheTier#invalidationBus()}). Messages may be lost across a disconnect, on either side; the
 * engine makes up for it: a sender keeps what it could not publish and publishes it again, and a receiver
 * told by {@link Listener#onResubscribed()} catches up from the tier's {@link InvalidationLog} if it has
 * one, or drops its in-process copies if not. Thread-safe.
 */
public interface InvalidationBus {

  /**
   * Publishes one message to every subscribed instance, including the sender's own subscription.
   *
   * @param invalidation the message
   * @throws RuntimeException if it could not be handed to the server (the engine keeps it and retries)
   */
  void publish(Invalidation invalidation);

  /**
   * Starts delivering messages to {@code listener} on a thread of the bus, reconnecting after a
   * disconnect until the tier is closed. Called at most once.
   *
   * @param listener receives messages and resubscriptions
   */
  void subscribe(Listener listener);

  /** Receives what the bus delivers. Implementations must not block for long. */
  interface Listener {

    /** @param invalidation a message from any instance (possibly this one) */
    void onInvalidation(Invalidation invalidation);

    /**
     * The subscription was re-established after a disconnect: messages sent meanwhile are lost, so the
     * receiver must catch up from the log, or drop every in-process copy of shared entries. Also called for
     * the first subscription.
     */
    void onResubscribed();

    /**
     * An established subscription was lost: until {@link #onResubscribed()} no message can arrive. The
     * default drops every in-process copy (a "drop everything" invalidation with origin {@code bus}).
     */
    default void onDisconnected() {
      onInvalidation(new Invalidation("bus", java.util.List.of(), java.util.List.of(), true));
    }
  }
}
