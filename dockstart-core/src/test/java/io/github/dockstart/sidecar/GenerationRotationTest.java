package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.Generations;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grandfather-father-son retention on a hand-written set of backups: the sidecar's rotate.sh (the
 * backup directory, then the bucket by s3_rotate) and the host's rotation (what {@code dockstart:rotate}
 * runs, on a copy of the directory and on another prefix of the same S3Proxy bucket) each keep
 * exactly the backups named below. Retention 0 days, so nothing stays for its age: what stays, a
 * period or the minimum keeps. The stack's zone is UTC+14: a day is the name's day, never UTC's.
 */
class GenerationRotationTest {

    private static final ZoneId ZONE = ZoneId.of("Pacific/Kiritimati");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void everyRotationKeepsTheNewestOfTheLastDaysIsoWeeksAndMonths() throws IOException {
        RetentionPolicy policy = new RetentionPolicy(0, 1, new Generations(3, 2, 3));
        Sidecar sidecar = Sidecar.appAndCache(servers, policy);
        sidecar.env.put("TZ", ZONE.getId());
        List<String> kept = List.of(
                "app-2099-01-01T03-00-00.sql.gz",   // future-dated: kept, counts for no period
                "app-2026-01-02T03-00-00.sql.gz",   // Friday: the minimum, 1st day, 1st week (2026-W01), 1st month
                "app-2026-01-01T23-00-00.sql.gz",   // the newest of Thursday: 2nd day (in UTC the day before, with the one above)
                "app-2025-12-30T03-00-00.sql.gz",   // Tuesday: 3rd day; still week 2026-W01; 2nd month (December)
                "app-2025-12-28T03-00-00.sql.gz",   // Sunday: 2nd week (2025-W52) only if W01 spans the new year
                "app-2025-11-30T03-00-00.sql.gz",   // 3rd month
                "cache-2025-06-01T02-00-00.rdb.gz", // each container by itself: 1st day, week, month of cache
                "cache-2025-05-31T03-00-00.rdb.gz", // 2nd day, 2nd month
                "cache-2025-04-10T03-00-00.rdb.gz", // 3rd day, 3rd month
                "legacy-2020-01-01T00-00-00.sql.gz");  // not a configured container
        List<String> deleted = List.of(
                "app-2026-01-01T03-00-00.sql.gz",   // not the newest of its day
                "app-2025-12-22T03-00-00.sql.gz",   // Monday of 2025-W52, whose newest is the Sunday
                "app-2025-12-21T03-00-00.sql.gz",   // 3rd week, 4th day, December again
                "app-2025-11-02T03-00-00.sql.gz",   // not the newest of November
                "app-2025-10-15T03-00-00.sql.gz",   // 4th month
                "cache-2025-06-01T01-00-00.rdb.gz");
        String incomplete = "app-2025-12-31T03-00-00.sql.gz"; // no checksum: never a period's newest
        for (String name : Stream.concat(kept.stream(), deleted.stream()).toList()) {
            Files.writeString(sidecar.backupDir.resolve(name), name);
            Sidecar.writeChecksum(sidecar.backupDir.resolve(name));
        }
        Files.writeString(sidecar.backupDir.resolve(incomplete), "partial");
        TreeSet<String> expected = new TreeSet<>();
        for (String name : kept) {
            expected.add(name);
            expected.add(name + ".sha256");
        }

        Path project = servers.newDirectory("ds-gfs");
        Path hostCopy = Files.createDirectories(project.resolve("backups"));
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String bucket = s3.createBucket("generations");
            for (String name : BucketRotationParityTest.names(sidecar.backupDir)) {
                Files.copy(sidecar.backupDir.resolve(name), hostCopy.resolve(name));
                for (String prefix : new String[] {"sidecar/", "host/"}) {
                    Path object = s3.objectFile(bucket, prefix + name);
                    Files.createDirectories(object.getParent());
                    Files.copy(sidecar.backupDir.resolve(name), object);
                }
            }

            Exec.Result script = BucketRotationParityTest.rotateWithBucket(s3, sidecar, bucket, "sidecar/");
            assertThat(script.exitCode()).as(script.toString()).isZero();
            assertThat(script.stderr()).contains("rotation of app: deleted 6 backups",
                    "and the newest of the last 3 days, 2 weeks and 3 months that have one");
            BackupEngine host = hostEngine(project, s3, bucket);
            assertThat(host.rotate(policy, false)).as("app's and cache's").hasSize(6 + 1);
            assertThat(host.rotateBucket(policy, false)).hasSize(6 + 1);

            assertThat(BucketRotationParityTest.names(sidecar.backupDir)).as("rotate.sh").isEqualTo(expected);
            assertThat(BucketRotationParityTest.objects(s3, bucket, "sidecar/")).as("s3_rotate").isEqualTo(expected);
            assertThat(BucketRotationParityTest.names(hostCopy)).as("the host's rotation of backups/").isEqualTo(expected);
            assertThat(BucketRotationParityTest.objects(s3, bucket, "host/")).as("the host's rotation of the bucket")
                    .isEqualTo(expected);
        }
    }

    /** The host's engine for a project with the services app (PostgreSQL) and cache (Redis), the bucket's keys in files. */
    private static BackupEngine hostEngine(Path project, S3ProxyServer s3, String bucket) throws IOException {
        Files.createDirectories(project.resolve("secrets"));
        Files.writeString(project.resolve("secrets/key-id"), s3.accessKey() + "\n");
        Files.writeString(project.resolve("secrets/secret"), s3.secretKey() + "\n");
        BucketSettings remote = new BucketSettings(bucket, "host/", s3.endpoint(), "", "secrets/key-id", "secrets/secret");
        List<DatabaseService> services = List.of(
                new DatabaseService("app", DatabaseType.POSTGRES, DatabaseType.POSTGRES.defaultImage(), "localhost", 5432,
                        "app", "app", null, null, false, List.of()),
                new DatabaseService("cache", DatabaseType.REDIS, DatabaseType.REDIS.defaultImage(), "localhost", 6379,
                        null, null, null, null, false, List.of()));
        EngineSettings settings = new EngineSettings(project, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null,
                ZONE, Optional.of(remote));
        return new BackupEngine(new ProjectModel(project, "demo", "17", services, null, List.of()), settings, DockstartLog.SILENT);
    }
}
