package io.tradingagents.examples.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints: each answers GET (and HEAD) on its exact path, 405 with {@code Allow} for other
 * methods, 404 for paths below it, and 500 with a short JSON body (the details go to the log) if building the
 * answer fails.
 */
final class Endpoints {
  private static final Logger log = LoggerFactory.getLogger(Endpoints.class);
  static final String JSON = "application/json; charset=utf-8";
  /** The Prometheus text exposition format's content type. */
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<Readiness.Report> ready;
  private final Supplier<StatusReport> status;
  private final Supplier<String> scrape;
  private final Supplier<String> dashboard;
  /** The static files served, by path: the page and uPlot from its WebJar (nothing else is readable). */
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"/io/tradingagents/examples/service/dashboard.html", "text/html; charset=utf-8"},
      "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
      new String[] {"/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
      "/webjars/uplot/1.6.30/dist/uPlot.min.css",
      new String[] {"/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css", "text/css; charset=utf-8"});

  Endpoints(Supplier<Readiness.Report> ready, Supplier<StatusReport> status, Supplier<String> scrape,
      Supplier<String> dashboard) {
    this.ready = ready;
    this.status = status;
    this.scrape = scrape;
    this.dashboard = dashboard;
  }

  /** One answer. */
  record Answer(int status, String contentType, String body) {}

  void register(HttpServer server) {
    route(server, "/health/live", () -> new Answer(200, JSON, "{\"status\":\"UP\"}"));
    route(server, "/health/ready", () -> {
      Readiness.Report report = ready.get();
      return new Answer(report.up() ? 200 : 503, JSON, report.json());
    });
    route(server, "/metrics", () -> new Answer(200, PROMETHEUS, scrape.get()));
    route(server, "/status", () -> {
      StatusReport report = status.get();
      return new Answer(report.httpStatus(), JSON, report.json());
    });
    route(server, "/api/dashboard", () -> new Answer(200, JSON, dashboard.get()));
    server.createContext("/", exchange -> {
      String[] file = FILES.get(exchange.getRequestURI().getPath());
      if (file == null) {
        try (exchange) {
          send(exchange, new Answer(404, JSON, "{\"error\":\"not found\"}"));
        }
      } else {
        handler(exchange.getRequestURI().getPath(), () -> new Answer(200, file[1], resource(file[0])))
            .handle(exchange);
      }
    });
  }

  private static String resource(String name) {
    try (java.io.InputStream in = Endpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void route(HttpServer server, String path, Supplier<Answer> answer) {
    server.createContext(path, handler(path, answer));
  }

  private static HttpHandler handler(String path, Supplier<Answer> answer) {
    return exchange -> {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!exchange.getRequestURI().getPath().equals(path)) {
          send(exchange, new Answer(404, JSON, "{\"error\":\"not found\"}"));
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          send(exchange, new Answer(405, JSON, "{\"error\":\"method not allowed, use GET\"}"));
        } else {
          Answer result;
          try {
            result = answer.get();
          } catch (RuntimeException e) {
            log.atError().setMessage("{} failed").addArgument(path).setCause(e)
                .addKeyValue("event", "endpoint_failed").log();
            result = new Answer(500, JSON, "{\"error\":\"internal error, see the service log\"}");
          }
          send(exchange, result);
        }
      }
    };
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.body().getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
