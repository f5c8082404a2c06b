/**
 * The trading-week example: one simulated week of reads through the cache, on an injected clock, under the
 * flat TTL table, under market-aware expiry and with refresh-ahead too, printing upstream calls, hit rate
 * and stale-served reads.
 * Run with {@code mvn -B -q -DskipTests -Ptrading-week package} from the repository root.
 */
@NullMarked
package io.tradingagents.examples.tradingweek;

import org.jspecify.annotations.NullMarked;
