package io.tradingagents.examples.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's time series: bounded ring buffers in memory, one point per {@link #sample()}, read from
 * the same meters {@code /metrics} serves (so the page and Prometheus never disagree). Per point: the
 * end-to-end hit rate and each tier's over the interval, each shared tier's p50 and p99 latency, loads and
 * upstream calls avoided per second, and the cumulative LLM cost and cost saved per currency. The current
 * tier availability and performance mode are read at request time.
 *
 * <p>Thread-safe: sampling and rendering synchronize on the history.
 */
final class DashboardHistory {
  /** Points kept: one hour at the default 10 s interval. */
  static final int CAPACITY = 360;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MeterRegistry registry;
  private final Clock clock;
  private final int capacity;
  private final Ring time;
  private final Map<String, Ring> series = new TreeMap<>();
  private final Map<String, Double> previous = new LinkedHashMap<>();
  private long previousMillis = -1;

  DashboardHistory(MeterRegistry registry, Clock clock, int capacity) {
    this.registry = requireNonNull(registry, "registry");
    this.clock = requireNonNull(clock, "clock");
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be >= 2 but was " + capacity);
    }
    this.capacity = capacity;
    this.time = new Ring(capacity);
  }

  /** A fixed-size ring of doubles; NaN marks "no value" (rendered as null). */
  private static final class Ring {
    private final double[] values;
    private int start;
    private int size;

    Ring(int capacity) {
      values = new double[capacity];
    }

    void add(double value) {
      if (size < values.length) {
        values[(start + size++) % values.length] = value;
      } else {
        values[start] = value;
        start = (start + 1) % values.length;
      }
    }

    void write(ArrayNode out) {
      for (int i = 0; i < size; i++) {
        double v = values[(start + i) % values.length];
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          out.addNull();
        } else {
          out.add(v);
        }
      }
    }
  }

  /** Takes one point from the meters. */
  synchronized void sample() {
    long now = clock.millis();
    double seconds = previousMillis < 0 ? Double.NaN : (now - previousMillis) / 1000.0;
    Map<String, Double> values = new TreeMap<>();
    double hits = counter("cache.gets", "result", "hit");
    double misses = counter("cache.gets", "result", "miss");
    values.put("hitRate", rate(delta("hits", hits), delta("misses", misses)));
    for (String tier : tags("tradingagents.cache.tier.gets", "tier")) {
      double th = counter("tradingagents.cache.tier.gets", "tier", tier, "result", "hit");
      double tm = counter("tradingagents.cache.tier.gets", "tier", tier, "result", "miss");
      values.put("tier." + tier + ".hitRate", rate(delta(tier + ".hits", th), delta(tier + ".misses", tm)));
    }
    for (Timer timer : registry.find("tradingagents.cache.tier.duration").tag("operation", "get").timers()) {
      String tier = timer.getId().getTag("tier");
      for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
        String name = p.percentile() == 0.5 ? "p50" : p.percentile() == 0.99 ? "p99" : null;
        if (name != null) {
          values.put("latency." + tier + "." + name, p.value(TimeUnit.MILLISECONDS));
        }
      }
    }
    values.put("loads", perSecond(delta("loads", sum("tradingagents.cache.loads")), seconds));
    values.put("avoided", perSecond(delta("avoided", sum("tradingagents.cache.upstream.avoided")), seconds));
    for (String currency : tags("tradingagents.usage.cost", "currency")) {
      values.put("llmCost." + currency, sum("tradingagents.usage.cost", "currency", currency));
    }
    for (String currency : tags("tradingagents.cache.savings", "currency")) {
      values.put("saved." + currency, sum("tradingagents.cache.savings", "currency", currency));
    }
    previousMillis = now;
    time.add(now / 1000.0);
    for (Map.Entry<String, Double> e : values.entrySet()) {
      Ring ring = series.get(e.getKey());
      if (ring == null) {
        ring = new Ring(capacity);
        // A series that appears late starts with gaps, so every series lines up with the time axis.
        int missing = Math.min(capacity, sizeOfTime() - 1);
        for (int i = 0; i < missing; i++) {
          ring.add(Double.NaN);
        }
        series.put(e.getKey(), ring);
      }
      ring.add(e.getValue());
    }
    for (Map.Entry<String, Ring> e : series.entrySet()) {
      if (!values.containsKey(e.getKey())) {
        e.getValue().add(Double.NaN);
      }
    }
  }

  private int sizeOfTime() {
    return time.size;
  }

  /**
   * @return the series as JSON: {@code {"t":[epoch seconds..], "series":{"hitRate":[..], ..}, "now":{..}}}
   */
  synchronized String json() {
    return json(JSON.createObjectNode());
  }

  /**
   * @param usage the usage tables to include as {@code "usage"}
   * @return the series and the usage tables as JSON
   */
  synchronized String json(ObjectNode usage) {
    ObjectNode root = JSON.createObjectNode();
    root.set("usage", usage);
    time.write(root.putArray("t"));
    ObjectNode out = root.putObject("series");
    series.forEach((name, ring) -> ring.write(out.putArray(name)));
    ObjectNode now = root.putObject("now");
    ArrayNode tiers = now.putArray("tiers");
    for (Gauge gauge : registry.find("tradingagents.cache.tier.available").gauges()) {
      tiers.addObject().put("name", gauge.getId().getTag("tier")).put("available", gauge.value() == 1.0);
    }
    for (Gauge gauge : registry.find("tradingagents.cache.performance.mode").gauges()) {
      if (gauge.value() == 1.0) {
        now.put("mode", gauge.getId().getTag("mode"));
      }
    }
    ObjectNode slow = now.putObject("slowOperations");
    for (Meter meter : registry.find("tradingagents.slow.operations").meters()) {
      if (meter instanceof FunctionCounter c) {
        slow.put(String.valueOf(meter.getId().getTag("operation")), (long) c.count());
      } else if (meter instanceof io.micrometer.core.instrument.Counter c) {
        slow.put(String.valueOf(meter.getId().getTag("operation")), (long) c.count());
      }
    }
    return root.toString();
  }

  private double delta(String key, double value) {
    Double before = previous.put(key, value);
    return before == null ? Double.NaN : value - before;
  }

  private static double rate(double hits, double misses) {
    return hits + misses > 0 ? hits / (hits + misses) : Double.NaN;
  }

  private static double perSecond(double delta, double seconds) {
    return seconds > 0 ? delta / seconds : Double.NaN;
  }

  private List<String> tags(String meter, String tag) {
    List<String> values = new ArrayList<>();
    for (Meter m : registry.find(meter).meters()) {
      String value = m.getId().getTag(tag);
      if (value != null && !values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  private double counter(String meter, String... tags) {
    return sum(meter, tags);
  }

  private double sum(String meter, String... tags) {
    double total = 0;
    for (Meter m : registry.find(meter).tags(tags).meters()) {
      if (m instanceof FunctionCounter c) {
        total += c.count();
      } else if (m instanceof io.micrometer.core.instrument.Counter c) {
        total += c.count();
      }
    }
    return total;
  }
}
