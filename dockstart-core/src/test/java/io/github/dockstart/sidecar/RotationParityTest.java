package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.Generations;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.RotationService;
import io.github.dockstart.backup.SafetyRetention;
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
        // safety copies: the newest BACKUP_SAFETY_KEEP of each configured container stay, whatever their age
        sidecar.env.put("BACKUP_SAFETY_KEEP", "2");
        Path safety = Files.createDirectories(sidecar.backupDir.resolve("safety"));
        for (int i = 0; i < 40; i++) {
            String container = List.of("app", "cache", "legacy").get(random.nextInt(3));
            String extension = container.equals("cache") ? "rdb" : random.nextInt(10) == 0 ? "rdb" : "sql";
            String name = container + "-" + now.minusMinutes(random.nextInt(30 * 24 * 60)).format(STAMP) + "." + extension + ".gz";
            Files.writeString(safety.resolve(name), name);
            Sidecar.writeChecksum(safety.resolve(name));
        }
        Files.writeString(safety.resolve("notes.txt"), "mine");
        Files.writeString(sidecar.backupDir.resolve(".app-2000-01-01T00-00-00.sql.gz.tmp.1"), "running");
        Files.writeString(sidecar.backupDir.resolve("notes.txt"), "mine");
        Path hostCopy = Files.createDirectories(servers.newDirectory("ds-rot").resolve("backups"));
        for (String name : names(sidecar.backupDir)) {
            if (Files.isRegularFile(sidecar.backupDir.resolve(name))) {
                Files.copy(sidecar.backupDir.resolve(name), hostCopy.resolve(name));
            }
        }
        Files.createDirectories(hostCopy.resolve("safety"));
        for (String name : names(safety)) {
            Files.copy(safety.resolve(name), hostCopy.resolve("safety").resolve(name));
        }

        int before = names(sidecar.backupDir).size();
        int safetyBefore = names(safety).size();

        Exec.Result script = sidecar.rotate();
        assertThat(script.exitCode()).as(script.toString()).isZero();
        RotationService host = new RotationService(DockstartLog.SILENT);
        BackupDirectory hostDirectory = new BackupDirectory(hostCopy, hostCopy.getParent());
        host.rotate(hostDirectory, new RetentionPolicy(5, 2), Map.of("app", "sql", "cache", "rdb"), now, false);
        host.rotateSafetyCopies(hostDirectory, new SafetyRetention(2), Map.of("app", "sql", "cache", "rdb"), false);

        Set<String> left = names(sidecar.backupDir);
        assertThat(names(hostCopy)).isEqualTo(left);
        assertThat(left).as("rotation deleted something").hasSizeLessThan(before)
                .contains("notes.txt", ".app-2000-01-01T00-00-00.sql.gz.tmp.1");
        assertThat(left.stream().filter(n -> n.startsWith("legacy-")).count()).as("unconfigured container untouched").isPositive();
        Set<String> safetyLeft = names(safety);
        assertThat(names(hostCopy.resolve("safety"))).isEqualTo(safetyLeft);
        assertThat(safetyLeft).as("safety rotation deleted something").hasSizeLessThan(safetyBefore).contains("notes.txt");
        assertThat(safetyLeft.stream().filter(n -> n.startsWith("app-") && n.endsWith(".sql.gz")).count()).isEqualTo(2);
        assertThat(safetyLeft.stream().filter(n -> n.startsWith("legacy-")).count()).as("unconfigured container untouched").isPositive();
    }

    /**
     * Seeded random settings, each with future-dated backups (a clock that jumped), backups just
     * ahead within the tolerance, directories named like backups, and retention 0 with keep-min 0,
     * which must still leave the newest good backup of each container.
     */
    @Test
    void theyAgreeOnFutureDatedBackupsDirectoriesAndAZeroFloor() throws IOException {
        Random settings = new Random(7);
        for (int round = 0; round < 8; round++) {
            int days = round < 2 ? 0 : settings.nextInt(6);
            int keep = round < 2 ? 0 : settings.nextInt(4);
            compare(1000 + round, new RetentionPolicy(days, keep), 60, 14, true);
        }
    }

    /**
     * Seeded random grandfather-father-son settings (the newest good backup of each of the last so
     * many days, ISO weeks and months), over backups spanning fourteen months, half of them in the
     * last two weeks (several a day), with future-dated ones in half of the rounds.
     */
    @Test
    void theyAgreeOnTheNewestOfEachDayWeekAndMonth() throws IOException {
        Random settings = new Random(11);
        for (int round = 0; round < 6; round++) {
            Generations periods = new Generations(settings.nextInt(15), settings.nextInt(12), settings.nextInt(10));
            // at least a day: with 0 days, a name just ahead of now would lie on the cutoff, which the two clocks,
            // read seconds apart, can see on either side
            RetentionPolicy policy = new RetentionPolicy(1 + settings.nextInt(3), settings.nextInt(3), periods);
            compare(2000 + round, policy, 300, 430, round % 2 == 0);
        }
    }

    /**
     * Runs rotate.sh and the host's rotation on copies of one random directory of {@code count}
     * backups, half of them within the last 14 days and half within {@code spanDays}; returns what both left.
     */
    private static Set<String> compare(long seed, RetentionPolicy policy, int count, int spanDays, boolean clockTrouble)
            throws IOException {
        int keep = policy.keepMin();
        Sidecar sidecar = Sidecar.appAndCache(servers, policy);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            String container = random.nextInt(10) < 6 ? "app" : random.nextBoolean() ? "cache" : "legacy";
            String extension = container.equals("cache") ? "rdb" : random.nextInt(20) == 0 ? "rdb" : "sql";
            int minutes = 10 + random.nextInt((random.nextBoolean() ? 14 : spanDays) * 24 * 60);
            if (minutes % (24 * 60) == 0) {
                minutes++; // not on a whole day before now, where the cutoff of one clock or the other lies
            }
            LocalDateTime at = now.minusMinutes(minutes);
            if (clockTrouble && random.nextInt(5) == 0) {
                // ahead by more than the tolerance (a clock that jumped), or by less (two writers in one second)
                at = random.nextBoolean() ? now.plusMinutes(10 + random.nextInt(30 * 24 * 60)) : now.plusSeconds(random.nextInt(120));
            }
            String name = container + "-" + at.format(STAMP) + "." + extension + ".gz";
            Path file = sidecar.backupDir.resolve(name);
            if (clockTrouble && random.nextInt(25) == 0) {
                Files.createDirectories(file); // a directory named like a backup is nobody's backup
                continue;
            }
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
            if (Files.isDirectory(sidecar.backupDir.resolve(name))) {
                Files.createDirectories(hostCopy.resolve(name));
            } else {
                Files.copy(sidecar.backupDir.resolve(name), hostCopy.resolve(name));
            }
        }

        int before = names(sidecar.backupDir).size();
        List<String> future = futureDated(sidecar.backupDir, now);

        Exec.Result script = sidecar.rotate();
        String settings = "seed " + seed + ", " + policy + ": " + script;
        assertThat(script.exitCode()).as(settings).isZero();
        new RotationService(DockstartLog.SILENT).rotate(new BackupDirectory(hostCopy, hostCopy.getParent()),
                policy, Map.of("app", "sql", "cache", "rdb"), now, false);

        Set<String> left = names(sidecar.backupDir);
        assertThat(names(hostCopy)).as(settings).isEqualTo(left);
        assertThat(left).as("rotation deleted something; " + settings).hasSizeLessThan(before)
                .contains("notes.txt", ".app-2000-01-01T00-00-00.sql.gz.tmp.1");
        for (String container : List.of("app", "cache")) {
            String ext = container.equals("app") ? ".sql.gz" : ".rdb.gz";
            java.util.function.Predicate<String> good = n -> n.startsWith(container + "-") && n.endsWith(ext)
                    && Files.isRegularFile(sidecar.backupDir.resolve(n + ".sha256"))
                    && !Files.isDirectory(sidecar.backupDir.resolve(n))
                    && !io.github.dockstart.backup.BackupFileName.parse(n).orElseThrow().isFutureDated(now);
            assertThat(left.stream().filter(good).count()).as("the newest good backup of " + container + " stays; " + settings)
                    .isGreaterThanOrEqualTo(Math.max(1, Math.min(keep, 1)));
        }
        if (clockTrouble) {
            assertThat(left).as("future-dated backups are never deleted; " + settings)
                    .containsAll(future);
            assertThat(future).isNotEmpty();
        }
        return left;
    }

    private static List<String> futureDated(Path dir, LocalDateTime now) {
        return names(dir).stream()
                .filter(n -> io.github.dockstart.backup.BackupFileName.parse(n).map(b -> b.isFutureDated(now)).orElse(false))
                .toList();
    }

    private static TreeSet<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
