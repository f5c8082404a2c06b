/**
 * The quickstart: a simulated stock-analysis workload (price history, news and fundamentals for a watchlist
 * across US, A-share and Hong Kong symbols, then analyses written by simulated LLM analysts) played through
 * an {@link io.tradingagents.cache.AdaptiveCache}, with a report of upstream calls avoided, hit rates,
 * latency and upstream cost per currency, and a usage summary from {@link io.tradingagents.analysis}: LLM
 * calls, tokens and cost by module and analysis type, cost per currency, and the cost the cache saved.
 *
 * <p>Run it with {@code mvn -B -q -DskipTests -Pquickstart package} from the repository root, or run
 * {@link io.tradingagents.examples.quickstart.Quickstart} from an IDE.
 */
@NullMarked
package io.tradingagents.examples.quickstart;

import org.jspecify.annotations.NullMarked;
