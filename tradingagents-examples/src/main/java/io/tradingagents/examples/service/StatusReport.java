package io.tradingagents.examples.service;

import io.tradingagents.examples.cli.StatusPrinter;
import io.tradingagents.monitoring.SystemStatus;

/**
 * A status report ready to serve.
 *
 * @param httpStatus 200 for OK and WARNING, 503 for CRITICAL and UNKNOWN
 * @param json the report in the shape of {@code tradingagents status --json}
 */
record StatusReport(int httpStatus, String json) {

  static StatusReport of(SystemStatus status) {
    int code = switch (status.verdict()) {
      case OK, WARNING -> 200;
      case CRITICAL, UNKNOWN -> 503;
    };
    return new StatusReport(code, StatusPrinter.json(status));
  }
}
