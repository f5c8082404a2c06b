package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradingagents.analysis.PricingTable;
import io.tradingagents.analysis.UsageStore;
import io.tradingagents.analysis.UsageTracker;
import io.tradingagents.analysis.file.FileStores;
import io.tradingagents.analysis.file.FsyncPolicy;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.examples.quickstart.SimulatedUpstream;
import io.tradingagents.monitoring.CacheInstrumentation;
import io.tradingagents.monitoring.CacheMetrics;
import io.tradingagents.monitoring.SlowOperationMetrics;
import io.tradingagents.monitoring.SlowOperations;
import io.tradingagents.monitoring.SystemStatusCheck;
import io.tradingagents.monitoring.UsageMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example service: an {@link AdaptiveCache} built from the environment, served over HTTP by the JDK's
 * {@link HttpServer} on a bounded pool of request threads.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the process serves; checks no database;
 *   <li>{@code GET /health/ready}: 200 or 503 with an Actuator-shaped body, see {@link Readiness};
 *   <li>{@code GET /metrics}: Prometheus text of the library's meters ({@link CacheMetrics},
 *       {@link UsageMetrics}, {@link SlowOperationMetrics}) and JVM and process meters, all tagged
 *       {@code application};
 *   <li>{@code GET /status}: the {@link SystemStatusCheck} report as JSON (the CLI's {@code status --json}
 *       shape), reused for {@link ServiceSettings#statusCache()}; 503 when its verdict is CRITICAL or UNKNOWN;
 *   <li>{@code GET /}: the dashboard page (uPlot charts, served from its WebJar by this service), refreshed
 *       from {@code GET /api/dashboard}, the {@link DashboardHistory} ring buffers.
 * </ul>
 *
 * <p>{@link #close()} stops the demo workload, stops accepting, gives requests in flight up to
 * {@link #REQUEST_GRACE} to finish, and closes the cache and the usage journal (flushed); the whole is bounded so that a
 * SIGTERM ends the process within 10 s. Thread-safe; {@code close()} is idempotent.
 */
public final class ExampleService implements AutoCloseable {
  /** How long requests in flight get to finish on shutdown. */
  public static final Duration REQUEST_GRACE = Duration.ofSeconds(3);
  /** The {@code cache} tag of the library's meters. */
  public static final String CACHE_NAME = "tradingagents";

  private static final Logger log = LoggerFactory.getLogger(ExampleService.class);

  private final ServiceSettings settings;
  private final HttpServer server;
  private final ThreadPoolExecutor requests;
  private final AdaptiveCache cache;
  private final UsageStore usage;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private final Memo<Readiness.Report> ready;
  private final Memo<StatusReport> status;
  private final @Nullable DemoWorkload demo;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ExampleService(ServiceSettings settings, Map<String, String> environment, Clock clock) throws IOException {
    this.settings = settings;
    this.cache = SimulatedUpstream.declareUpstreamCosts(AdaptiveCache.builder()).environment(environment).build();
    closeables.push(cache);
    try {
      Files.createDirectories(settings.usageDirectory());
      this.usage = FileStores.usage(settings.usageDirectory(), FsyncPolicy.INTERVAL);
      closeables.push(usage);
      UsageTracker tracker = UsageTracker.builder(usage).pricing(PricingTable.defaults()).clock(clock).build();
      SlowOperations slow = SlowOperations.builder().environment(environment).build().watch(cache);

      this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      closeables.push(registry::close);
      registry.config().commonTags("application", settings.application());
      new CacheMetrics(cache, CACHE_NAME).withPercentiles(0.5, 0.99).bindTo(registry);
      new UsageMetrics(tracker).bindTo(registry);
      new SlowOperationMetrics(slow).bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      closeables.push(gc);
      gc.bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);

      CacheInstrumentation instrumentation = CacheInstrumentation.of(cache).orElseThrow();
      this.readiness = new Readiness(settings.requiredTiers(), instrumentation, environment, Duration.ofSeconds(1), clock);
      closeables.push(readiness);
      this.ready = new Memo<>(readiness::evaluate, Duration.ofSeconds(1), System::nanoTime);
      SystemStatusCheck check = SystemStatusCheck.builder(cache).environment(environment)
          .logDirectory(Path.of(environment.getOrDefault("TA_LOG_DIR", "./logs")))
          .store("usage", usage::count).build();
      this.status = new Memo<>(() -> StatusReport.of(check.run()), settings.statusCache(), System::nanoTime);

      if (settings.demoWorkload()) {
        DemoWorkload workload = new DemoWorkload(cache, tracker, slow, clock);
        closeables.push(workload);
        this.demo = workload;
      } else {
        this.demo = null;
      }

      AtomicInteger threads = new AtomicInteger();
      this.requests = new ThreadPoolExecutor(settings.httpThreads(), settings.httpThreads(), 60, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256), r -> {
            Thread thread = new Thread(r, "tradingagents-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          }, new ThreadPoolExecutor.CallerRunsPolicy()); // a full queue slows the acceptor: backpressure
      this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
      server.setExecutor(requests);
      DashboardHistory history = new DashboardHistory(registry, clock, DashboardHistory.CAPACITY);
      java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
          .newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tradingagents-dashboard-sampler");
            thread.setDaemon(true);
            return thread;
          });
      closeables.push(sampler::shutdownNow);
      long every = settings.dashboardInterval().toMillis();
      sampler.scheduleAtFixedRate(() -> {
        try {
          history.sample();
        } catch (RuntimeException e) {
          log.warn("Dashboard sample failed; the next one runs as scheduled", e);
        }
      }, 0, every, TimeUnit.MILLISECONDS);
      // The usage tables read the store: computed at most once per sampling interval, however many viewers.
      UsageView usageView = new UsageView(usage, clock);
      Memo<String> dashboard = new Memo<>(() -> history.json(usageView.json()), settings.dashboardInterval(),
          System::nanoTime);
      Endpoints endpoints = new Endpoints(ready::get, status::get, registry::scrape, dashboard::get);
      endpoints.register(server);
    } catch (IOException | RuntimeException | Error e) {
      closeAll();
      throw e;
    }
  }

  /**
   * Builds the cache and everything around it and starts serving.
   *
   * @param environment the settings (the process environment outside tests)
   * @param clock the service's clock
   * @return the running service
   * @throws IllegalArgumentException if a setting is invalid or a secret is still a placeholder
   * @throws IOException if the port cannot be bound or the usage journal cannot be opened
   */
  public static ExampleService start(Map<String, String> environment, Clock clock) throws IOException {
    requireNonNull(environment, "environment");
    ServiceSettings settings = ServiceSettings.fromEnvironment(environment);
    ExampleService service = new ExampleService(settings, environment, requireNonNull(clock, "clock"));
    service.server.start();
    if (service.demo != null) {
      service.demo.start(settings.demoInterval());
    }
    log.atInfo().setMessage("Example service listening on http://{}:{}/ (required tiers: {})")
        .addArgument(settings.host()).addArgument(service.port()).addArgument(settings.requiredTiers())
        .addKeyValue("event", "service_started").log();
    return service;
  }

  /** @return the port the server listens on */
  public int port() {
    return server.getAddress().getPort();
  }

  /** @return the cache the service runs */
  public AdaptiveCache cache() {
    return cache;
  }

  /** @return how many times the status report was computed (not served from its short cache) */
  public long statusProbes() {
    return status.computations();
  }

  /** @return demo rounds completed, 0 when the workload is off */
  public long demoRounds() {
    return demo == null ? 0 : demo.rounds();
  }

  /** @return the settings in effect */
  public ServiceSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.atInfo().setMessage("Example service stopping: no new connections, {} for requests in flight")
        .addArgument(REQUEST_GRACE).addKeyValue("event", "service_stopping").log();
    if (demo != null) {
      demo.close(); // first, so that no round writes while the rest shuts down
    }
    // On JDK 17 stop() waits the whole grace period even when nothing is in flight (JDK-8304065, fixed in newer JDKs).
    server.stop((int) REQUEST_GRACE.toSeconds());
    requests.shutdown();
    try {
      if (!requests.awaitTermination(1, TimeUnit.SECONDS)) {
        requests.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll();
    log.atInfo().setMessage("Example service stopped").addKeyValue("event", "service_stopped").log();
  }

  private void closeAll() {
    while (!closeables.isEmpty()) {
      AutoCloseable next = closeables.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("Closing {} failed", next.getClass().getSimpleName(), e);
      }
    }
  }

  /**
   * Runs the service until SIGTERM or SIGINT, then shuts it down and exits 0; exits 2 at once with one line
   * on standard error if a setting is invalid (the service's or the cache's), 1 if it cannot start otherwise.
   *
   * @param args none
   */
  public static void main(String[] args) {
    ExampleService service;
    try {
      service = start(System.getenv(), Clock.systemUTC());
    } catch (IllegalArgumentException | CacheConfigurationException e) {
      System.err.println("tradingagents-service: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException | UncheckedIOException e) {
      log.error("The example service could not start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
    }
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    service.close();
    System.exit(0);
  }
}
