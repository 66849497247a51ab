package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.SqliteSession;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What restore.sh keeps safe: a SQLite database another process has open is not replaced; the
 * data before a restore is kept as a safety copy in BACKUP_DIR/safety/, which is not a backup.
 * The same rules as the host's (engine.RestoreSafetyTest).
 */
class RestoreSafetyTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    // --- SQLite ----------------------------------------------------------------------------------

    private Path database;

    private Sidecar sqliteSidecar() {
        database = servers.newDirectory("ds-lite").resolve("app.db");
        Sqlite.sql(database, "PRAGMA journal_mode=WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                + " INSERT INTO notes SELECT i, 'Notiz ' || i FROM n;");
        return new Sidecar(servers).sqlite("app", database);
    }

    private static void insert(SqliteSession app, int rows) {
        for (int i = 0; i < rows; i++) {
            app.run("INSERT INTO notes (body) VALUES ('committed " + i + "');");
        }
    }

    @Test
    void sqliteIsNotReplacedWhileAnotherProcessHasItOpen() {
        Sidecar sidecar = sqliteSidecar();
        sidecar.backupOk();
        try (SqliteSession app = SqliteSession.open(database)) {
            insert(app, 500);
            // everything checkpointed into the file: the -wal is empty, yet the application has it open
            app.run("PRAGMA wal_checkpoint(TRUNCATE);");
            assertThat(Path.of(database + "-wal")).isEmptyFile();

            Exec.Result result = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.stderr()).contains("is open in another process", "stop the application", "Nothing was changed");
            app.run("INSERT INTO notes (body) VALUES ('after the refusal');");
            assertThat(Sqlite.sql(database, "SELECT count(*) FROM notes;").trim()).isEqualTo("601");
            assertThat(safetyCopies(sidecar)).as("no safety copy for a refused restore").isEmpty();
        }
    }

    @Test
    void sqliteSafetyCopyHoldsTheCommittedWalAndTheDatabaseComesBackInWalMode() throws IOException {
        Sidecar sidecar = sqliteSidecar();
        sidecar.backupOk();
        Path wal = Path.of(database + "-wal");
        Path crash = servers.newDirectory("ds-crash");
        // a crashed application: its committed transactions are only in the -wal, nobody has it open
        try (SqliteSession app = SqliteSession.open(database)) {
            app.run("PRAGMA wal_autocheckpoint=0;");
            insert(app, 200);
            Files.copy(database, crash.resolve("db"));
            Files.copy(wal, crash.resolve("wal"));
        }
        Files.copy(crash.resolve("db"), database, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(crash.resolve("wal"), wal, StandardCopyOption.REPLACE_EXISTING);

        Exec.Result result = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Path> safety = safetyCopies(sidecar);
        assertThat(Files.getPosixFilePermissions(sidecar.backupDir.resolve("safety"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(safety).singleElement().satisfies(copy -> {
            assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Path.of(copy + ".sha256")).exists();
            Path restored = crash.resolve("safety.db");
            Files.write(restored, Sidecar.gunzip(copy));
            assertThat(Sqlite.sql(restored, "PRAGMA integrity_check; SELECT count(*) FROM notes;")).isEqualTo("ok\n300\n");
        });
        assertThat(result.stderr()).contains("safety copy of the data before the restore: " + safety.get(0));
        assertThat(Sqlite.sql(database, "PRAGMA journal_mode; SELECT count(*) FROM notes;")).isEqualTo("wal\n100\n");
        assertThat(sidecar.backups()).as("the safety copy is not a backup").hasSize(1);
    }

    @Test
    void sqliteStopContainerStopsTheAppBeforeTheSafetyCopyAndStartsItAgain() throws IOException {
        Sidecar sidecar = sqliteSidecar();
        sidecar.backupOk();
        Path calls = servers.newDirectory("ds-docker").resolve("calls");
        try (SqliteSession app = SqliteSession.open(database)) {
            app.run("PRAGMA wal_autocheckpoint=0;");
            insert(app, 50);
            // docker stop ends the application (its committed transactions stay in the -wal)
            sidecar.shell.addProgram("docker", "echo \"$*\" >>'" + calls + "'\n"
                    + "[ \"$1\" = stop ] && kill " + app.pid() + " && sleep 1\nexit 0");
            sidecar.env.put("SQLITE_STOP_CONTAINER", "demo-app-1");

            Exec.Result result = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(app.alive()).isFalse();
        }
        assertThat(Files.readAllLines(calls)).containsExactly("stop demo-app-1", "start demo-app-1");
        Path copy = servers.newDirectory("ds-copy").resolve("safety.db");
        Files.write(copy, Sidecar.gunzip(safetyCopies(sidecar).get(0)));
        assertThat(Sqlite.sql(copy, "SELECT count(*) FROM notes;").trim()).isEqualTo("150");
        assertThat(Sqlite.sql(database, "SELECT count(*) FROM notes;").trim()).isEqualTo("100");
    }

    @Test
    void latestNamesItsContainerWhenThereAreSeveral() {
        Path dir = servers.newDirectory("ds-two");
        Path notes = dir.resolve("notes.db");
        Path cache = dir.resolve("cache.db");
        Sqlite.sql(notes, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        Sqlite.sql(cache, "CREATE TABLE t (x); INSERT INTO t VALUES (2);");
        Sidecar sidecar = new Sidecar(servers).add("notes", Sidecar.sqliteSettings(notes)).add("cache", Sidecar.sqliteSettings(cache));
        sidecar.backupOk();
        Sqlite.sql(notes, "DELETE FROM t;");

        Exec.Result unnamed = sidecar.restore("latest", "--yes");
        assertThat(unnamed.exitCode()).isNotZero();
        assertThat(unnamed.stderr()).contains("latest does not say which container", "restore.sh latest CONTAINER");
        Exec.Result unknown = sidecar.restore("latest", "nothing", "--yes");
        assertThat(unknown.stderr()).contains("'nothing' is not a configured container");
        assertThat(Sqlite.sql(notes, "SELECT count(*) FROM t;").trim()).isEqualTo("0");

        Exec.Result named = sidecar.restore("latest", "notes", "--yes");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(Sqlite.sql(notes, "SELECT x FROM t;").trim()).isEqualTo("1");
    }

    // --- MySQL/MariaDB: dump-based safety copies, apart from the backups ---------------------------

    private MariaDbDatabase mariadb;

    private Sidecar mariadbSidecar() {
        mariadb = servers.newMariaDbDatabase();
        mariadb.sql("""
                CREATE TABLE a (id int PRIMARY KEY, v varchar(50)) DEFAULT CHARSET=utf8mb4;
                CREATE TABLE b (id int PRIMARY KEY, v varchar(50)) DEFAULT CHARSET=utf8mb4;
                INSERT INTO a SELECT seq, CONCAT('a', seq) FROM seq_1_to_500;
                INSERT INTO b SELECT seq, CONCAT('b', seq) FROM seq_1_to_500;
                """);
        return new Sidecar(servers).mariadb("mariadb", mariadb);
    }

    private String mariadbState() {
        return mariadb.sql("SELECT COUNT(*), MAX(v) FROM a; SELECT COUNT(*), MAX(v) FROM b;");
    }

    /** A backup named for {@code time} holding {@code dump}, with its checksum. */
    private static Path writeBackup(Sidecar sidecar, LocalDateTime time, String dump) {
        Path file = sidecar.backupDir.resolve("mariadb-" + time.format(STAMP) + ".sql.gz");
        Sidecar.gzip(dump.getBytes(StandardCharsets.UTF_8), file);
        Sidecar.writeChecksum(file);
        return file;
    }

    /** The dump with a failing statement after table a's data: a restore of it fails half way. */
    private static String failingHalfWay(String dump) {
        int tableB = dump.indexOf("DROP TABLE IF EXISTS `b`");
        assertThat(tableB).as("the dump has table b").isPositive();
        return dump.substring(0, tableB) + "SELECT no_such_function();\n" + dump.substring(tableB);
    }

    private static String text(Path gz) {
        return new String(Sidecar.gunzip(gz), StandardCharsets.UTF_8);
    }

    @Test
    void mariadbFailingHalfWaySaysItIsPartlyRestoredAndWhichFileBringsItBack() {
        Sidecar sidecar = mariadbSidecar();
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        Path broken = writeBackup(sidecar, LocalDateTime.of(2026, 1, 1, 0, 0), failingHalfWay(text(good)));
        mariadb.sql("UPDATE a SET v = 'changed'; UPDATE b SET v = 'changed'; DELETE FROM b WHERE id > 400;");
        String before = mariadbState();

        Exec.Result failed = sidecar.restore(broken.toString(), "--yes");

        assertThat(failed.exitCode()).isNotZero();
        List<Path> safety = safetyCopies(sidecar);
        assertThat(safety).hasSize(1);
        assertThat(failed.stderr()).contains("no_such_function", "partly restored",
                "bring it back with: restore.sh " + safety.get(0) + " --yes").doesNotContain("unchanged");
        assertThat(mariadbState()).as("table a was restored, b not").contains("500\ta99", "400\tchanged");
        assertThat(text(safety.get(0))).contains("-- Dump completed");

        Exec.Result back = sidecar.restore(safety.get(0).toString(), "--yes");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(mariadbState()).isEqualTo(before);
    }

    @Test
    void mariadbIsNotTouchedWhenNoSafetyCopyCanBeKept() throws IOException {
        Sidecar sidecar = mariadbSidecar();
        sidecar.backupOk();
        mariadb.sql("DELETE FROM b WHERE id > 100;");
        String before = mariadbState();
        Files.writeString(sidecar.backupDir.resolve("safety"), "a file where the folder of safety copies would go");

        Exec.Result result = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("the safety copy of mariadb failed", "Nothing was changed");
        assertThat(mariadbState()).isEqualTo(before);
    }

    @Test
    void threeFailedRestoresThenRotateLeaveTheRealBackups() {
        Sidecar sidecar = mariadbSidecar();
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        String dump = text(good);
        deleteWithChecksum(good);
        // three good backups and a broken one, all older than the retention: only KEEP_MIN protects them
        LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
        List<Path> real = List.of(writeBackup(sidecar, old, dump), writeBackup(sidecar, old.plusDays(1), dump),
                writeBackup(sidecar, old.plusDays(2), dump));
        Path broken = writeBackup(sidecar, old.minusDays(1), failingHalfWay(dump));

        for (int i = 0; i < 3; i++) {
            Exec.Result failed = sidecar.restore(broken.getFileName().toString(), "--yes");
            assertThat(failed.exitCode()).isNotZero();
            assertThat(failed.stderr()).contains("partly restored");
        }
        assertThat(safetyCopies(sidecar)).hasSize(3);
        sidecar.env.put("BACKUP_RETENTION_DAYS", "7");
        sidecar.env.put("BACKUP_KEEP_MIN", "3");
        sidecar.env.put("BACKUP_SAFETY_KEEP", "2");

        Exec.Result rotate = sidecar.rotate();

        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        assertThat(real).allSatisfy(file -> assertThat(file).exists());
        assertThat(sidecar.backups()).containsExactlyElementsOf(real);
        assertThat(safetyCopies(sidecar)).hasSize(2);
        assertThat(rotate.stderr()).contains("deleted 1 safety copies");
    }

    @Test
    void restoreLatestAfterAFailedRestoreRestoresTheNewestRealBackup() throws InterruptedException {
        Sidecar sidecar = mariadbSidecar();
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        String backedUp = mariadbState();
        Path broken = writeBackup(sidecar, LocalDateTime.now(ZoneOffset.UTC).minusDays(1), failingHalfWay(text(good)));
        mariadb.sql("DELETE FROM a; DELETE FROM b;");
        Thread.sleep(1000);
        assertThat(sidecar.restore(broken.toString(), "--yes").exitCode()).isNotZero();
        assertThat(safetyCopies(sidecar)).as("the empty database was kept").hasSize(1);

        Exec.Result latest = sidecar.restore("latest", "--yes");

        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.stderr()).contains("latest backup of mariadb: " + good.getFileName());
        assertThat(mariadbState()).isEqualTo(backedUp);
    }

    private static void deleteWithChecksum(Path file) {
        try {
            Files.delete(file);
            Files.delete(Path.of(file + ".sha256"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> safetyCopies(Sidecar sidecar) {
        Path dir = sidecar.backupDir.resolve("safety");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Sidecar.NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
