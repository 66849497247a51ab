package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.log.DockstartLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.zip.GZIPInputStream;
import io.github.dockstart.testing.Dumps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupWriterTest {

    @TempDir
    Path dir;

    private final BackupWriter writer = new BackupWriter();
    private final BackupFileName name = new BackupFileName("postgres", LocalDateTime.of(2026, 11, 25, 3, 0, 0), "sql");

    private ProgressMeter progress() {
        return new ProgressMeter(DockstartLog.SILENT, "postgres");
    }

    @Test
    void writesAPrivateVerifiedBackupWithItsChecksum() throws IOException {
        String dump = Dumps.postgres("CREATE TABLE t (x text);\nINSERT INTO t VALUES ('grüße');\n".repeat(500));

        Path file = writer.write(dir, name, out -> out.write(dump.getBytes(StandardCharsets.UTF_8)), progress());

        assertThat(file).isEqualTo(dir.resolve("postgres-2026-11-25T03-00-00.sql.gz"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(dump);
        }
        assertThat(new BackupVerifier().verify(file).good()).isTrue();
        assertThat(dir.resolve(name.checksumFileName())).content().endsWith("  " + name.fileName() + "\n");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(name.fileName(), name.checksumFileName());
        }
    }

    @Test
    void aDumpThatFailsHalfWayLeavesNoFileAndTheOlderBackupIntact() throws IOException {
        BackupFileName older = new BackupFileName("postgres", LocalDateTime.of(2026, 11, 24, 3, 0, 0), "sql");
        Path olderFile = writer.write(dir, older, out -> out.write(Dumps.postgres("SELECT 1;").getBytes(StandardCharsets.UTF_8)), progress());
        byte[] olderBytes = Files.readAllBytes(olderFile);

        assertThatThrownBy(() -> writer.write(dir, name, out -> {
            out.write("CREATE TABLE t (x int);\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
            throw new IOException("pg_dump failed (exit 137)");
        }, progress())).hasMessageContaining("exit 137");

        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(older.fileName(), older.checksumFileName());
        }
        assertThat(Files.readAllBytes(olderFile)).isEqualTo(olderBytes);
    }

    @Test
    void anEmptyDumpIsNotABackup() {
        assertThatThrownBy(() -> writer.write(dir, name, out -> { }, progress())).hasMessageContaining("empty");
        assertThat(dir.resolve(name.fileName())).doesNotExist();
        assertThat(dir.resolve(name.checksumFileName())).doesNotExist();
    }

    @Test
    void anUnwritableDirectoryFailsWithoutAFinalFile() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root ignores permission bits; a file where the directory should be fails for everyone
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "x");

        assertThatThrownBy(() -> writer.write(blocked, name, out -> out.write(1), progress())).isInstanceOf(IOException.class);
        assertThat(blocked.resolveSibling(name.fileName())).doesNotExist();
    }

    @Test
    void aBackupOfTheSameNameIsNeverReplacedTheNextOneTakesTheNextSecond() throws IOException {
        Path first = writer.write(dir, name, out -> out.write(Dumps.postgres("first").getBytes(StandardCharsets.UTF_8)), progress());
        byte[] bytes = Files.readAllBytes(first);

        Path second = writer.write(dir, name, out -> out.write(Dumps.postgres("second").getBytes(StandardCharsets.UTF_8)), progress());

        assertThat(second.getFileName().toString()).isEqualTo("postgres-2026-11-25T03-00-01.sql.gz");
        assertThat(Files.readAllBytes(first)).isEqualTo(bytes);
        assertThat(new BackupVerifier().verify(first).good()).isTrue();
        assertThat(new BackupVerifier().verify(second).good()).isTrue();
    }

    @Test
    void aNameTakenByAnotherWriterDuringTheDumpIsNotReplaced() throws IOException {
        // the sidecar finishes a backup of the same second while this one is still dumping
        Path theirs = dir.resolve(name.fileName());
        Path theirChecksum = dir.resolve(name.checksumFileName());
        Path ours = writer.write(dir, name, out -> {
            out.write(Dumps.postgres("ours").getBytes(StandardCharsets.UTF_8));
            Files.writeString(theirs, "the sidecar's backup");
            Files.writeString(theirChecksum, "the sidecar's checksum");
        }, progress());

        assertThat(theirs).hasContent("the sidecar's backup");
        assertThat(theirChecksum).hasContent("the sidecar's checksum");
        assertThat(ours.getFileName().toString()).isEqualTo("postgres-2026-11-25T03-00-01.sql.gz");
        assertThat(new BackupVerifier().verify(ours).good()).isTrue();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder(name.fileName(), name.checksumFileName(), ours.getFileName().toString(),
                            ours.getFileName() + ".sha256");
        }
    }

    @Test
    void aTakenChecksumNameAloneAlsoMovesTheBackupOn() throws IOException {
        Path strayChecksum = dir.resolve(name.checksumFileName());
        Path ours = writer.write(dir, name, out -> {
            out.write(Dumps.postgres("ours").getBytes(StandardCharsets.UTF_8));
            Files.writeString(strayChecksum, "another writer's checksum, its backup still being renamed");
        }, progress());

        assertThat(strayChecksum).hasContent("another writer's checksum, its backup still being renamed");
        assertThat(ours.getFileName().toString()).isEqualTo("postgres-2026-11-25T03-00-01.sql.gz");
        assertThat(dir.resolve(name.fileName())).doesNotExist();
    }

    @Test
    void theChecksumFileIsPrivateLikeTheSidecars() throws IOException {
        Path file = writer.write(dir, name, out -> out.write(Dumps.postgres("x").getBytes(StandardCharsets.UTF_8)), progress());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file + ".sha256")))).isEqualTo("rw-------");
    }
}
