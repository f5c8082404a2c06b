package io.tradingagents.analysis;

/** Where an analysis is in its life. */
public enum AnalysisStatus {
  /** Accepted, not started. */
  PENDING,
  /** Running. */
  RUNNING,
  /** Finished with a result. */
  COMPLETED,
  /** Finished without a result. */
  FAILED
}
