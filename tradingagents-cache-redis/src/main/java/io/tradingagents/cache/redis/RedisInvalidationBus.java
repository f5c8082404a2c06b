package io.tradingagents.cache.redis;

import static java.util.Objects.requireNonNull;

import io.tradingagents.cache.spi.Invalidation;
import io.tradingagents.cache.spi.InvalidationBus;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPubSub;

/**
 * The invalidation bus on Redis pub/sub, channel {@value #CHANNEL_PREFIX}{@code <db>} (pub/sub ignores
 * databases; the suffix keeps instances on different databases of one server apart).
 *
 * <p>{@link #publish} sends {@code PUBLISH} on a pooled data connection. {@link #subscribe} starts one
 * daemon thread, {@value #THREAD_NAME}, that holds a blocking {@code SUBSCRIBE} on a connection of its
 * own and reconnects with backoff (50 ms doubling to 2 s) until the bus is closed; every successful
 * subscription, the first included, calls {@link Listener#onResubscribed()}. A subscription waits for
 * messages without a read timeout, so a keepalive thread sends {@code PING} on it every ping interval and
 * drops the connection when nothing (message, pong or subscription reply) arrived for three intervals: a
 * frozen or silently unreachable server is noticed, not waited for.
 *
 * <p>When an established subscription is lost, the listener is told at once
 * ({@link Listener#onDisconnected()}): from then until the next {@link Listener#onResubscribed()} no
 * message can arrive; the engine catches up from the tier's invalidation log afterwards. Thread-safe.
 */
final class RedisInvalidationBus implements InvalidationBus, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisInvalidationBus.class);
  /** The channel name before the database index. */
  static final String CHANNEL_PREFIX = "ta-invalidation:";
  /** The subscriber thread's name. */
  static final String THREAD_NAME = "tradingagents-cache-redis-subscriber";
  private static final long MIN_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;
  /** Silence (no message, pong or reply) longer than this many ping intervals drops the connection. */
  private static final int MAX_SILENT_INTERVALS = 3;

  private final RedisConnector connector;
  private final String channel;
  private final Duration pingInterval;
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  /** Guards starting and stopping the threads (never held across I/O). */
  private final Object lifecycle = new Object();
  private volatile boolean closed;
  private volatile @Nullable Session session;
  private volatile @Nullable Thread subscriber;
  private volatile @Nullable ScheduledExecutorService keepalive;
  /** Successful subscriptions, the first included. */
  final AtomicLong subscriptions = new AtomicLong();
  /** Established subscriptions that were lost. */
  final AtomicLong disconnects = new AtomicLong();
  /** Messages received and handed to the listener. */
  final AtomicLong received = new AtomicLong();
  /** Messages that were not in the bus's format and were ignored. */
  final AtomicLong undecodable = new AtomicLong();

  /** @param connector the tier's connector; publishes use its pool, the subscriber its addresses */
  RedisInvalidationBus(RedisConnector connector) {
    this.connector = requireNonNull(connector, "connector");
    this.channel = CHANNEL_PREFIX + connector.options().database;
    this.pingInterval = connector.options().subscriberPingInterval;
  }

  /** @return counters for status: subscriptions, lost subscriptions, messages received and ignored */
  Map<String, String> stats() {
    return Map.of("bus_subscriptions", String.valueOf(subscriptions.get()),
        "bus_disconnects", String.valueOf(disconnects.get()),
        "bus_received", String.valueOf(received.get()),
        "bus_undecodable", String.valueOf(undecodable.get()));
  }

  /** @return whether the subscriber thread runs (for tests and status) */
  boolean isSubscriberRunning() {
    Thread thread = subscriber;
    return thread != null && thread.isAlive();
  }

  /** @return the pub/sub channel */
  String channel() {
    return channel;
  }

  /**
   * @param invalidation the message
   * @throws RuntimeException if Redis cannot be reached in time (the engine keeps the message)
   */
  @Override
  public void publish(Invalidation invalidation) {
    String message = InvalidationMessages.encode(requireNonNull(invalidation, "invalidation"));
    long receivers = connector.client().publish(channel, message);
    log.debug("Published an invalidation of {} keys, {} prefixes (all={}) to {} subscribers",
        invalidation.keys().size(), invalidation.namespacePrefixes().size(), invalidation.all(), receivers);
  }

  /**
   * @param listener receives messages, subscriptions and (after a lost subscription) one "drop
   *     everything" message
   * @throws IllegalStateException if called twice, or after {@link #close()}
   */
  @Override
  public void subscribe(Listener listener) {
    requireNonNull(listener, "listener");
    synchronized (lifecycle) {
      if (closed || !started.compareAndSet(false, true)) {
        throw new IllegalStateException(closed ? "The Redis tier is closed" : "subscribe was already called");
      }
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tradingagents-cache-redis-keepalive");
        thread.setDaemon(true);
        return thread;
      });
      long millis = Math.max(1, pingInterval.toMillis());
      timer.scheduleWithFixedDelay(this::keepAlive, millis, millis, TimeUnit.MILLISECONDS);
      keepalive = timer;
      Thread thread = new Thread(() -> runSubscriber(listener), THREAD_NAME);
      thread.setDaemon(true);
      subscriber = thread;
      thread.start();
    }
  }

  private void runSubscriber(Listener listener) {
    long backoff = MIN_BACKOFF_MILLIS;
    while (!closed) {
      Session current = null;
      try {
        HostAndPort target = connector.subscriberAddress();
        current = new Session(new Connection(target, connector.options().subscriberConfig()), listener);
        session = current;
        if (closed) {
          break;
        }
        current.run();
      } catch (RuntimeException e) {
        if (!closed) {
          log.debug("Invalidation subscription to {} failed", connector.options().address(), e);
        }
      } finally {
        if (current != null) {
          current.disconnect();
          session = null;
        }
      }
      if (closed) {
        break;
      }
      if (current != null && current.everSubscribed) {
        disconnects.incrementAndGet();
        backoff = MIN_BACKOFF_MILLIS;
        log.atWarn().setMessage("Invalidation subscription to Redis {} was lost; it reconnects")
            .addArgument(connector.options().address())
            .addKeyValue("event", "bus_subscription_lost").addKeyValue("tier", "redis").log();
        try {
          listener.onDisconnected();
        } catch (RuntimeException e) {
          log.atWarn().setMessage("The invalidation listener failed on a lost subscription").setCause(e)
              .addKeyValue("event", "bus_listener_failed").addKeyValue("tier", "redis")
              .addKeyValue("error_category", "listener").log();
        }
      }
      try {
        if (closedSignal.await(backoff, TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
    log.debug("Invalidation subscriber of {} stopped", connector.options().address());
  }

  /** Runs on the keepalive thread: pings the subscription, or drops it when it fell silent. */
  private void keepAlive() {
    Session current = session;
    if (current == null) {
      return;
    }
    try {
      long silentNanos = System.nanoTime() - current.lastActivityNanos;
      if (silentNanos > pingInterval.toNanos() * MAX_SILENT_INTERVALS) {
        log.debug("Invalidation subscription silent for {} ms; dropping the connection",
            TimeUnit.NANOSECONDS.toMillis(silentNanos));
        current.disconnect();
      } else if (current.subscribed) {
        current.sendPing();
      }
    } catch (RuntimeException e) { // a throwing task would stop the schedule
      log.debug("Keepalive of the invalidation subscription failed", e);
    }
  }

  private void deliver(Listener listener, Invalidation invalidation) {
    try {
      listener.onInvalidation(invalidation);
    } catch (RuntimeException e) {
      log.atWarn().setMessage("The invalidation listener failed").setCause(e)
          .addKeyValue("event", "bus_listener_failed").addKeyValue("tier", "redis")
          .addKeyValue("error_category", "listener").log();
    }
  }

  /**
   * Unsubscribes, drops the subscriber's connection and stops its threads (waiting up to one second for
   * the subscriber thread). Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService timer;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      timer = keepalive;
    }
    closedSignal.countDown();
    if (timer != null) {
      timer.shutdownNow();
    }
    Session current = session;
    if (current != null) {
      current.stop();
      current.disconnect();
    }
    Thread thread = subscriber;
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One subscription on one connection. */
  private final class Session extends JedisPubSub {
    private final Connection connection;
    private final Listener listener;
    private final Object writeLock = new Object();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    volatile boolean subscribed;
    volatile boolean everSubscribed;
    volatile long lastActivityNanos = System.nanoTime();

    Session(Connection connection, Listener listener) {
      this.connection = connection;
      this.listener = listener;
    }

    /** Blocks until the subscription ends (unsubscribed, or the connection failed). */
    void run() {
      proceed(connection, channel);
    }

    @Override
    public void onSubscribe(String subscribedChannel, int count) {
      lastActivityNanos = System.nanoTime();
      subscribed = true;
      everSubscribed = true;
      long n = subscriptions.incrementAndGet();
      if (n > 1) {
        log.atInfo().setMessage("Invalidation subscription to Redis {} re-established")
            .addArgument(connector.options().address()).addKeyValue("event", "bus_resubscribed")
            .addKeyValue("tier", "redis").log();
      } else {
        log.debug("Subscribed to {} on {}", channel, connector.options().address());
      }
      try {
        listener.onResubscribed();
      } catch (RuntimeException e) {
        log.atWarn().setMessage("The invalidation listener failed on resubscription").setCause(e)
            .addKeyValue("event", "bus_listener_failed").addKeyValue("tier", "redis")
            .addKeyValue("error_category", "listener").log();
      }
    }

    @Override
    public void onUnsubscribe(String unsubscribedChannel, int count) {
      subscribed = false;
    }

    @Override
    public void onMessage(String messageChannel, String message) {
      lastActivityNanos = System.nanoTime();
      Invalidation invalidation = InvalidationMessages.decode(message);
      if (invalidation == null) {
        undecodable.incrementAndGet();
        log.debug("Ignoring a message on {} that is not an invalidation", messageChannel);
        return;
      }
      received.incrementAndGet();
      deliver(listener, invalidation);
    }

    @Override
    public void onPong(String pattern) {
      lastActivityNanos = System.nanoTime();
    }

    /** Sends a PING on the subscription (answered with a pong). */
    void sendPing() {
      synchronized (writeLock) {
        if (disconnected.get()) {
          return;
        }
        try {
          // A few bytes: the socket buffer takes them even from a frozen server, so this never blocks.
          ping();
        } catch (RuntimeException e) {
          log.debug("PING on the invalidation subscription failed", e);
          disconnect();
        }
      }
    }

    /** Sends UNSUBSCRIBE, best effort. */
    void stop() {
      synchronized (writeLock) {
        if (disconnected.get() || !subscribed) {
          return;
        }
        try {
          unsubscribe();
        } catch (RuntimeException e) {
          log.debug("UNSUBSCRIBE failed; dropping the connection instead", e);
        }
      }
    }

    /** Closes the socket, which ends a blocked read on the subscriber thread. Idempotent. */
    void disconnect() {
      if (!disconnected.compareAndSet(false, true)) {
        return;
      }
      subscribed = false;
      try {
        connection.forceDisconnect();
      } catch (IOException | RuntimeException e) {
        log.debug("Closing the invalidation subscription's socket failed", e);
      }
    }
  }
}
