package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rotate.sh: retention by the time in the name, a floor of good backups, and nothing else touched. */
class RotationTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Sidecar sidecar;
    private final LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        sidecar = new Sidecar(servers);
        sidecar.add("app", Map.of("DB_TYPE", "postgres", "DB_NAME", "app", "DB_USER", "app"));
        sidecar.add("cache", Map.of("DB_TYPE", "redis"));
        sidecar.env.put("BACKUP_RETENTION_DAYS", "7");
        sidecar.env.put("BACKUP_KEEP_MIN", "2");
    }

    private String backup(String container, String ext, double daysAgo, boolean withChecksum) {
        String name = container + "-" + now.minusMinutes((long) (daysAgo * 24 * 60)).format(STAMP) + "." + ext + ".gz";
        Path file = sidecar.backupDir.resolve(name);
        try {
            Files.writeString(file, name);
            if (withChecksum) {
                Sidecar.writeChecksum(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return name;
    }

    private TreeSet<String> names() {
        try (Stream<Path> files = Files.list(sidecar.backupDir)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Exec.Result rotateOk(String... args) {
        Exec.Result result = sidecar.rotate(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void deletesBackupsOlderThanRetentionJudgedByTheNameNotTheMtime() throws Exception {
        String recent1 = backup("app", "sql", 0.5, true);
        String recent2 = backup("app", "sql", 2, true);
        String recent3 = backup("app", "sql", 6.9, true);
        String old1 = backup("app", "sql", 8, true);
        String old2 = backup("app", "sql", 30, true);
        // copies lose mtimes: the old files look new, a recent one looks old
        Files.setLastModifiedTime(sidecar.backupDir.resolve(old1), FileTime.from(Instant.now()));
        Files.setLastModifiedTime(sidecar.backupDir.resolve(recent1), FileTime.from(Instant.now().minusSeconds(90L * 86400)));

        rotateOk();

        assertThat(names()).containsExactlyInAnyOrder(recent1, recent1 + ".sha256", recent2, recent2 + ".sha256",
                recent3, recent3 + ".sha256");
        assertThat(names()).doesNotContain(old1, old2, old1 + ".sha256");
    }

    @Test
    void keepsTheNewestGoodBackupsEvenIfAllAreOld() {
        List<String> old = new ArrayList<>();
        for (int day = 10; day < 20; day++) {
            old.add(backup("app", "sql", day, true));
        }
        // newer but not good (no checksum): does not count towards the floor
        String unverified = backup("app", "sql", 9, false);
        sidecar.env.put("BACKUP_KEEP_MIN", "3");

        rotateOk();

        assertThat(names()).containsExactlyInAnyOrder(old.get(0), old.get(0) + ".sha256", old.get(1), old.get(1) + ".sha256",
                old.get(2), old.get(2) + ".sha256");
        assertThat(names()).doesNotContain(unverified);
    }

    @Test
    void retentionZeroAndKeepMinZeroNeverDeleteTheNewestGoodBackup() {
        String newest = backup("app", "sql", 0.01, true);
        String older = backup("app", "sql", 1, true);
        sidecar.env.put("BACKUP_RETENTION_DAYS", "0");
        sidecar.env.put("BACKUP_KEEP_MIN", "0");

        rotateOk();

        assertThat(names()).contains(newest, newest + ".sha256").doesNotContain(older);
    }

    @Test
    void theBackupJustWrittenStaysWithRetentionAndKeepMinZeroOnBothSides() throws Exception {
        Path database = servers.newDirectory("ds-zero").resolve("app.db");
        io.github.dockstart.testing.servers.Sqlite.sql(database, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        Sidecar lite = new Sidecar(servers).sqlite("app", database);
        lite.env.put("BACKUP_RETENTION_DAYS", "0");
        lite.env.put("BACKUP_KEEP_MIN", "0");

        lite.backupOk();
        Path sidecarBackup = lite.onlyBackup();
        // a copy that takes two seconds: by its rotation the new backup is older than a retention of 0 days
        lite.shell.wrapClient("sqlite3", "case \"$*\" in *VACUUM*) sleep 2 ;; esac\nexec \"$REAL\" \"$@\"");
        lite.backupOk();

        assertThat(lite.backups()).as("backup.sh's own rotation keeps the newest").hasSize(1).doesNotContain(sidecarBackup);

        Path project = lite.backupDir.getParent();
        io.github.dockstart.model.ProjectModel model = new io.github.dockstart.model.ProjectModel(project, "demo", "21",
                List.of(new io.github.dockstart.model.DatabaseService("app", io.github.dockstart.model.DatabaseType.SQLITE,
                        null, null, 0, null, null, null, database.toString(), false, List.of())), null, List.of());
        io.github.dockstart.engine.BackupEngine host = new io.github.dockstart.engine.BackupEngine(model,
                new io.github.dockstart.engine.EngineSettings(project, io.github.dockstart.access.Via.LOCAL, "docker",
                        io.github.dockstart.engine.EngineSettings.ConnectionOverrides.NONE, null, java.time.ZoneId.of("UTC"),
                        java.util.Optional.empty()), io.github.dockstart.log.DockstartLog.SILENT);
        Path hostBackup = host.backup(null).get(0);
        Thread.sleep(1100);

        host.rotate(new io.github.dockstart.backup.RetentionPolicy(0, 0), false);

        assertThat(lite.backups()).as("the host's rotation keeps the newest").containsExactly(hostBackup);
    }

    @Test
    void aFutureDatedBackupIsKeptButDoesNotCountTowardsKeepMin() {
        // a clock that jumped a year ahead wrote two backups, then came back
        String future1 = backup("app", "sql", -365, true);
        String future2 = backup("app", "sql", -364, true);
        String real1 = backup("app", "sql", 20, true);
        String real2 = backup("app", "sql", 21, true);
        String real3 = backup("app", "sql", 22, true);
        sidecar.env.put("BACKUP_KEEP_MIN", "2");

        Exec.Result result = rotateOk();

        assertThat(names()).contains(future1, future2, real1, real2).doesNotContain(real3);
        assertThat(result.stderr()).contains("rotation of app: kept 2 future-dated backups", future1, future2);
    }

    @Test
    void aDirectoryNamedLikeABackupIsLeftAloneAndRotationSucceeds() throws Exception {
        Path directory = Files.createDirectories(sidecar.backupDir.resolve("app-2000-01-01T00-00-00.sql.gz"));
        Files.writeString(directory.resolve("inside"), "x");
        String old = backup("app", "sql", 30, false);

        rotateOk();

        assertThat(Files.isDirectory(directory)).isTrue();
        assertThat(names()).doesNotContain(old);
    }

    @Test
    void floorIsPerContainer() {
        String app = backup("app", "sql", 30, true);
        String cache1 = backup("cache", "rdb", 30, true);
        String cache2 = backup("cache", "rdb", 31, true);
        String cache3 = backup("cache", "rdb", 32, true);
        sidecar.env.put("BACKUP_KEEP_MIN", "1");

        rotateOk();

        assertThat(names()).contains(app, cache1).doesNotContain(cache2, cache3);
    }

    @Test
    void touchesOnlyExactNamesOfConfiguredContainers() throws Exception {
        List<String> others = List.of(
                "." + "app-2000-01-01T00-00-00.sql.gz.tmp.123",     // a running backup's temporary file
                ".app-2000-01-01T00-00-00.sql.gz.sha256.tmp.123",
                "notes.txt",
                "app-2000-01-01T00-00-00.sql.gz.bak",
                "app-2000-01-01.sql.gz",
                "app-2000-01-01T00-00-00.sql",
                "app-2000-01-01T00-00-00.rdb.gz",                  // wrong type for app
                "app-x-2000-01-01T00-00-00.sql.gz",               // another container's prefix
                "app-2-2000-01-01T00-00-00.sql.gz",
                "other-2000-01-01T00-00-00.sql.gz",               // not configured
                "APP-2000-01-01T00-00-00.sql.gz",
                "app-2000-01-01T00-00-00.sql.gz.sha256");          // checksum without its backup
        for (String name : others) {
            Files.writeString(sidecar.backupDir.resolve(name), "x");
        }
        Files.createDirectories(sidecar.backupDir.resolve("app-2000-01-02T00-00-00.sql.gz.d"));
        backup("app", "sql", 0, true);
        backup("app", "sql", 1, true);
        String old = backup("app", "sql", 100, true);
        TreeSet<String> before = names();

        rotateOk();

        TreeSet<String> expected = new TreeSet<>(before);
        expected.remove(old);
        expected.remove(old + ".sha256");
        assertThat(names()).isEqualTo(expected);
    }

    @Test
    void dryRunDeletesNothing() {
        backup("app", "sql", 0, true);
        backup("app", "sql", 1, true);
        String old = backup("app", "sql", 100, true);
        TreeSet<String> before = names();
        Exec.Result result = rotateOk("--dry-run");
        assertThat(result.stderr()).contains("would delete " + old);
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void tenThousandFiles() throws Exception {
        sidecar.env.put("BACKUP_KEEP_MIN", "3");
        LocalDateTime base = now.minusDays(30);
        for (int i = 0; i < 10_000; i++) {
            String name = "app-" + base.minusMinutes(i * 7L).format(STAMP) + ".sql.gz";
            Path file = sidecar.backupDir.resolve(name);
            Files.writeString(file, "x");
            Files.writeString(Path.of(file + ".sha256"), "0  " + name + "\n");
        }
        String newest = "app-" + base.format(STAMP) + ".sql.gz";
        String recent = backup("app", "sql", 1, true);
        Files.writeString(sidecar.backupDir.resolve(".app-2000-01-01T00-00-00.sql.gz.tmp.9"), "partial");

        long start = System.nanoTime();
        Exec.Result result = rotateOk();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("rotate.sh over 10,000 backups (20,002 files): %.2f s%n", seconds);

        // the recent one counts as good: two more of the old ones are kept, all others go
        assertThat(names()).containsExactlyInAnyOrder(recent, recent + ".sha256", newest, newest + ".sha256",
                "app-" + base.minusMinutes(7).format(STAMP) + ".sql.gz",
                "app-" + base.minusMinutes(7).format(STAMP) + ".sql.gz.sha256",
                ".app-2000-01-01T00-00-00.sql.gz.tmp.9");
        assertThat(result.stderr()).contains("deleted 9998 backups");
        assertThat(seconds).as("rotation time").isLessThan(60);
    }

    @Test
    void rotationWaitsForNoBackupButRefusesToRunBesideOne() throws Exception {
        Path lock = Files.createDirectory(sidecar.backupDir.resolve(".dockstart.lock"));
        Files.writeString(lock.resolve("pid"), ProcessHandle.current().pid() + "\n");
        String startTime = Files.readString(Path.of("/proc/self/stat")).replaceFirst("^.*\\) ", "").split(" ")[19];
        Files.writeString(lock.resolve("start"), startTime + "\n");
        String old = backup("app", "sql", 100, true);
        backup("app", "sql", 0, true);
        backup("app", "sql", 1, true);
        Exec.Result result = sidecar.rotate();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("another backup or rotation is running");
        assertThat(names()).contains(old);
    }
}
