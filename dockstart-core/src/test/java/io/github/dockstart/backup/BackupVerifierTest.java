package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTest {

    @TempDir
    Path dir;

    private final BackupVerifier verifier = new BackupVerifier();

    private Path backupWithChecksum(String name, String dump) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(dump.getBytes(StandardCharsets.UTF_8));
        }
        writeChecksum(file);
        return file;
    }

    private static void writeChecksum(Path file) throws IOException {
        String hex = HexFormat.of().formatHex(BackupVerifier.sha256().digest(Files.readAllBytes(file)));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), hex + "  " + file.getFileName() + "\n");
    }

    @Test
    void acceptsACompleteBackup() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "CREATE TABLE t (x int);\n".repeat(1000));

        assertThat(verifier.verify(file).good()).isTrue();
    }

    @Test
    void refusesATruncatedGzipEvenWithAMatchingChecksum() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "x".repeat(100_000) + "y");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        writeChecksum(file);

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("truncated"));
    }

    @Test
    void refusesAChecksumMismatch() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "SELECT 1;\n");
        Path other = backupWithChecksum("other.sql.gz", "SELECT 2;\n");
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"),
                Files.readString(other.resolveSibling("other.sql.gz.sha256")).replace("other.sql.gz", file.getFileName().toString()));

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("does not match its checksum"));
    }

    @Test
    void refusesAMissingChecksumAndAMissingFile() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "SELECT 1;\n");
        Files.delete(file.resolveSibling(file.getFileName() + ".sha256"));

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("no valid checksum file"));
        assertThat(verifier.verify(dir.resolve("absent.sql.gz")).good()).isFalse();
    }

    @Test
    void refusesAFileThatIsNotGzip() throws IOException {
        Path file = dir.resolve("postgres-2026-11-25T03-00-00.sql.gz");
        Files.writeString(file, "CREATE TABLE plain_text (x int);\n");
        writeChecksum(file);

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("not a valid gzip file"));
    }
}
