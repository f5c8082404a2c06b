package io.tradingagents.spring;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** A market-data service whose method bodies count their calls and return values no other call returns. */
public class QuoteService {
  /** A quote; {@code nonce} tells one load from another. */
  public record Quote(String symbol, String nonce) {}

  /** A price history. */
  public record PriceHistory(String symbol, LocalDate from, LocalDate to, String source, String nonce) {}

  /** A headline. */
  public record Headline(String symbol, String title) {}

  /** A request object, which the key generator cannot take apart. */
  public record HistoryRequest(String symbol, LocalDate from, LocalDate to) {}

  private final AtomicInteger calls = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  /** @return how many method bodies ran (read through the proxy, which has no state of its own) */
  public int calls() {
    return calls.get();
  }

  /** @param gate what {@link #quote} bodies wait on; open by default */
  public void gate(CountDownLatch gate) {
    this.gate = gate;
  }

  @Cacheable(cacheNames = "quotes", sync = true)
  public Quote quote(String symbol) throws InterruptedException {
    calls.incrementAndGet();
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the gate");
    }
    return new Quote(symbol, UUID.randomUUID().toString());
  }

  @Cacheable(cacheNames = "quotes")
  public Quote quoteUnsynchronized(String symbol) {
    calls.incrementAndGet();
    return new Quote(symbol, UUID.randomUUID().toString());
  }

  @CachePut(cacheNames = "quotes", key = "#quote.symbol()")
  public Quote update(Quote quote) {
    return quote;
  }

  @CacheEvict(cacheNames = "quotes")
  public void evict(String symbol) {}

  @CacheEvict(cacheNames = "quotes", allEntries = true)
  public void evictAll() {}

  @Cacheable("histories")
  public PriceHistory history(String symbol, LocalDate from, LocalDate to, String source) {
    calls.incrementAndGet();
    return new PriceHistory(symbol, from, to, source, UUID.randomUUID().toString());
  }

  @Cacheable("histories")
  public PriceHistory byRequest(HistoryRequest request) {
    calls.incrementAndGet();
    return new PriceHistory(request.symbol(), request.from(), request.to(), "x", "y");
  }

  @Cacheable("lists")
  public List<Quote> quotes(String symbol) {
    calls.incrementAndGet();
    return List.of(new Quote(symbol, "1"));
  }

  @Cacheable("news")
  @CacheKind("news")
  public Headline headline(String symbol) {
    calls.incrementAndGet();
    return new Headline(symbol, UUID.randomUUID().toString());
  }
}
