package io.tradingagents.cache.file;

import io.tradingagents.cache.testing.MutableClock;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tradingagents.cache.CacheKey;
import io.tradingagents.cache.DataKind;
import io.tradingagents.cache.spi.TierEntry;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-tier behaviour beyond the contract: layout, permissions, sweeping, the size cap, failures. */
class FileTierTest {
  private static final Duration NO_BACKGROUND_SWEEP = Duration.ofDays(1);

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock();
  private final List<FileTier> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(FileTier::close);
  }

  private FileTier open(FileTier.Options options) {
    FileTier tier = new FileTier(options);
    opened.add(tier);
    return tier;
  }

  private FileTier open(Path directory) {
    return open(FileTier.Options.of(directory).withClock(clock).withSweepInterval(NO_BACKGROUND_SWEEP));
  }

  private static String key(String symbol) {
    return CacheKey.of(DataKind.STOCK_DATA, symbol).asString();
  }

  private TierEntry entry(int bytes, Duration ttl) {
    long now = clock.millis();
    return new TierEntry(new byte[bytes], now, now + ttl.toMillis());
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }

  @Test
  void nameAndKind_areFile() {
    FileTier tier = open(temp);

    assertThat(tier.name()).isEqualTo("file");
    assertThat(tier.kind()).isEqualTo(TierKind.FILE);
  }

  @Test
  void put_fileNames_areHexHashesInTwoCharShards() throws IOException {
    Path root = temp.resolve("cache");
    FileTier tier = open(root);
    List<String> keys = List.of(key("../../ETC"), key("平安银行"), "ta:x/../../evil", key("AAPL"));
    keys.forEach(k -> tier.put(k, entry(10, Duration.ofMinutes(1))));

    List<Path> files = regularFiles(temp);

    assertThat(files).hasSize(keys.size());
    for (Path file : files) {
      assertThat(root.relativize(file).toString()).matches("[0-9a-f]{2}/[0-9a-f]{64}\\.entry");
      assertThat(file.getFileName().toString()).startsWith(file.getParent().getFileName().toString());
    }
    assertThat(tier.get("ta:x/../../evil")).isNotNull();
  }

  @Test
  void open_newDirectory_isOwnerOnly_andFilesToo() throws IOException {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported on this file system");
    Path root = temp.resolve("a").resolve("cache");
    FileTier tier = open(root);
    tier.put(key("AAPL"), entry(10, Duration.ofMinutes(1)));
    Path file = tier.pathFor(key("AAPL"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void sweeper_deletesExpiredFilesInTheBackground() {
    FileTier tier = open(FileTier.Options.of(temp).withClock(clock).withSweepInterval(Duration.ofMillis(20)));
    tier.put(key("SHORT"), entry(10, Duration.ofMinutes(1)));
    tier.put(key("LONG"), entry(10, Duration.ofHours(1)));
    Path shortFile = tier.pathFor(key("SHORT"));
    Path longFile = tier.pathFor(key("LONG"));

    clock.advance(Duration.ofMinutes(2));

    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(shortFile));
    assertThat(longFile).exists();
    await().atMost(Duration.ofSeconds(10)).until(() -> tier.usage().entryCount() == 1);
  }

  @Test
  void sweeperThread_isNamedDaemon_andStopsOnClose() {
    Set<Thread> before = sweeperThreads();
    FileTier tier = open(FileTier.Options.of(temp).withSweepInterval(Duration.ofMillis(10)));
    Set<Thread> started = sweeperThreads();
    started.removeAll(before);

    assertThat(started).hasSize(1);
    Thread sweeper = started.iterator().next();
    assertThat(sweeper.isDaemon()).isTrue();

    tier.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !sweeper.isAlive());
    assertThatCode(tier::close).doesNotThrowAnyException();
  }

  private static Set<Thread> sweeperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(FileTier.SWEEPER_THREAD_NAME) && t.isAlive())
        .collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void sweepOnce_deletesStaleTempFiles_keepsFreshOnesAndForeignFiles() throws IOException {
    FileTier tier = open(temp);
    Path shard = Files.createDirectories(temp.resolve("ab"));
    String hash = "ab" + "0".repeat(62);
    Path stale = Files.writeString(shard.resolve(hash + ".1f2e.tmp"), "half written");
    Path fresh = Files.writeString(shard.resolve(hash + ".3c4d.tmp"), "being written");
    Path foreignInShard = Files.writeString(shard.resolve("notes.txt"), "not ours");
    Path foreignAtRoot = Files.writeString(temp.resolve("README"), "not ours");
    Files.setLastModifiedTime(stale, FileTime.fromMillis(clock.millis() - Duration.ofHours(2).toMillis()));
    Files.setLastModifiedTime(fresh, FileTime.fromMillis(clock.millis() - Duration.ofMinutes(1).toMillis()));

    assertThat(tier.sweepOnce()).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(foreignInShard).exists();
    assertThat(foreignAtRoot).exists();
  }

  @Test
  void sweepOnce_recountsFilesChangedBehindItsBack() throws IOException {
    FileTier tier = open(temp);
    tier.put(key("A"), entry(100, Duration.ofMinutes(1)));
    tier.put(key("B"), entry(100, Duration.ofMinutes(1)));
    Path b = tier.pathFor(key("B"));
    long size = Files.size(b);
    Files.delete(b);

    assertThat(tier.usage().entryCount()).isEqualTo(2);
    tier.sweepOnce();

    assertThat(tier.usage().entryCount()).isEqualTo(1);
    assertThat(tier.usage().sizeBytes()).isEqualTo(size);
  }

  @Test
  void put_overCap_evictsLeastRecentlyUsedInTheBackground_andARecentReadSurvives() {
    int fileSize = EntryFormat.encode(key("AAA"), entry(1000, Duration.ofHours(1))).length;
    FileTier tier = open(FileTier.Options.of(temp).withClock(clock).withSweepInterval(NO_BACKGROUND_SWEEP)
        .withMaxBytes(3L * fileSize + fileSize / 2));
    for (String symbol : List.of("AAA", "BBB", "CCC")) {
      tier.put(key(symbol), entry(1000, Duration.ofHours(1)));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(tier.get(key("AAA"))).isNotNull(); // AAA is now the most recently used of the three
    clock.advance(Duration.ofSeconds(1));

    tier.put(key("DDD"), entry(1000, Duration.ofHours(1)));

    await().untilAsserted(() -> assertThat(tier.pathFor(key("BBB"))).doesNotExist());
    assertThat(tier.pathFor(key("AAA"))).exists();
    assertThat(tier.pathFor(key("CCC"))).exists();
    assertThat(tier.pathFor(key("DDD"))).exists();
    TierUsage usage = tier.usage();
    assertThat(usage.sizeBytes()).isEqualTo(3L * fileSize);
    assertThat(usage.entryCount()).isEqualTo(3);
    assertThat(usage.details()).containsEntry("evictions", "1");
  }

  @Test
  void put_overCapAfterClose_stillEvicts_onTheCallersThread() {
    int fileSize = EntryFormat.encode(key("AAA"), entry(1000, Duration.ofHours(1))).length;
    FileTier tier = open(FileTier.Options.of(temp).withClock(clock).withSweepInterval(NO_BACKGROUND_SWEEP)
        .withMaxBytes(2L * fileSize + fileSize / 2));
    tier.put(key("AAA"), entry(1000, Duration.ofHours(1)));
    clock.advance(Duration.ofSeconds(1));
    tier.put(key("BBB"), entry(1000, Duration.ofHours(1)));
    clock.advance(Duration.ofSeconds(1));
    tier.close();

    tier.put(key("CCC"), entry(1000, Duration.ofHours(1)));

    assertThat(tier.pathFor(key("AAA"))).doesNotExist();
    assertThat(tier.pathFor(key("BBB"))).exists();
    assertThat(tier.pathFor(key("CCC"))).exists();
    assertThat(tier.usage().details()).containsEntry("evictions", "1");
  }

  @Test
  void sweepOnce_overCap_evictsOldestByModificationTime() throws IOException {
    int fileSize = EntryFormat.encode(key("AAA"), entry(1000, Duration.ofHours(1))).length;
    FileTier writer = open(temp);
    for (String symbol : List.of("AAA", "BBB", "CCC")) {
      writer.put(key(symbol), entry(1000, Duration.ofHours(1)));
    }
    Files.setLastModifiedTime(writer.pathFor(key("AAA")), FileTime.fromMillis(clock.millis() - 1_000));
    Files.setLastModifiedTime(writer.pathFor(key("BBB")), FileTime.fromMillis(clock.millis() - 3_000));
    Files.setLastModifiedTime(writer.pathFor(key("CCC")), FileTime.fromMillis(clock.millis() - 2_000));
    FileTier capped = open(FileTier.Options.of(temp).withClock(clock).withSweepInterval(NO_BACKGROUND_SWEEP)
        .withMaxBytes(2L * fileSize + fileSize / 2));

    assertThat(capped.sweepOnce()).isEqualTo(1);

    assertThat(writer.pathFor(key("BBB"))).doesNotExist();
    assertThat(writer.pathFor(key("AAA"))).exists();
    assertThat(writer.pathFor(key("CCC"))).exists();
  }

  @Test
  void put_largerThanCap_isNotStored_andReplacesNoStaleValue() {
    FileTier tier = open(FileTier.Options.of(temp).withClock(clock).withMaxBytes(1_000));
    tier.put(key("AAPL"), entry(100, Duration.ofMinutes(1)));

    tier.put(key("AAPL"), entry(2_000, Duration.ofMinutes(1)));

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(tier.usage().entryCount()).isZero();
  }

  @Test
  void get_touchesModificationTime() throws IOException {
    FileTier tier = open(temp);
    tier.put(key("AAPL"), entry(10, Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(5));

    tier.get(key("AAPL"));

    assertThat(Files.getLastModifiedTime(tier.pathFor(key("AAPL"))).toMillis()).isEqualTo(clock.millis());
  }

  @Test
  void get_expired_isMissAndDeleted() {
    FileTier tier = open(temp);
    tier.put(key("AAPL"), entry(10, Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(1));

    assertThat(tier.get(key("AAPL"))).isNull();
    assertThat(tier.pathFor(key("AAPL"))).doesNotExist();
    assertThat(tier.usage().entryCount()).isZero();
  }

  @Test
  void usage_countsEntriesAndBytes_andNamesTheDirectory() throws IOException {
    FileTier tier = open(temp);
    tier.put(key("A"), entry(100, Duration.ofMinutes(1)));
    tier.put(key("B"), entry(200, Duration.ofMinutes(1)));
    tier.put(key("B"), entry(300, Duration.ofMinutes(1)));
    long bytes = Files.size(tier.pathFor(key("A"))) + Files.size(tier.pathFor(key("B")));

    TierUsage usage = tier.usage();

    assertThat(usage.entryCount()).isEqualTo(2);
    assertThat(usage.sizeBytes()).isEqualTo(bytes);
    assertThat(usage.details()).containsEntry("directory", temp.toAbsolutePath().toString());
    tier.remove(key("A"));
    assertThat(tier.usage().entryCount()).isEqualTo(1);
  }

  @Test
  void open_existingDirectory_countsItsFiles() {
    FileTier first = open(temp);
    first.put(key("A"), entry(100, Duration.ofMinutes(1)));
    first.put(key("B"), entry(100, Duration.ofMinutes(1)));
    first.close();

    FileTier second = open(temp);

    assertThat(second.usage().entryCount()).isEqualTo(2);
    assertThat(second.usage().sizeBytes()).isEqualTo(first.usage().sizeBytes());
    assertThat(second.get(key("A"))).isNotNull();
  }

  @Test
  void removeNamespace_leavesForeignFilesAlone() throws IOException {
    FileTier tier = open(temp);
    tier.put(key("A"), entry(10, Duration.ofMinutes(1)));
    Path foreign = Files.writeString(tier.pathFor(key("A")).getParent().resolve("keep.txt"), "mine");

    assertThat(tier.removeNamespace(CacheKey.PREFIX)).isEqualTo(1);

    assertThat(regularFiles(temp)).containsExactly(foreign);
  }

  @Test
  void ping_directoryIsARegularFile_throwsNamingTheDirectoryAndTheFix() throws IOException {
    Path notADirectory = Files.writeString(temp.resolve("not-a-directory"), "x");
    FileTier tier = open(notADirectory); // must not throw: the engine's guard keeps the tier down

    assertThatThrownBy(tier::ping)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cache directory " + notADirectory)
        .hasMessageContaining("set TA_CACHE_DIR to a writable directory");
    assertThatThrownBy(() -> tier.put(key("A"), entry(10, Duration.ofMinutes(1))))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(notADirectory.toString());
    assertThatThrownBy(() -> tier.get(key("A"))).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void ping_readOnlyDirectory_throwsNamingTheDirectory() throws IOException {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported on this file system");
    Path root = Files.createDirectory(temp.resolve("read-only"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-x------"));
    try {
      Assumptions.assumeFalse(Files.isWritable(root),
          "running as root, which writes regardless of permissions; the regular-file test covers this");
      FileTier tier = open(root);

      assertThatThrownBy(tier::ping)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Cache directory " + root + " is not writable: fix its permissions or set "
              + "TA_CACHE_DIR to a writable directory");
    } finally {
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void ping_missingDirectory_recreatesIt() throws IOException {
    Path root = temp.resolve("cache");
    FileTier tier = open(root);
    Files.delete(root);

    tier.ping();

    assertThat(root).isDirectory();
    assertThat(regularFiles(temp)).isEmpty(); // the probe file is gone
  }

  @Test
  void options_invalidValues_areRejectedWithTheValue() {
    FileTier.Options options = FileTier.Options.of(temp);

    assertThatThrownBy(() -> options.withMaxBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBytes must be positive but was 0");
    assertThatThrownBy(() -> options.withSweepInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepInterval").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> options.withSweepInterval(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT48H");
  }

  @Test
  void put_withFsync_roundTrips() {
    FileTier tier = open(FileTier.Options.of(temp).withClock(clock).withFsync(true));
    tier.put(key("AAPL"), new TierEntry("durable".getBytes(UTF_8), clock.millis(), clock.millis() + 1_000));

    assertThat(tier.get(key("AAPL")).value()).isEqualTo("durable".getBytes(UTF_8));
  }
}
