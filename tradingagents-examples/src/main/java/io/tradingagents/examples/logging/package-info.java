/**
 * The logging set-up shipped with the examples: the Logback configuration ({@code logback.xml}: a rolling
 * plain file, a WARN-and-above file, an optional JSON-lines file) and {@link
 * io.tradingagents.examples.logging.EnvironmentLevels}, which sets per-logger levels from the environment.
 * See {@code docs/operations.md}.
 */
@NullMarked
package io.tradingagents.examples.logging;

import org.jspecify.annotations.NullMarked;
