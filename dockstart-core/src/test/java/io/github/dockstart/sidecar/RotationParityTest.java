package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.RotationService;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sidecar's {@code rotate.sh} and the host's rotation ({@code dockstart:rotate}) share one set
 * of rules: run on copies of the same directory, they leave the same files.
 */
class RotationParityTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void rotateShAndTheHostLeaveTheSameFiles() throws IOException {
        Sidecar sidecar = new Sidecar(servers);
        sidecar.add("app", Map.of("DB_TYPE", "postgres", "DB_NAME", "app", "DB_USER", "app"));
        sidecar.add("cache", Map.of("DB_TYPE", "redis"));
        sidecar.env.put("BACKUP_RETENTION_DAYS", "5");
        sidecar.env.put("BACKUP_KEEP_MIN", "2");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            String container = random.nextInt(10) < 6 ? "app" : random.nextBoolean() ? "cache" : "legacy";
            String extension = container.equals("cache") ? "rdb" : random.nextInt(20) == 0 ? "rdb" : "sql";
            String name = container + "-" + now.minusMinutes(random.nextInt(14 * 24 * 60)).format(STAMP) + "." + extension + ".gz";
            Path file = sidecar.backupDir.resolve(name);
            Files.writeString(file, name);
            if (random.nextInt(8) != 0) {
                Sidecar.writeChecksum(file);
            }
        }
        // old backups of a container with too few good ones: the floor decides
        for (int day = 20; day < 23; day++) {
            Path file = sidecar.backupDir.resolve("cache-" + now.minusDays(day).format(STAMP) + ".rdb.gz");
            Files.writeString(file, "old");
            Sidecar.writeChecksum(file);
        }
        Files.writeString(sidecar.backupDir.resolve(".app-2000-01-01T00-00-00.sql.gz.tmp.1"), "running");
        Files.writeString(sidecar.backupDir.resolve("notes.txt"), "mine");
        Path hostCopy = Files.createDirectories(servers.newDirectory("ds-rot").resolve("backups"));
        for (String name : names(sidecar.backupDir)) {
            Files.copy(sidecar.backupDir.resolve(name), hostCopy.resolve(name));
        }

        int before = names(sidecar.backupDir).size();

        Exec.Result script = sidecar.rotate();
        assertThat(script.exitCode()).as(script.toString()).isZero();
        new RotationService(DockstartLog.SILENT).rotate(new BackupDirectory(hostCopy, hostCopy.getParent()),
                new RetentionPolicy(5, 2), Map.of("app", "sql", "cache", "rdb"), now, false);

        Set<String> left = names(sidecar.backupDir);
        assertThat(names(hostCopy)).isEqualTo(left);
        assertThat(left).as("rotation deleted something").hasSizeLessThan(before)
                .contains("notes.txt", ".app-2000-01-01T00-00-00.sql.gz.tmp.1");
        assertThat(left.stream().filter(n -> n.startsWith("legacy-")).count()).as("unconfigured container untouched").isPositive();
    }

    private static TreeSet<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
