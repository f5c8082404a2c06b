/**
 * The trading-week example: one simulated week of reads through the cache, on an injected clock, under the
 * flat TTL table and under market-aware expiry, printing upstream calls, hit rate and stale-served reads.
 * Run with {@code mvn -B -q -DskipTests -Ptrading-week package} from the repository root.
 */
@NullMarked
package io.tradingagents.examples.tradingweek;

import org.jspecify.annotations.NullMarked;
