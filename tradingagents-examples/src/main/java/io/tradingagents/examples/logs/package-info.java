/**
 * The log analyzer behind {@code tradingagents analyze-logs}: streams plain-pattern and JSON-lines logs
 * (gzip-rotated too) in bounded memory, never fails on a bad line, and summarises levels, errors by
 * category, slow operations, analysis durations, cost per provider and currency, and usage. The event
 * vocabulary it reads is documented in {@code docs/operations.md}.
 */
@NullMarked
package io.tradingagents.examples.logs;

import org.jspecify.annotations.NullMarked;
