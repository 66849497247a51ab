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
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input ends with one clear message and the database as it was. */
class RestoreRefusalTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    private PostgresDatabase db;
    private BackupEngine engine;
    private Path good;

    private static final String STATE = "SELECT count(*), coalesce(sum(x), 0) FROM t;";

    @BeforeEach
    void aDatabaseWithABackup() throws IOException {
        db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (x int); INSERT INTO t SELECT generate_series(1, 2000);");
        engine = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);
        good = engine.backup(null).get(0);
        db.sql("INSERT INTO t VALUES (-1);");
    }

    private String state() {
        return db.sql(STATE);
    }

    private void assertRefusedUntouched(String backup, String message) {
        String before = state();
        int backupsBefore = engine.directory().list().size();
        assertThatThrownBy(() -> engine.restore(backup, null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
        assertThat(state()).isEqualTo(before);
        assertThat(engine.directory().list()).hasSize(backupsBefore);
        assertThat(engine.directory().safetyCopies()).as("no safety copy for a refused restore").isEmpty();
    }

    @Test
    void truncatedCopy() throws IOException {
        Path copy = copyAs(good, LocalDateTime.of(2026, 1, 1, 0, 0, 0));
        byte[] bytes = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(bytes, bytes.length - 20));

        assertRefusedUntouched(copy.getFileName().toString(), "is truncated");
    }

    @Test
    void truncatedGzipWithAMatchingChecksum() throws IOException {
        String truncated = gunzip(good);
        Path file = writeBackup(LocalDateTime.of(2026, 1, 2, 0, 0, 0), truncated);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        rewriteChecksum(file);

        assertRefusedUntouched(file.getFileName().toString(), "is truncated");
    }

    @Test
    void checksumMismatch() throws IOException {
        Path copy = copyAs(good, LocalDateTime.of(2026, 1, 3, 0, 0, 0));
        Path checksum = copy.resolveSibling(copy.getFileName() + ".sha256");
        Files.writeString(checksum, "0".repeat(64) + "  " + copy.getFileName() + "\n");

        assertRefusedUntouched(copy.getFileName().toString(), "does not match its checksum");
    }

    @Test
    void aMariaDbPasswordWithALineBreakIsRefusedWithoutEchoingIt() {
        // the host passes a password to a container's client as one line of standard input
        BackupEngine lineBreak = new BackupEngine(project(root,
                service("mariadb", DatabaseType.MARIADB, "127.0.0.1", FreePort.find(), "shop", "shop", "first-half\nsecond-half")),
                settings(root, Via.LOCAL), log);

        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> lineBreak.backup(null), () -> lineBreak.restore(good.getFileName().toString(), "mariadb", question -> true))) {
            assertThatThrownBy(call).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("password contains a line break")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("first-half", "second-half"));
        }
        assertThat(String.join("\n", log.lines)).doesNotContain("first-half", "second-half");
    }

    @Test
    void aReadOnlyBackupDirectorySaysItIsTheSafetyCopyAndOffersTheWayRound() throws IOException {
        Path backups = engine.directory().path();
        String before = state();
        readOnly(backups, true);
        try {
            assertThatThrownBy(() -> engine.restore(good.getFileName().toString(), null, question -> true))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("The safety copy of postgres (its current data, kept so that this restore can be undone; into "
                            + backups.resolve("safety") + ") failed, so the restore did not start; nothing was changed")
                    .hasMessageContaining("by setting dockstart.safetyCopy=false");
            assertThat(state()).isEqualTo(before);

            engine.restore(good.getFileName().toString(), null, question -> true, false);

            assertThat(state().trim()).isEqualTo("2000|2001000");
            assertThat(log.lines).anyMatch(l -> l.startsWith("WARN No safety copy (dockstart.safetyCopy=false)"));
        } finally {
            readOnly(backups, false);
        }
    }

    /** Read-only for this process: immutable for root (who ignores permission bits), else mode 0555. */
    private static void readOnly(Path directory, boolean on) throws IOException {
        if (io.github.dockstart.testing.servers.Tools.runningAsRoot()) {
            io.github.dockstart.testing.servers.Exec.of("chattr", on ? "+i" : "-i", directory.toString()).run().orFail();
        } else {
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString(on ? "r-xr-xr-x" : "rwxr-xr-x"));
        }
    }

    @Test
    void unreachableDatabase() {
        int closedPort = FreePort.find();
        BackupEngine nowhere = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, "127.0.0.1", closedPort, db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);

        assertThatThrownBy(() -> nowhere.restore(good.getFileName().toString(), null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Cannot restore into PostgreSQL")
                .hasMessageContaining(String.valueOf(closedPort));
        assertThatThrownBy(() -> nowhere.backup(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Cannot reach PostgreSQL");
    }

    @Test
    void sqlErrorHalfWayKeepsTheDataBefore() throws IOException {
        String dump = gunzip(good);
        int middle = dump.indexOf("COPY ");
        assertThat(middle).as("the dump has table data").isPositive();
        String broken = dump.substring(0, middle) + "SELECT no_such_function();\n" + dump.substring(middle);
        Path file = writeBackup(LocalDateTime.of(2026, 1, 4, 0, 0, 0), broken);
        String before = state();

        assertThatThrownBy(() -> engine.restore(file.getFileName().toString(), null, question -> true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no_such_function");

        assertThat(state()).isEqualTo(before);
    }

    private Path copyAs(Path backup, LocalDateTime time) throws IOException {
        BackupFileName name = BackupFileName.of("postgres", DatabaseType.POSTGRES, time);
        Path copy = backup.resolveSibling(name.fileName());
        Files.copy(backup, copy);
        String checksum = Files.readString(backup.resolveSibling(backup.getFileName() + ".sha256"));
        Files.writeString(copy.resolveSibling(name.checksumFileName()), checksum.replace(backup.getFileName().toString(), name.fileName()));
        return copy;
    }

    private Path writeBackup(LocalDateTime time, String dump) throws IOException {
        return new BackupWriter().write(engine.directory().path(), BackupFileName.of("postgres", DatabaseType.POSTGRES, time),
                out -> out.write(dump.getBytes(StandardCharsets.UTF_8)), new ProgressMeter(log, "test"));
    }

    private static void rewriteChecksum(Path file) throws IOException {
        String hex = java.util.HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), hex + "  " + file.getFileName() + "\n");
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
