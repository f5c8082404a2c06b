package io.tradingagents.monitoring;

import io.tradingagents.cache.CacheSerializationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error_category} field of the library's structured log events: a small, fixed vocabulary an
 * operator tool can group by, derived from an exception and its causes. Never the message, which may
 * hold a host name or a key. Stateless.
 */
public final class ErrorCategory {
  /** The call ran out of time. */
  public static final String TIMEOUT = "timeout";
  /** The server could not be reached or the connection broke. */
  public static final String CONNECTION = "connection";
  /** Stored bytes could not be decoded or a value not encoded. */
  public static final String DECODE = "decode";
  /** Another I/O failure (disk, file system). */
  public static final String IO = "io";
  /** Anything else. */
  public static final String OTHER = "other";

  private ErrorCategory() {}

  /**
   * @param error a failure, or {@code null}
   * @return its category: the first of its causes (up to 8 deep) that has one, else {@value #OTHER}
   */
  public static String of(@Nullable Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 8; depth++, current = current.getCause()) {
      String category = direct(current);
      if (category != null) {
        return category;
      }
    }
    return OTHER;
  }

  private static @Nullable String direct(Throwable error) {
    String name = error.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (error instanceof SocketTimeoutException || error instanceof TimeoutException || name.contains("timeout")) {
      return TIMEOUT;
    }
    if (error instanceof ConnectException || error instanceof NoRouteToHostException
        || error instanceof UnknownHostException
        || name.contains("connection") || name.contains("socket")) {
      return CONNECTION;
    }
    if (error instanceof CacheSerializationException || name.contains("json") || name.contains("decode")) {
      return DECODE;
    }
    if (error instanceof IOException || error instanceof UncheckedIOException) {
      return error.getCause() != null && direct(error.getCause()) != null ? null : IO;
    }
    return null;
  }
}
