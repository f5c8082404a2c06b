package io.tradingagents.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tradingagents.cache.AdaptiveCache;
import io.tradingagents.cache.CacheStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The value the shared-tier benchmarks store and read: a 30-day price history (about 2.5 KB of JSON), and
 * the Jackson mapper that decodes it, configured exactly as the library's default codec is (java.time
 * module, ISO dates, unknown properties and null primitives rejected), so that a baseline's decode costs
 * what the cache's decode costs. Not a benchmark.
 */
final class PriceHistories {
  /** One daily bar. */
  public record Bar(LocalDate day, double open, double high, double low, double close, long volume) {}

  /** A price history as an analysis app caches it. */
  public record History(String symbol, List<Bar> bars) {}

  /** The same configuration as the library's default {@code JacksonCodec}. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private PriceHistories() {}

  /**
   * @param symbol the symbol
   * @return 30 daily bars of it
   */
  static History history(String symbol) {
    List<Bar> bars = new ArrayList<>(30);
    LocalDate day = LocalDate.of(2024, 5, 1);
    for (int i = 0; i < 30; i++) {
      bars.add(new Bar(day.plusDays(i), 10 + i, 11 + i, 9 + i, 10.5 + i, 1_000_000L + i));
    }
    return new History(symbol, List.copyOf(bars));
  }

  /**
   * @param symbol the symbol
   * @return the JSON of {@link #history(String)}
   */
  static byte[] json(String symbol) {
    return encode(history(symbol));
  }

  /**
   * @param value a history
   * @return its JSON, written with {@link #MAPPER}
   */
  static byte[] encode(History value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param bytes JSON of a history
   * @param offset where it starts
   * @param length its length
   * @return the history
   */
  static History decode(byte[] bytes, int offset, int length) {
    try {
      return MAPPER.readValue(bytes, offset, length, History.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param cache a cache
   * @return its in-process tier's hits so far
   */
  static long memoryHits(AdaptiveCache cache) {
    return cache.stats().tiers().stream().filter(t -> t.tier().equals("memory")).mapToLong(CacheStats.TierStats::hits)
        .sum();
  }
}
