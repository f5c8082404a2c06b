package io.tradingagents.spring;

import io.tradingagents.spring.QuoteService.Quote;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A market-data service with an asynchronous upstream: its methods return {@code CompletableFuture}s (or
 * a Reactor {@code Mono} or {@code Flux}), count their calls and answer with the future a test gave for the symbol (else a quote no other call
 * returns, at once).
 */
public class AsyncQuoteService {
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, CompletableFuture<?>> answers = new ConcurrentHashMap<>();

  /** @return how many method bodies ran */
  public int calls() {
    return calls.get();
  }

  /** @param symbol the symbol whose calls get {@code answer} */
  public void answer(String symbol, CompletableFuture<?> answer) {
    answers.put(symbol, answer);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> upstream(String symbol, T otherwise) {
    calls.incrementAndGet();
    CompletableFuture<?> answer = answers.get(symbol);
    return answer != null ? (CompletableFuture<T>) answer : CompletableFuture.completedFuture(otherwise);
  }

  @Cacheable(cacheNames = "async-quotes", sync = true)
  public CompletableFuture<Quote> quote(String symbol) {
    return upstream(symbol, new Quote(symbol, UUID.randomUUID().toString()));
  }

  @Cacheable(cacheNames = "async-quotes-unsync")
  public CompletableFuture<Quote> quoteUnsynchronized(String symbol) {
    return upstream(symbol, new Quote(symbol, UUID.randomUUID().toString()));
  }

  @Cacheable(cacheNames = "async-lists", sync = true)
  public CompletableFuture<List<Quote>> quotes(String symbol) {
    return upstream(symbol, List.of(new Quote(symbol, "1"), new Quote(symbol, "2")));
  }

  @Cacheable(cacheNames = "mono-quotes", sync = true)
  public Mono<Quote> quoteMono(String symbol) {
    return Mono.fromFuture(upstream(symbol, new Quote(symbol, UUID.randomUUID().toString())));
  }

  @Cacheable(cacheNames = "flux-quotes")
  public Flux<Quote> quotesFlux(String symbol) {
    return Flux.fromIterable(upstream(symbol, List.of(new Quote(symbol, UUID.randomUUID().toString()),
        new Quote(symbol, "2"))).join());
  }
}
