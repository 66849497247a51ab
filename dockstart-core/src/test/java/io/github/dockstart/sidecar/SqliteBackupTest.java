package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite: VACUUM INTO gives a consistent copy while the application writes; restore replaces the file atomically. */
class SqliteBackupTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Path database;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        database = servers.newDirectory("ds-lite").resolve("app.db");
        sidecar = new Sidecar(servers).sqlite("app", database);
        Sqlite.sql(database, """
                PRAGMA journal_mode=WAL;
                CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                  INSERT INTO notes(text) SELECT 'Notiz ' || i || ' Grüße 日本語 ☃' FROM n;
                CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
                INSERT INTO accounts VALUES (1, 1000000), (2, 0);
                CREATE TABLE transfers(id INTEGER PRIMARY KEY, amount INTEGER);
                """);
    }

    private String content() {
        return Sqlite.sql(database, "SELECT * FROM notes ORDER BY id; SELECT * FROM accounts ORDER BY id; SELECT count(*) FROM transfers;");
    }

    @Test
    void roundTripReplacesTheFile() throws Exception {
        String before = content();
        assertThat(before).contains("Grüße 日本語 ☃");
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        assertThat(file.getFileName().toString()).matches("app-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.db\\.gz");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new String(Sidecar.gunzip(file), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");

        Sqlite.sql(database, "DELETE FROM notes WHERE id > 10; UPDATE accounts SET balance = 0;");
        Exec.Result restore = sidecar.restore(file.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content()).isEqualTo(before);
    }

    @Test
    void consistentCopyWhileAnotherProcessWrites() throws Exception {
        // the writer moves money between two accounts and logs each transfer in the same
        // transaction, without pause, until the backups are done
        Process writer = new ProcessBuilder(Sqlite.binary().toString(), "-batch", database.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicBoolean stop = new AtomicBoolean();
        var feeding = CompletableFuture.runAsync(() -> {
            try (var in = writer.getOutputStream()) {
                in.write(".timeout 20000\nPRAGMA synchronous=NORMAL;\n".getBytes(StandardCharsets.UTF_8));
                while (!stop.get()) {
                    in.write(("BEGIN IMMEDIATE; UPDATE accounts SET balance = balance - 1 WHERE id = 1;"
                            + " UPDATE accounts SET balance = balance + 1 WHERE id = 2; INSERT INTO transfers(amount) VALUES (1);"
                            + " COMMIT;\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            Thread.sleep(200);
            for (int run = 0; run < 3; run++) {
                sidecar.backupOk();
            }
            assertThat(writer.isAlive()).as("the writer was still writing during the backups").isTrue();
        } finally {
            stop.set(true);
            feeding.join();
            writer.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(sidecar.backups()).hasSize(3);
        java.util.Set<String> transferCounts = new java.util.HashSet<>();
        for (Path backup : sidecar.backups()) {
            Path copy = sidecar.shell.root().resolve("copy.db");
            Files.write(copy, Sidecar.gunzip(backup));
            String state = Sqlite.sql(copy, "PRAGMA integrity_check; SELECT sum(balance) FROM accounts;"
                    + " SELECT (SELECT balance FROM accounts WHERE id = 2) = (SELECT count(*) FROM transfers);");
            assertThat(state).as("copy %s", backup).isEqualTo("ok\n1000000\n1\n");
            transferCounts.add(Sqlite.sql(copy, "SELECT count(*) FROM transfers;"));
            Files.delete(copy);
        }
        assertThat(transferCounts).as("each copy caught the writer at another point").hasSize(3);
    }

    @Test
    void damagedCompressorOutputIsCaughtByTheVerification() {
        sidecar.backupOk();
        Map<String, String> before = sidecar.snapshot();
        // snapshots go through pigz: one byte in the middle of its output is changed
        sidecar.shell.wrapClient("pigz", """
                case "$*" in *-d*) exec "$REAL" "$@" ;; esac
                "$REAL" "$@" | { head -c 2000; head -c 1 >/dev/null; printf 'X'; cat; }""");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "compressing the copy gave a damaged gzip stream");
    }

    @Test
    void missingFile() {
        sidecar.backupOk();
        Map<String, String> before = sidecar.snapshot();
        sidecar.env.put("DB_PATH", database.resolveSibling("missing.db").toString());
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "the SQLite file " + database.resolveSibling("missing.db") + " does not exist");
        assertThat(database.resolveSibling("missing.db")).as("no empty database was created").doesNotExist();
    }

    @Test
    void corruptFile() throws Exception {
        sidecar.backupOk();
        Map<String, String> before = sidecar.snapshot();
        Path corrupt = database.resolveSibling("corrupt.db");
        Files.writeString(corrupt, "this is not an SQLite database at all, only some text in a file ".repeat(200));
        sidecar.env.put("DB_PATH", corrupt.toString());
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "sqlite3 could not copy " + corrupt);
        assertThat(result.stderr()).contains("not a database");
    }

    @Test
    void restoreRefusesADatabaseThatFailsItsIntegrityCheckBeforeAskingAnything() throws Exception {
        sidecar.backupOk();
        byte[] bytes = Sidecar.gunzip(sidecar.onlyBackup());
        for (int i = 4096 * 3; i < 4096 * 3 + 2000; i++) {
            bytes[i] = (byte) 0x5A;
        }
        Path damaged = sidecar.backupDir.resolve("app-2020-01-01T00-00-00.db.gz");
        Sidecar.gzip(bytes, damaged);
        Sidecar.writeChecksum(damaged);
        String before = content();

        // no --yes and no answer: the file is refused before the question
        Exec.Result result = sidecar.shell.exec(sidecar.env, "restore.sh", damaged.toString()).stdin("").run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("refusing to restore: " + damaged + " holds an SQLite database that fails PRAGMA integrity_check")
                .doesNotContain("Type yes to continue");
        assertThat(content()).isEqualTo(before);
        assertThat(sidecar.shell.tmp().toFile().list()).as("the decompressed copy is removed").isEmpty();
    }
}
