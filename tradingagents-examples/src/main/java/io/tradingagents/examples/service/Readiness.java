package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.monitoring.CacheInstrumentation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness: whether every tier the configuration requires ({@code TA_REQUIRED_TIERS}) is usable, as an
 * Actuator-shaped report ({@code {"status":"UP|DOWN","components":{"redis":{"status":..,"details":{..}}}}}).
 * A required shared tier is pinged over a connection of its own, opened once through its provider from the
 * same settings as the cache's (the cache's breaker only learns of an outage when a call fails, and a warm
 * in-process tier may make no call for minutes); the ping is bounded by a timeout. {@code memory} is always
 * up; {@code file} is up while the cache uses it. Each component says since when it has had its status.
 * Tiers that are configured but not required are listed with the cache's own view and do not change the
 * overall status.
 *
 * <p>Thread-safe. {@link #close()} closes the probe connections.
 */
final class Readiness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The user-info part of a URI, masked in error messages. */
  private static final java.util.regex.Pattern CREDENTIALS = java.util.regex.Pattern.compile("([a-zA-Z+]+://)[^/@\\s]*@");

  private final List<String> required;
  private final CacheInstrumentation instrumentation;
  private final Map<String, CacheTier> probes = new LinkedHashMap<>();
  private final Map<String, String> unconfigured = new LinkedHashMap<>();
  private final Map<String, Since> since = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final Clock clock;
  private final ExecutorService pings = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "tradingagents-ready-ping");
    thread.setDaemon(true);
    return thread;
  });

  /** A component's status and when it took it. */
  private record Since(boolean up, Instant at) {}

  /** One evaluation: the overall verdict and the JSON body. */
  record Report(boolean up, String json) {}

  /**
   * @param required the required tiers
   * @param instrumentation the cache's instrumentation (for the in-process and file tiers)
   * @param environment the settings the cache was built from
   * @param timeout the longest a ping may take
   * @param clock stamps the "since" times
   */
  Readiness(List<String> required, CacheInstrumentation instrumentation, Map<String, String> environment,
      Duration timeout, Clock clock) {
    this.required = List.copyOf(required);
    this.instrumentation = requireNonNull(instrumentation, "instrumentation");
    this.timeout = requireNonNull(timeout, "timeout");
    this.clock = requireNonNull(clock, "clock");
    List<String> shared = this.required.stream().filter(t -> t.equals("redis") || t.equals("mongodb")).toList();
    if (!shared.isEmpty()) {
      TierSettings settings = TierSettings.of(environment, clock);
      Map<String, CacheTierProvider> providers = new LinkedHashMap<>();
      ServiceLoader.load(CacheTierProvider.class, Readiness.class.getClassLoader())
          .forEach(p -> providers.putIfAbsent(p.name(), p));
      for (String tier : shared) {
        CacheTierProvider provider = providers.get(tier);
        if (provider == null) {
          unconfigured.put(tier, "no " + tier + " module on the class path");
        } else if (!provider.isConfigured(settings)) {
          unconfigured.put(tier, tier + " is required but not configured; set its URL or host variables");
        } else {
          probes.put(tier, provider.open(settings));
        }
      }
    }
  }

  /** @return a fresh evaluation; pings the required shared tiers */
  Report evaluate() {
    Map<String, Future<?>> running = new LinkedHashMap<>();
    probes.forEach((name, tier) -> running.put(name, pings.submit(tier::ping)));
    List<String> names = instrumentation.tierNames();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode components = JSON.createObjectNode();
    boolean allUp = true;
    List<String> listed = new ArrayList<>(required);
    names.stream().filter(n -> !listed.contains(n)).forEach(listed::add);
    for (String name : listed) {
      boolean isRequired = required.contains(name);
      int index = names.indexOf(name);
      Boolean inUse = index < 0 ? null : instrumentation.tierAvailable(index);
      boolean up;
      String error = null;
      if (unconfigured.containsKey(name)) {
        up = false;
        error = unconfigured.get(name);
      } else if (running.containsKey(name)) {
        error = await(running.get(name));
        up = error == null;
      } else if (index < 0) {
        up = false;
        error = name + " is required but the cache has no such tier; check its settings";
      } else {
        up = Boolean.TRUE.equals(inUse);
      }
      if (isRequired) {
        allUp &= up;
      }
      Instant at = since.compute(name, (k, old) -> old != null && old.up() == up ? old : new Since(up, clock.instant()))
          .at();
      ObjectNode component = components.putObject(name);
      component.put("status", up ? "UP" : "DOWN");
      ObjectNode details = component.putObject("details");
      details.put("required", isRequired).put("since", at.toString());
      if (inUse != null) {
        details.put("inUse", inUse);
      }
      if (error != null) {
        details.put("error", error);
      }
    }
    root.put("status", allUp ? "UP" : "DOWN");
    root.set("components", components);
    return new Report(allUp, root.toString());
  }

  private @Nullable String await(Future<?> ping) {
    try {
      ping.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      ping.cancel(true);
      return "no answer within " + timeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      log.debug("Readiness ping failed", cause);
      String message = cause.getMessage() == null ? "" : ": " + CREDENTIALS.matcher(cause.getMessage()).replaceAll("$1***@");
      return cause.getClass().getSimpleName() + message;
    }
  }

  @Override
  public void close() {
    pings.shutdownNow();
    probes.values().forEach(tier -> {
      try {
        tier.close();
      } catch (RuntimeException e) {
        log.warn("Closing the readiness probe connection failed", e);
      }
    });
  }
}
