package io.tradingagents.analysis.file;

import io.tradingagents.monitoring.ErrorCategory;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FsyncPolicy#INTERVAL}: a daemon thread named {@value #THREAD_PREFIX}{@code <file name>} forces the
 * journal every interval when something was appended since the last force. A failing force is logged at
 * WARN once (and INFO when it works again) and retried every interval. Thread-safe.
 */
final class PeriodicFsync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeriodicFsync.class);

  /** The name prefix of the threads; the journal's file name follows. */
  static final String THREAD_PREFIX = "tradingagents-journal-fsync-";

  private final Path file;
  private final String kind;
  private final Supplier<JournalHandle> current;
  private final AtomicLong forces;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final ScheduledExecutorService executor;
  private volatile boolean failing;

  /**
   * Starts the thread.
   *
   * @param file the journal
   * @param kind what it holds, for messages
   * @param interval how often to force
   * @param current the journal's open file
   * @param forces counts the forces
   */
  PeriodicFsync(Path file, String kind, Duration interval, Supplier<JournalHandle> current, AtomicLong forces) {
    this.file = file;
    this.kind = kind;
    this.current = current;
    this.forces = forces;
    String name = THREAD_PREFIX + file.getFileName();
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::forceIfDirty, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Notes that a line was appended since the last force. */
  void appended() {
    dirty.set(true);
  }

  /** Stops the thread; a force in progress finishes. Idempotent. */
  @Override
  public void close() {
    executor.shutdown();
  }

  private void forceIfDirty() {
    if (!dirty.getAndSet(false)) {
      return;
    }
    try {
      current.get().force();
      forces.incrementAndGet();
      if (failing) {
        failing = false;
        log.atInfo().setMessage("The {} journal {} can be forced to the device again").addArgument(kind)
            .addArgument(file).addKeyValue("event", "journal_fsync_recovered")
            .addKeyValue("store", String.valueOf(kind)).log();
      }
    } catch (ClosedChannelException e) {
      dirty.set(true); // closed by close() (which forces) or by an interrupt: force the reopened file next
      log.debug("The channel of journal {} was closed before its periodic fsync", file);
    } catch (IOException | RuntimeException e) {
      dirty.set(true);
      if (!failing) {
        failing = true;
        log.atWarn().setMessage("Cannot fsync the {} journal {} ({}); appended records are in the operating "
            + "system's buffers but may not survive a power cut. Retrying every interval").addArgument(kind)
            .addArgument(file).addArgument(e.toString()).addKeyValue("event", "journal_fsync_failed")
            .addKeyValue("store", String.valueOf(kind)).addKeyValue("error_category", ErrorCategory.of(e)).log();
      }
    }
  }
}
