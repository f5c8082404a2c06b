package io.tradingagents.analysis.file;

/**
 * When a journal's appended lines are forced from the operating system's buffers to the device.
 *
 * <p>Every policy survives a crash of the <em>process</em> (an exception, {@code kill -9}, the OOM killer):
 * an append returns after its line was handed to the operating system, which writes it out even if the
 * process dies. The policies differ in what survives a crash of the <em>machine</em> (power cut, kernel
 * panic), and in cost:
 *
 * <table>
 *   <caption>Fsync policies</caption>
 *   <tr><th>Policy</th><th>Lost on a power cut</th><th>Cost per append</th></tr>
 *   <tr><td>{@link #NEVER}</td><td>what the OS had not written yet (typically the last 5 to 30 s)</td>
 *       <td>a {@code write} call (microseconds)</td></tr>
 *   <tr><td>{@link #INTERVAL}</td><td>at most the last interval (default 1 s)</td>
 *       <td>a {@code write} call; one device flush per interval on a background thread</td></tr>
 *   <tr><td>{@link #EVERY_RECORD}</td><td>nothing that {@code append} acknowledged</td>
 *       <td>a {@code write} plus a device flush (0.1 to 10 ms, device dependent); concurrent appenders
 *       share flushes</td></tr>
 * </table>
 */
public enum FsyncPolicy {
  /** Never force; the operating system writes the buffers out when it chooses. Fastest. */
  NEVER,
  /**
   * Force at most once per interval ({@link JournalOptions#fsyncInterval()}), from a background daemon
   * thread, and only when something was appended since the last force. The default.
   */
  INTERVAL,
  /** Force after every append, before it returns. Slowest, and the only policy that loses nothing acknowledged. */
  EVERY_RECORD
}
