package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.RememberedVerdicts;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.Dumps;
import io.github.dockstart.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list} decompresses a backup once and remembers the good verdict in
 * {@code backups/.dockstart-verified}, reused only while the backup and its checksum file are
 * unchanged; {@code verify} reads every file again.
 */
class ListRemembersVerdictsTest {

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    private BackupEngine engine;
    private Path backup;
    private Path memory;

    @BeforeEach
    void oneGoodBackup() throws IOException {
        // no server: list and verify never connect
        engine = new BackupEngine(project(root, service("postgres", DatabaseType.POSTGRES, "127.0.0.1", 1, "demo", "demo", "pw")),
                settings(root, Via.LOCAL), log);
        backup = handMade("postgres-2026-11-25T03-00-00.sql.gz", Dumps.postgres("INSERT INTO t VALUES (1);\n".repeat(2000)));
        memory = root.resolve("backups").resolve(RememberedVerdicts.FILE_NAME);
    }

    private Path handMade(String name, String content) throws IOException {
        Path dir = Files.createDirectories(root.resolve("backups"));
        Path file = dir.resolve(name);
        Files.write(file, gzip(content));
        writeChecksum(file);
        return file;
    }

    private static byte[] gzip(String content) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void writeChecksum(Path file) throws IOException {
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), sha256(file) + "  " + file.getFileName() + "\n");
    }

    private BackupEngine.Listing listed() {
        return engine.list().stream().filter(l -> l.backup().file().equals(backup)).findFirst().orElseThrow();
    }

    /** Overwrites the backup in place (same inode) with {@code bytes}, and sets its modification time back. */
    private void overwriteInPlace(byte[] bytes) throws IOException {
        FileTime before = Files.getLastModifiedTime(backup);
        try (FileChannel channel = FileChannel.open(backup, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(bytes));
        }
        Files.setLastModifiedTime(backup, before);
    }

    @Test
    void theSecondListReusesTheFirstVerdictAndTheMemoryIsPrivate() throws IOException {
        BackupEngine.Listing first = listed();
        assertThat(first.verdict().good()).isTrue();
        assertThat(first.remembered()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(memory))).isEqualTo("rw-------");
        assertThat(Files.readString(memory)).contains(backup.getFileName().toString());

        BackupEngine.Listing second = listed();
        assertThat(second.verdict().good()).isTrue();
        assertThat(second.remembered()).isTrue();
        assertThat(BackupTable.local(engine.list(), root.resolve("backups"))).last().isEqualTo("1 of 1 verdicts are remembered"
                + " from an earlier full check of the unchanged file (.dockstart-verified); dockstart:verify reads every file again.");
        assertThat(root.resolve("backups").toFile().list((dir, name) -> name.endsWith(".tmp"))).isEmpty();
    }

    @Test
    void aFileOfAnotherSizeIsCheckedAgainEvenWithItsOldModificationTime() throws IOException {
        assertThat(listed().verdict().good()).isTrue();
        // a whole gzip of a dump cut short, its checksum file untouched
        overwriteInPlace(gzip("--\n-- PostgreSQL database dump\n--\nINSERT INTO t VALUES (1);\n"));

        BackupEngine.Listing after = listed();
        assertThat(after.remembered()).isFalse();
        assertThat(after.verdict().problem()).hasValueSatisfying(p -> assertThat(p).contains("does not match its checksum"));
    }

    @Test
    void aFileChangedInPlaceWithTheSameSizeAndModificationTimeIsCheckedAgain() throws IOException {
        assertThat(listed().verdict().good()).isTrue();
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x55;
        overwriteInPlace(bytes);
        assertThat(Files.size(backup)).isEqualTo(bytes.length);

        BackupEngine.Listing after = listed();
        assertThat(after.remembered()).as("the change time (ctime) tells").isFalse();
        assertThat(after.verdict().good()).isFalse();
    }

    @Test
    void aNewerModificationTimeAloneMeansCheckingAgain() throws IOException {
        assertThat(listed().verdict().good()).isTrue();
        Files.setLastModifiedTime(backup, FileTime.fromMillis(Files.getLastModifiedTime(backup).toMillis() + 1000));

        BackupEngine.Listing after = listed();
        assertThat(after.remembered()).isFalse();
        assertThat(after.verdict().good()).isTrue();
        assertThat(listed().remembered()).as("and the new stamp is remembered").isTrue();
    }

    @Test
    void aChangedChecksumFileMeansCheckingAgain() throws IOException {
        assertThat(listed().verdict().good()).isTrue();
        Path checksum = backup.resolveSibling(backup.getFileName() + ".sha256");
        String text = Files.readString(checksum);
        Files.writeString(checksum, (text.charAt(0) == '0' ? "1" : "0") + text.substring(1)); // same size, another checksum

        BackupEngine.Listing after = listed();
        assertThat(after.remembered()).isFalse();
        assertThat(after.verdict().problem()).hasValueSatisfying(p -> assertThat(p).contains("does not match its checksum"));
    }

    @Test
    void aDamagedOrForeignMemoryIsIgnored() throws IOException {
        listed();
        String good = Files.readString(memory);
        List<String> damaged = List.of(
                good.substring(0, good.lastIndexOf("end ")),                      // cut short
                good.replaceFirst("remembered verdicts 1 [0-9a-f]{8}", "remembered verdicts 1 00000000"), // another rule
                good.replace("\t", " "),                                             // not its format
                "\u0000\u0001garbage");
        for (String text : damaged) {
            Files.writeString(memory, text);
            assertThat(listed().remembered()).as(text).isFalse();
            assertThat(listed().remembered()).as("rewritten whole after " + text).isTrue();
        }
        Files.setPosixFilePermissions(memory, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(listed().remembered()).as("writable by others").isFalse();
        Files.delete(memory);
        Files.createDirectory(memory);
        assertThat(listed().verdict().good()).as("a directory in its place").isTrue();
        assertThat(log.lines).as("a memory that cannot be written only means checking again")
                .anyMatch(l -> l.startsWith("DEBUG Could not remember the verdicts in " + memory));
    }

    @Test
    void deletedAndBadFilesLeaveTheMemory() throws IOException {
        Path other = handMade("postgres-2026-11-24T03-00-00.sql.gz", Dumps.postgres("SELECT 2;"));
        engine.list();
        assertThat(Files.readString(memory)).contains(other.getFileName().toString());

        Files.delete(other);
        Files.delete(other.resolveSibling(other.getFileName() + ".sha256"));
        Files.write(backup, new byte[] {1, 2, 3});
        writeChecksum(backup);
        assertThat(listed().verdict().good()).isFalse();

        assertThat(Files.readString(memory)).doesNotContain(other.getFileName().toString())
                .doesNotContain(backup.getFileName().toString());
    }

    @Test
    void verifyReadsEveryFileEvenWhenListRemembersIt() throws IOException {
        assertThat(listed().verdict().good()).isTrue();
        assertThat(engine.verify()).allMatch(BackupVerifier.Verdict::good);
        assertThat(listed().remembered()).as("verify refreshes the memory").isTrue();

        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x55;
        overwriteInPlace(bytes);

        assertThat(engine.verify()).singleElement().satisfies(v -> assertThat(v.good()).isFalse());
        assertThat(listed().remembered()).as("a bad file is never remembered").isFalse();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
