package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.Dumps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What remembered verdicts cannot see, stated as a test: bytes changed while size, times and inode
 * stay (a failing disk). {@code list} then shows the old verdict; {@code verify} and a restore's
 * check ({@link BackupVerifier}) read the file and find the damage.
 */
class RememberedVerdictsTest {

    @TempDir
    Path dir;

    @Test
    void aChangeTheFileSystemDidNotRecordIsFoundByAFullCheckOnly() throws IOException {
        Path file = dir.resolve("postgres-2026-11-25T03-00-00.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(Dumps.postgres("INSERT INTO t VALUES (1);\n".repeat(2000)).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(file.getFileName() + ".sha256"),
                HexFormat.of().formatHex(BackupVerifier.sha256().digest(Files.readAllBytes(file))) + "  " + file.getFileName() + "\n");
        Optional<DatabaseType> type = Optional.of(DatabaseType.POSTGRES);
        RememberedVerdicts first = RememberedVerdicts.in(dir);
        assertThat(first.verify(file, type).remembered()).isFalse();
        first.save();
        Path memory = dir.resolve(RememberedVerdicts.FILE_NAME);
        String before = RememberedVerdicts.key(file, type).orElseThrow();
        assertThat(Files.readString(memory)).contains(before);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        // the damage the file system did not record: the memory describes the file as it is now
        Files.writeString(memory, Files.readString(memory).replace(before, RememberedVerdicts.key(file, type).orElseThrow()));
        RememberedVerdicts forged = RememberedVerdicts.in(dir);

        RememberedVerdicts.Checked listed = forged.verify(file, type);
        assertThat(listed.remembered()).as("list cannot see it").isTrue();
        assertThat(listed.verdict().good()).isTrue();
        assertThat(forged.check(file, type).good()).as("verify reads the file").isFalse();
        assertThat(new BackupVerifier().verify(file, type).good()).as("so does a restore").isFalse();
    }
}
