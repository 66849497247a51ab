package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.BackupWriter;
import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.SafetyRetention;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.SqliteSession;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host restore keeps safe: a database another process has open is not replaced; the data
 * before a restore is kept as a safety copy in {@code backups/safety/}, which is not a backup.
 */
class RestoreSafetyTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();

    private Path sqliteDatabase() throws IOException {
        Path database = Files.createDirectories(root.resolve("data")).resolve("app.db");
        Sqlite.sql(database, "PRAGMA journal_mode=WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                + " INSERT INTO notes SELECT i, 'Notiz ' || i FROM n;");
        return database;
    }

    private BackupEngine sqliteEngine() {
        return new BackupEngine(project(root, service("sqlite", DatabaseType.SQLITE, null, 0, "data/app.db", null, null)),
                settings(root, Via.LOCAL), log);
    }

    @Test
    void sqliteIsNotReplacedWhileAnotherProcessHasItOpen() throws Exception {
        Path database = sqliteDatabase();
        BackupEngine engine = sqliteEngine();
        engine.backup(null);
        try (SqliteSession app = SqliteSession.open(database)) {
            // the application's committed transactions stay in the -wal file
            app.run("PRAGMA wal_autocheckpoint=0;");
            for (int i = 0; i < 500; i++) {
                app.run("INSERT INTO notes (body) VALUES ('committed " + i + "');");
            }
            assertThat(Files.size(Path.of(database + "-wal"))).as("the transactions are in the -wal").isPositive();

            assertThatThrownBy(() -> engine.restore("latest", null, question -> true))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is open in another process")
                    .hasMessageContaining("stop the application");

            assertThat(app.run("SELECT count(*) FROM notes;").trim()).isEqualTo("600");
            assertThat(Sqlite.sql(database, "SELECT count(*) FROM notes;").trim()).isEqualTo("600");
            assertThat(safetyCopies()).as("no safety copy for a refused restore").isEmpty();
        }
    }

    @Test
    void sqliteSafetyCopyHoldsTheCommittedWalAndTheDatabaseComesBackInWalMode() throws Exception {
        Path database = sqliteDatabase();
        BackupEngine engine = sqliteEngine();
        Path backup = engine.backup(null).get(0);
        // a crashed application: its committed transactions are only in the -wal, nobody has it open
        Path wal = Path.of(database + "-wal");
        try (SqliteSession app = SqliteSession.open(database)) {
            app.run("PRAGMA wal_autocheckpoint=0;");
            for (int i = 0; i < 200; i++) {
                app.run("INSERT INTO notes (body) VALUES ('committed " + i + "');");
            }
            Files.copy(database, root.resolve("crashed-db"));
            Files.copy(wal, root.resolve("crashed-wal"));
        }
        // closing checkpointed them into the file; put back the files as they were at the crash
        Files.copy(root.resolve("crashed-db"), database, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("crashed-wal"), wal, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(wal)).isPositive();

        Optional<Path> safety = engine.restore(backup.getFileName().toString(), null, question -> true);

        assertThat(safety).isPresent();
        assertThat(safety.get().getParent()).isEqualTo(root.resolve("backups/safety"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(safety.get().getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(safety.get()))).isEqualTo("rw-------");
        Path copy = root.resolve("safety.db");
        gunzip(safety.get(), copy);
        assertThat(Sqlite.sql(copy, "PRAGMA integrity_check; SELECT count(*) FROM notes;")).isEqualTo("ok\n300\n");
        assertThat(Sqlite.sql(database, "PRAGMA journal_mode; SELECT count(*) FROM notes;")).isEqualTo("wal\n100\n");
        assertThat(engine.directory().list()).as("the safety copy is not a backup").hasSize(1);
    }

    // --- MySQL/MariaDB: dump-based safety copies, apart from the backups ---------------------------

    private MariaDbDatabase mariadb;

    private BackupEngine mariadbEngine() {
        mariadb = servers.newMariaDbDatabase();
        mariadb.sql("""
                CREATE TABLE a (id int PRIMARY KEY, v varchar(50)) DEFAULT CHARSET=utf8mb4;
                CREATE TABLE b (id int PRIMARY KEY, v varchar(50)) DEFAULT CHARSET=utf8mb4;
                INSERT INTO a SELECT seq, CONCAT('a', seq) FROM seq_1_to_500;
                INSERT INTO b SELECT seq, CONCAT('b', seq) FROM seq_1_to_500;
                """);
        return new BackupEngine(project(root, service("mariadb", DatabaseType.MARIADB, mariadb.host(), mariadb.port(),
                mariadb.name(), mariadb.user(), mariadb.password())), settings(root, Via.LOCAL), log);
    }

    private String mariadbState() {
        return mariadb.sql("SELECT COUNT(*), MAX(v) FROM a; SELECT COUNT(*), MAX(v) FROM b;");
    }

    /** A backup named for {@code time} holding {@code dump}. */
    private Path writeBackup(BackupEngine engine, LocalDateTime time, String dump) throws IOException {
        return new BackupWriter().write(engine.directory().path(), BackupFileName.of("mariadb", DatabaseType.MARIADB, time),
                out -> out.write(dump.getBytes(StandardCharsets.UTF_8)), new ProgressMeter(log, "test"));
    }

    /** The dump with a failing statement after table a's data: a restore of it fails half way. */
    private static String failingHalfWay(String dump) {
        int tableB = dump.indexOf("DROP TABLE IF EXISTS `b`");
        assertThat(tableB).as("the dump has table b").isPositive();
        return dump.substring(0, tableB) + "SELECT no_such_function();\n" + dump.substring(tableB);
    }

    private static String text(Path gz) {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mariadbFailingHalfWaySaysItIsPartlyRestoredAndWhichFileBringsItBack() throws Exception {
        BackupEngine engine = mariadbEngine();
        Path good = engine.backup(null).get(0);
        Path broken = writeBackup(engine, LocalDateTime.of(2026, 1, 1, 0, 0), failingHalfWay(text(good)));
        mariadb.sql("UPDATE a SET v = 'changed'; UPDATE b SET v = 'changed'; DELETE FROM b WHERE id > 400;");
        String before = mariadbState();

        assertThatThrownBy(() -> engine.restore(broken.getFileName().toString(), null, question -> true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no_such_function")
                .hasMessageContaining("partly restored")
                .hasMessageContaining(root.resolve("backups/safety").toString())
                .message().doesNotContain("unchanged");
        assertThat(mariadbState()).as("table a was restored, b not").isNotEqualTo(before)
                .contains("500\ta99", "400\tchanged");

        Path safety = engine.directory().safetyCopies().get(0).file();
        engine.restore(safety.toString(), null, question -> true);
        assertThat(mariadbState()).isEqualTo(before);
    }

    @Test
    void mariadbIsNotTouchedWhenNoSafetyCopyCanBeKept() throws Exception {
        BackupEngine engine = mariadbEngine();
        Path good = engine.backup(null).get(0);
        mariadb.sql("DELETE FROM b WHERE id > 100;");
        String before = mariadbState();
        Files.writeString(root.resolve("backups/safety"), "a file where the folder of safety copies would go");

        assertThatThrownBy(() -> engine.restore(good.getFileName().toString(), null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("The safety copy of mariadb")
                .hasMessageContaining("the restore did not start; nothing was changed")
                .hasMessageContaining("dockstart.safetyCopy=false");

        assertThat(mariadbState()).isEqualTo(before);
    }

    @Test
    void threeFailedRestoresThenRotateLeaveTheRealBackups() throws Exception {
        BackupEngine engine = mariadbEngine();
        Path good = engine.backup(null).get(0);
        String dump = text(good);
        Files.delete(good);
        Files.delete(Path.of(good + ".sha256"));
        // three good backups and a broken one, all older than the retention: only keepMin protects them
        LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
        List<Path> real = List.of(writeBackup(engine, old, dump), writeBackup(engine, old.plusDays(1), dump),
                writeBackup(engine, old.plusDays(2), dump));
        Path broken = writeBackup(engine, old.minusDays(1), failingHalfWay(dump));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> engine.restore(broken.getFileName().toString(), null, question -> true))
                    .isInstanceOf(IOException.class).hasMessageContaining("partly restored");
        }
        assertThat(engine.directory().safetyCopies()).hasSize(3);

        engine.rotate(new RetentionPolicy(7, 3), false);
        engine.rotateSafetyCopies(new SafetyRetention(2), false);

        assertThat(real).allSatisfy(file -> assertThat(file).exists());
        assertThat(engine.directory().list()).extracting(b -> b.file()).containsExactly(real.get(2), real.get(1), real.get(0));
        assertThat(engine.directory().safetyCopies()).hasSize(2);
    }

    @Test
    void restoreLatestAfterAFailedRestoreRestoresTheNewestRealBackup() throws Exception {
        BackupEngine engine = mariadbEngine();
        Path good = engine.backup(null).get(0);
        String backedUp = mariadbState();
        Path broken = writeBackup(engine, LocalDateTime.now(ZoneOffset.UTC).minusDays(1), failingHalfWay(text(good)));
        mariadb.sql("DELETE FROM a; DELETE FROM b;");
        Thread.sleep(1000);
        assertThatThrownBy(() -> engine.restore(broken.getFileName().toString(), null, question -> true))
                .isInstanceOf(IOException.class);
        assertThat(engine.directory().safetyCopies()).as("the empty database was kept").hasSize(1);

        engine.restore("latest", null, question -> true);

        assertThat(mariadbState()).isEqualTo(backedUp);
        assertThat(String.join("\n", log.lines)).contains("restored from " + good.getFileName());
    }

    private List<Path> safetyCopies() throws IOException {
        Path dir = root.resolve("backups/safety");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".gz")).sorted().toList();
        }
    }

    static void gunzip(Path gz, Path target) {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
