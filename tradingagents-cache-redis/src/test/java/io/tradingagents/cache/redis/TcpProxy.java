package io.tradingagents.cache.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of one Redis server, standing in for the network of one app instance.
 * {@link #cut()} drops every connection through it and refuses new ones (accepts and closes them at
 * once, as a broken link would) until {@link #restore()}. A thread per direction pumps the bytes.
 */
final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean refusing;
  private volatile boolean closed;
  /** Connections accepted and forwarded. */
  final AtomicInteger forwarded = new AtomicInteger();
  /** Connections refused while cut. */
  final AtomicInteger refused = new AtomicInteger();
  /** Links that ended with an I/O error (a cut, or either side closing). */
  final AtomicInteger brokenLinks = new AtomicInteger();

  /** @param targetPort the Redis port on 127.0.0.1 */
  TcpProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** @return the port clients connect to */
  int port() {
    return server.getLocalPort();
  }

  /** Drops every current connection and refuses new ones until {@link #restore()}. */
  void cut() {
    refusing = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /** Lets connections through again. */
  void restore() {
    refusing = false;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException(e);
        }
        return;
      }
      if (refusing) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      forwarded.incrementAndGet();
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 << 10];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        brokenLinks.incrementAndGet(); // the other side or cut() closed the link
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump-" + port());
    thread.setDaemon(true);
    thread.start();
  }

  private void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      brokenLinks.incrementAndGet();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cut();
  }
}
