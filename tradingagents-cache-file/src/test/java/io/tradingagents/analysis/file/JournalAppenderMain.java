package io.tradingagents.analysis.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link ChildProcessJournalTest}: appends usage records to a journal and reports on
 * stdout. Exits when its stdin closes (so it never outlives the test JVM).
 *
 * <p>Arguments: {@code <file> <id prefix> <count, or 0 for until killed> <asc|desc> <module> <wait>};
 * with {@code wait=true} it prints {@code ready} and waits for a line on stdin before appending. It prints
 * {@code appended <n>} every 500 records and {@code done <n>} at the end.
 */
public final class JournalAppenderMain {
  private static final int REPORT_EVERY = 500;
  private static final long UNTIL_KILLED_CAP = 5_000_000;

  private JournalAppenderMain() {}

  /**
   * @param args see the class comment
   * @throws IOException if stdin cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    String prefix = args[1];
    long count = Long.parseLong(args[2]);
    boolean descending = "desc".equals(args[3]);
    String module = args[4];
    boolean wait = Boolean.parseBoolean(args[5]);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (FileUsageStore store = new FileUsageStore(JournalOptions.of(file).withFsync(FsyncPolicy.NEVER))) {
      System.out.println("ready");
      System.out.flush();
      if (wait && stdin.readLine() == null) {
        return;
      }
      Thread watchdog = new Thread(() -> {
        try {
          while (stdin.readLine() != null) {
            // keep reading until the parent goes away
          }
        } catch (IOException e) {
          System.err.println("stdin failed: " + e);
        }
        Runtime.getRuntime().halt(3);
      }, "parent-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      long total = count > 0 ? count : UNTIL_KILLED_CAP;
      for (long n = 0; n < total; n++) {
        long i = descending ? total - 1 - n : n;
        store.append(TestRecords.usage(prefix + i, TestRecords.T0.plusMillis(i), module));
        if ((n + 1) % REPORT_EVERY == 0) {
          System.out.println("appended " + (n + 1));
          System.out.flush();
        }
      }
      System.out.println("done " + total);
      System.out.flush();
    }
  }
}
