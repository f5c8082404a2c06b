/**
 * The example service: the cache behind a small HTTP server (the JDK's {@code com.sun.net.httpserver}) with
 * liveness and readiness checks, Prometheus metrics, the system status report and a background demo
 * workload. Start it with {@link io.tradingagents.examples.service.ExampleService#main}; settings come from
 * the environment ({@link io.tradingagents.examples.service.ServiceSettings}).
 */
@NullMarked
package io.tradingagents.examples.service;

import org.jspecify.annotations.NullMarked;
