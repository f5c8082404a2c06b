/**
 * The {@code tradingagents} operator command line (picocli): {@code status}, {@code analyze-logs},
 * {@code verify-logging} and {@code usage}. Built as one runnable jar ({@code target/tradingagents.jar})
 * and run by {@code bin/tradingagents}. Exit codes follow the monitoring-plugins convention: 0 OK,
 * 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the check itself failed, including bad arguments).
 */
@NullMarked
package io.tradingagents.examples.cli;

import org.jspecify.annotations.NullMarked;
