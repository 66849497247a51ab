package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.Generations;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.RotationService;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.RemoteBackupStore;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The four copies of rotation agree: the sidecar's {@code rotate.sh} on the backup directory and,
 * with a bucket configured, {@code s3_rotate} on the bucket (both through retention.sh's {@code expired_backups}), the host's
 * {@code RotationService} on the directory and {@code RemoteBackupStore.rotate} on the bucket (both
 * through {@code RetentionPolicy}). Run on copies of one seeded random set of names, under seeded
 * random settings, they leave the same names; a change to any one copy alone fails this test.
 */
class BucketRotationParityTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");
    private static final Map<String, String> EXTENSIONS = Map.of("app", "sql", "cache", "rdb");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void rotateShS3RotateAndTheHostsTwoRotationsLeaveTheSameBackups() throws IOException {
        Random settings = new Random(12);
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            for (int round = 0; round < 4; round++) {
                int days = round == 0 ? 0 : 1 + settings.nextInt(6);
                int keep = round == 0 ? 0 : settings.nextInt(4);
                // from the third round on, grandfather-father-son periods too
                Generations periods = round < 2 ? Generations.NONE
                        : new Generations(settings.nextInt(8), settings.nextInt(8), settings.nextInt(6));
                compare(s3, 300 + round, new RetentionPolicy(days, keep, periods));
            }
        }
    }

    private static void compare(S3ProxyServer s3, long seed, RetentionPolicy policy) throws IOException {
        Sidecar sidecar = Sidecar.appAndCache(servers, policy);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        randomBackups(sidecar.backupDir, new Random(seed), now);

        Path hostCopy = Files.createDirectories(servers.newDirectory("ds-brot").resolve("backups"));
        String bucket = s3.createBucket("rotation-" + seed);
        for (String name : names(sidecar.backupDir)) {
            Files.copy(sidecar.backupDir.resolve(name), hostCopy.resolve(name));
            for (String prefix : new String[] {"sidecar/", "host/"}) {
                Path object = s3.objectFile(bucket, prefix + name);
                Files.createDirectories(object.getParent());
                Files.copy(sidecar.backupDir.resolve(name), object);
            }
        }
        // an object in a "subfolder" of the prefix is nobody's backup
        for (String prefix : new String[] {"sidecar/", "host/"}) {
            Path nested = s3.objectFile(bucket, prefix + "old/app-2001-01-01T00-00-00.sql.gz");
            Files.createDirectories(nested.getParent());
            Files.writeString(nested, "elsewhere");
        }
        TreeSet<String> before = names(sidecar.backupDir);
        String round = "seed " + seed + ", " + policy;

        Exec.Result script = rotateWithBucket(s3, sidecar, bucket, "sidecar/");
        assertThat(script.exitCode()).as(round + ": " + script).isZero();
        new RotationService(DockstartLog.SILENT).rotate(new BackupDirectory(hostCopy, hostCopy.getParent()), policy,
                EXTENSIONS, now, false);
        try (RemoteBackupStore store = new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "host/", s3.endpoint(), ""),
                Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), DockstartLog.SILENT)) {
            store.rotate(policy, EXTENSIONS, now, false);
        }

        TreeSet<String> left = names(sidecar.backupDir);
        assertThat(left).as(round + ": rotation deleted something").hasSizeLessThan(before.size())
                .contains("notes.txt", ".app-2000-01-01T00-00-00.sql.gz.tmp.1");
        List<String> future = before.stream()
                .filter(n -> BackupFileName.parse(n).map(b -> b.isFutureDated(now)).orElse(false)).toList();
        assertThat(left).as(round + ": future-dated backups stay").containsAll(future);
        assertThat(names(hostCopy)).as(round + ": the host's rotation of backups/").isEqualTo(left);
        assertThat(objects(s3, bucket, "sidecar/")).as(round + ": s3_rotate").isEqualTo(withNested(left));
        assertThat(objects(s3, bucket, "host/")).as(round + ": the host's rotation of the bucket").isEqualTo(withNested(left));
    }

    /** The sidecar's rotate.sh with a bucket configured: the backup directory, then the bucket (s3_rotate). */
    static Exec.Result rotateWithBucket(S3ProxyServer s3, Sidecar sidecar, String bucket, String prefix) throws IOException {
        Path curl = sidecar.shell.clients().resolve("curl");
        if (!Files.exists(curl)) {
            // BusyBox has no curl: the sidecar's image installs it, here Debian's stands in
            Files.createSymbolicLink(curl, Tools.require("curl", "curl"));
        }
        sidecar.env.put("BACKUP_S3_BUCKET", bucket);
        sidecar.env.put("BACKUP_S3_PREFIX", prefix);
        sidecar.env.put("BACKUP_S3_ENDPOINT", s3.endpoint());
        sidecar.env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        // a small page size, so that the listing's continuation is part of what is compared
        sidecar.env.put("BACKUP_S3_LIST_PAGE_SIZE", "7");
        return sidecar.rotate();
    }

    /**
     * Backups of two configured containers and one that is not, a third of them spread over ten
     * months (for the periods to keep), the others over ten days, some of another type, some without
     * their checksum, some future-dated, three old good ones of a container for the minimum to keep,
     * and files that are no backups. No name lies on a whole day before {@code now}, where the clocks of the four
     * rotations (read a few seconds apart) could disagree about the cutoff.
     */
    private static void randomBackups(Path dir, Random random, LocalDateTime now) throws IOException {
        for (int i = 0; i < 70; i++) {
            String container = random.nextInt(10) < 6 ? "app" : random.nextBoolean() ? "cache" : "legacy";
            String extension = container.equals("cache") ? "rdb" : random.nextInt(15) == 0 ? "rdb" : "sql";
            int minutes = 1 + random.nextInt((random.nextInt(3) == 0 ? 300 : 10) * 24 * 60);
            if (minutes % (24 * 60) == 0) {
                minutes++;
            }
            LocalDateTime at = now.minusMinutes(minutes);
            if (random.nextInt(8) == 0) {
                // future-dated (a clock that jumped: kept, protects nothing), or just ahead within the tolerance
                at = random.nextBoolean() ? now.plusMinutes(10 + random.nextInt(30 * 24 * 60)) : now.plusSeconds(random.nextInt(120));
            }
            Path file = dir.resolve(container + "-" + at.format(STAMP) + "." + extension + ".gz");
            Files.writeString(file, file.getFileName().toString());
            if (random.nextInt(6) != 0) {
                Sidecar.writeChecksum(file);
            }
        }
        for (int day = 20; day < 23; day++) {
            Path file = dir.resolve("cache-" + now.minusDays(day).minusMinutes(7).format(STAMP) + ".rdb.gz");
            Files.writeString(file, "old");
            Sidecar.writeChecksum(file);
        }
        Files.writeString(dir.resolve(".app-2000-01-01T00-00-00.sql.gz.tmp.1"), "running");
        Files.writeString(dir.resolve("notes.txt"), "mine");
    }

    private static TreeSet<String> withNested(TreeSet<String> names) {
        TreeSet<String> all = new TreeSet<>(names);
        all.add("old/app-2001-01-01T00-00-00.sql.gz");
        return all;
    }

    /** The object keys under a prefix, without it: what the store really holds. */
    static TreeSet<String> objects(S3ProxyServer s3, String bucket, String prefix) {
        return s3.filesIn(bucket).stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static TreeSet<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
