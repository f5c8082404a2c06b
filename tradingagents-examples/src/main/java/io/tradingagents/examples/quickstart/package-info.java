/**
 * The quickstart: a simulated stock-analysis workload (price history, news and fundamentals for a watchlist
 * across US, A-share and Hong Kong symbols) played through an {@link io.tradingagents.cache.AdaptiveCache},
 * with a report of upstream calls avoided, hit rates, latency and upstream cost per currency.
 *
 * <p>Run it with {@code mvn -B -q -DskipTests -Pquickstart package} from the repository root, or run
 * {@link io.tradingagents.examples.quickstart.Quickstart} from an IDE.
 */
@NullMarked
package io.tradingagents.examples.quickstart;

import org.jspecify.annotations.NullMarked;
