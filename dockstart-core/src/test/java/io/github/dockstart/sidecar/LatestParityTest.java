package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code latest} means is one rule in two languages: the sidecar's {@code latest_backup}
 * ({@code restore.sh latest}) and the host's {@code BackupDirectory} ({@code -Ddockstart.backup=latest})
 * pick the same file from the same directory, and never a safety copy, however new.
 */
class LatestParityTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void latestShAndTheHostPickTheSameBackup() throws IOException {
        Random random = new Random(7);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (int round = 0; round < 20; round++) {
            Sidecar sidecar = new Sidecar(servers);
            Path safety = Files.createDirectories(sidecar.backupDir.resolve("safety"));
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                String container = List.of("app", "app", "app2", "other").get(random.nextInt(4));
                String name = container + "-" + now.minusMinutes(random.nextInt(60 * 24 * 30)).format(STAMP) + ".sql.gz";
                Files.writeString(sidecar.backupDir.resolve(name), name);
                if (random.nextBoolean()) {
                    Sidecar.writeChecksum(sidecar.backupDir.resolve(name));
                }
            }
            // a clock that jumped: a backup dated ahead (skipped by both), or one within the tolerance (counts)
            if (random.nextInt(3) == 0) {
                LocalDateTime ahead = random.nextBoolean() ? now.plusMinutes(10 + random.nextInt(60 * 24 * 365))
                        : now.plusSeconds(random.nextInt(120));
                String name = "app-" + ahead.format(STAMP) + ".sql.gz";
                Files.writeString(sidecar.backupDir.resolve(name), name);
                Sidecar.writeChecksum(sidecar.backupDir.resolve(name));
            }
            // a directory named like the newest backup is nobody's backup
            if (random.nextInt(4) == 0) {
                Files.createDirectories(sidecar.backupDir.resolve("app-" + now.minusSeconds(1).format(STAMP) + ".sql.gz"));
            }
            // a safety copy newer than every backup, and a running backup's temporary
            Files.writeString(safety.resolve("app-" + now.format(STAMP) + ".sql.gz"), "safety");
            Files.writeString(sidecar.backupDir.resolve(".app-" + now.format(STAMP) + ".sql.gz.tmp.1"), "running");

            Exec.Result shell = sidecar.shell.sh(sidecar.env, ". " + sidecar.shell.script("lib.sh") + " && latest_backup app sql");
            assertThat(shell.exitCode()).as(shell.toString()).isZero();
            String host;
            try {
                host = new BackupDirectory(sidecar.backupDir, sidecar.backupDir.getParent()).resolve("latest", "app")
                        .getFileName().toString();
            } catch (io.github.dockstart.model.InvalidInputException none) {
                host = "";
            }
            assertThat(shell.stdout().trim()).as("round %d", round).isEqualTo(host).doesNotStartWith(".");
        }
    }
}
