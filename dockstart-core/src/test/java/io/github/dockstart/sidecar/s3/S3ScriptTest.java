package io.github.dockstart.sidecar.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.StoredBackup;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.MultipartSettings;
import io.github.dockstart.storage.RemoteBackup;
import io.github.dockstart.storage.RemoteBackupStore;
import io.github.dockstart.testing.s3.LargeBackups;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.validation.ShellChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** s3.sh under BusyBox with Debian's curl, against a real S3 implementation (S3Proxy) on loopback. */
class S3ScriptTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final S3ProxyServer s3 = servers.s3();

    @TempDir
    Path dir;

    private S3Shell shell;
    private Path backups;
    private String bucket;

    @BeforeEach
    void setUp() throws IOException {
        shell = S3Shell.create(dir.resolve("shell"));
        backups = Files.createDirectories(dir.resolve("backups"));
        bucket = s3.createBucket("sidecar-" + BUCKETS.incrementAndGet());
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BACKUP_S3_BUCKET", bucket);
        env.put("BACKUP_S3_PREFIX", "app/db/");
        env.put("BACKUP_S3_ENDPOINT", s3.endpoint());
        env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        return env;
    }

    /** A backup and its checksum file as backup.sh leaves them. */
    private Path backup(String container, LocalDateTime takenAt, String dump) throws IOException {
        BackupFileName name = new BackupFileName(container, takenAt.truncatedTo(ChronoUnit.SECONDS), "sql");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(dump.getBytes(StandardCharsets.UTF_8));
        }
        Path file = backups.resolve(name.fileName());
        Files.write(file, bytes.toByteArray());
        Files.writeString(backups.resolve(name.checksumFileName()),
                HexFormat.of().formatHex(sha256(bytes.toByteArray())) + "  " + name.fileName() + "\n");
        return file;
    }

    private S3Shell.Result upload(Path file, Map<String, String> env) {
        return shell.run(env, "s3_upload '" + file + "'");
    }

    /** Puts a backup and its checksum straight into the store's directory: set-up without a dozen uploads. */
    private void seed(Path file) throws IOException {
        Files.createDirectories(object("x").getParent());
        Files.copy(file, object(file.getFileName().toString()));
        Files.copy(file.resolveSibling(file.getFileName() + ".sha256"), object(file.getFileName() + ".sha256"));
    }

    private Path object(String name) {
        return s3.objectFile(bucket, "app/db/" + name);
    }

    /**
     * generate and the host goals check the bucket settings once ({@code BucketSettings}); whatever
     * that accepts, s3.sh must accept too, the prefix and region by the very same rule, and an
     * unset region is the same default on both sides.
     */
    @Test
    void everyBucketSettingTheGoalsAcceptS3ShAcceptsAndTheDefaultRegionIsOne() {
        Map<String, List<String>> samples = new LinkedHashMap<>();
        samples.put("BACKUP_S3_PREFIX", List.of("", "demo/", "a/b.c_d-e/", "my app/", "/abs/", "a+b/", "ü/", ".x"));
        samples.put("BACKUP_S3_REGION", List.of("eu-west-1", "EU", "us_east", "auto"));
        samples.put("BACKUP_S3_BUCKET", List.of("team-backups", "a.b_c-1", "Bad_Bucket", "x!y"));
        samples.put("BACKUP_S3_ENDPOINT", List.of("http://127.0.0.1:9000", "https://storage.googleapis.com/", "ftp://x",
                "http://minio_1:9000", "minio:9000"));
        for (Map.Entry<String, List<String>> setting : samples.entrySet()) {
            for (String value : setting.getValue()) {
                Map<String, String> env = env();
                env.put(setting.getKey(), value);
                boolean java = accepted(() -> new BucketSettings(env.get("BACKUP_S3_BUCKET"), env.get("BACKUP_S3_PREFIX"),
                        env.get("BACKUP_S3_ENDPOINT"), env.get("BACKUP_S3_REGION"), null, null));
                S3Shell.Result script = shell.run(env, "_s3_setup");
                String what = setting.getKey() + "='" + value + "': " + script;
                if (java) {
                    assertThat(script.exitCode()).as(what).isZero();
                }
                if (setting.getKey().equals("BACKUP_S3_PREFIX") || setting.getKey().equals("BACKUP_S3_REGION")) {
                    assertThat(script.exitCode() == 0).as(what).isEqualTo(java);
                }
            }
        }
        S3Shell.Result region = shell.run(env(), "_s3_setup; printf '%s' \"$S3_REGION\"");
        assertThat(region.stdout()).isEqualTo(BucketSettings.DEFAULT_REGION)
                .isEqualTo(BucketSettings.fromEnvironment(bucket, "", "", null).region());
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (InvalidInputException | NumberFormatException e) {
            return false;
        }
    }

    // --- multipart uploads ---------------------------------------------------------------

    /** The sidecar's settings with multipart lowered: a backup over 5 MiB goes in parts of 5 MiB. */
    private Map<String, String> inParts() throws IOException {
        Map<String, String> env = env();
        env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", "5");
        env.put("BACKUP_S3_PART_SIZE_MB", "5");
        env.put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        return env;
    }

    /** About 17 MiB: four parts of 5 MiB (the last one 2 MiB) with {@link #inParts()}. */
    private Path largeBackup() throws IOException {
        return LargeBackups.write(backups, new BackupFileName("postgres", LocalDateTime.parse("2026-11-25T03:00:00"), "sql"), 17);
    }

    private RemoteBackupStore hostStore(MultipartSettings multipart) {
        return new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "app/db/", s3.endpoint(), ""),
                Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), multipart, DockstartLog.SILENT);
    }

    /** curl, logging every command line (no secret is on it) to a file first. */
    private Path loggingCurl(String extra) throws IOException {
        Path calls = dir.resolve("curl-calls");
        shell.wrapCurl("printf '%s\\n' \"$*\" >>'" + calls + "'\n" + extra + "\nexec \"$REAL\" \"$@\"");
        return calls;
    }

    private static long uploadParts(Path calls) throws IOException {
        return Files.readAllLines(calls).stream().filter(line -> line.contains("?partNumber=")).count();
    }

    @Test
    void aLargeBackupGoesInSeveralPartsAndTheHostDownloadsItIntact() throws IOException {
        Path file = largeBackup();
        Path calls = loggingCurl("");

        S3Shell.Result result = upload(file, inParts());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("uploaded " + file.getFileName() + " in 4 parts of 5 MiB");
        assertThat(uploadParts(calls)).isEqualTo(4);
        assertThat(object(file.getFileName().toString())).hasSameBinaryContentAs(file);
        assertThat(object(file.getFileName() + ".sha256")).exists();
        assertThat(s3.pendingUploads(bucket)).isEmpty();
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
        try (RemoteBackupStore host = hostStore(MultipartSettings.DEFAULT)) {
            RemoteBackup remote = host.resolve(file.getFileName().toString(), "postgres");
            Path downloaded = host.download(remote, Files.createDirectories(dir.resolve("restored")));
            assertThat(downloaded).hasSameBinaryContentAs(file);
        }
    }

    @Test
    void aBackupAtTheThresholdGoesInOnePut() throws IOException {
        Path file = largeBackup();
        Path calls = loggingCurl("");
        Map<String, String> env = inParts();
        env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", "18");

        S3Shell.Result result = upload(file, env);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(uploadParts(calls)).isZero();
        assertThat(Files.readAllLines(calls)).noneMatch(line -> line.contains("?uploads"));
        assertThat(object(file.getFileName().toString())).hasSameBinaryContentAs(file);
    }

    @Test
    void aPartThatFailsAbortsTheUploadAndLeavesNothingUnderTheKey() throws IOException {
        Path file = largeBackup();
        byte[] before = Files.readAllBytes(file);
        // the second part never gets through: the connection is refused every time
        Path calls = loggingCurl("case \"$*\" in *'?partNumber=2&'*) echo 'curl: (7) Failed to connect' >&2; exit 7 ;; esac");

        S3Shell.Result result = upload(file, inParts());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("ERROR: upload of " + file.getFileName())
                .contains("part 2 of 4").contains("the multipart upload was aborted, the local backup is kept");
        assertThat(uploadParts(calls)).as("part 2 tried twice, parts 3 and 4 never").isEqualTo(3);
        assertThat(Files.readAllLines(calls)).anyMatch(line -> line.contains("-X DELETE") && line.contains("?uploadId="));
        assertThat(s3.pendingUploads(bucket)).as("ListMultipartUploads after the abort").isEmpty();
        assertThat(object(file.getFileName().toString())).doesNotExist();
        assertThat(object(file.getFileName() + ".sha256")).doesNotExist();
        assertThat(s3.filesIn(bucket)).as("no part left in the store").isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.resolveSibling(file.getFileName() + ".sha256")).exists();
        assertThat(dir.resolve("tmp")).as("the scratch part is removed").isEmptyDirectory();
    }

    @Test
    void aPartThatFailsOnceIsSentAgainAndTheUploadCompletes() throws IOException {
        Path file = largeBackup();
        Path once = dir.resolve("failed-once");
        Path calls = loggingCurl("case \"$*\" in *'?partNumber=2&'*) if [ ! -e '" + once + "' ]; then : >'" + once
                + "'; echo 'curl: (56) Connection reset by peer' >&2; exit 56; fi ;; esac");

        S3Shell.Result result = upload(file, inParts());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("part 2 of " + file.getFileName() + " failed").contains("trying it once more");
        assertThat(uploadParts(calls)).isEqualTo(5);
        assertThat(object(file.getFileName().toString())).hasSameBinaryContentAs(file);
        assertThat(s3.pendingUploads(bucket)).isEmpty();
    }

    @Test
    void aRunStoppedDuringTheUploadAbortsItOnItsWayOut() throws IOException {
        Path file = largeBackup();
        // docker stop while part 2 is on its way: TERM to the shell running s3_upload
        Path calls = loggingCurl("case \"$*\" in *'?partNumber=2&'*) kill -TERM \"$UPLOADER\"; exit 56 ;; esac");

        S3Shell.Result result = shell.run(inParts(), "trap 'exit 143' TERM; export UPLOADER=$$; s3_upload '" + file + "'");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
        assertThat(Files.readAllLines(calls)).anyMatch(line -> line.contains("-X DELETE") && line.contains("?uploadId="));
        assertThat(s3.pendingUploads(bucket)).as("ListMultipartUploads after the stop").isEmpty();
        assertThat(object(file.getFileName().toString())).doesNotExist();
        assertThat(file).exists();
    }

    @Test
    void whatTheHostUploadsInPartsTheSidecarListsAsItsOwn() throws IOException {
        Path file = largeBackup();

        try (RemoteBackupStore host = hostStore(new MultipartSettings(5, 5))) {
            host.upload(file);
        }

        assertThat(object(file.getFileName().toString())).hasSameBinaryContentAs(file);
        assertThat(shell.run(env(), "s3_list postgres").stdout().lines())
                .containsExactly(file.getFileName().toString(), file.getFileName() + ".sha256");
        assertThat(s3.pendingUploads(bucket)).isEmpty();
    }

    /** The multipart settings: the same defaults and the same accepted values as the host's MultipartSettings. */
    @Test
    void multipartSettingsAreCheckedAndTheirDefaultsAreTheHosts() {
        S3Shell.Result defaults = shell.run(env(), "_s3_setup; printf '%s %s' \"$S3_MULTIPART_THRESHOLD_MB\" \"$S3_PART_SIZE_MB\"");
        assertThat(defaults.stdout()).isEqualTo(MultipartSettings.DEFAULT.thresholdMb() + " " + MultipartSettings.DEFAULT.partSizeMb())
                .isEqualTo("100 64");
        for (String threshold : List.of("1", "5", "100", "5120", "0", "5121", "-1", "1e3", "99999", "00005", "")) {
            for (String part : List.of("5", "64", "5120", "4", "5121", "x")) {
                Map<String, String> env = env();
                env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", threshold);
                env.put("BACKUP_S3_PART_SIZE_MB", part);
                S3Shell.Result script = shell.run(env, "_s3_setup");
                boolean java = accepted(() -> MultipartSettings.parse(threshold, part));
                assertThat(script.exitCode() == 0).as(threshold + "/" + part + ": " + script).isEqualTo(java);
                if (!java) {
                    assertThat(script.stderr()).containsAnyOf("BACKUP_S3_MULTIPART_THRESHOLD_MB='" + threshold + "'",
                            "BACKUP_S3_PART_SIZE_MB='" + part + "'");
                }
            }
        }
    }

    @Test
    void scriptIsCleanUnderShellcheckAndBusybox() {
        ShellChecks.assertClean(dir.resolve("shell/s3.sh"));
    }

    @Test
    void uploadPutsTheBackupAndThenItsChecksum() throws IOException {
        Path file = backup("postgres", LocalDateTime.parse("2026-11-25T03:00:00"), "CREATE TABLE t (x int);\n".repeat(3000));

        S3Shell.Result result = upload(file, env());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(object(file.getFileName().toString())).hasSameBinaryContentAs(file);
        assertThat(object(file.getFileName() + ".sha256")).hasSameBinaryContentAs(file.resolveSibling(file.getFileName() + ".sha256"));
        assertThat(result.stderr()).contains("uploaded " + file.getFileName() + " to s3://" + bucket + "/app/db/");
    }

    @Test
    void listingFollowsContinuationTokensAndFiltersByContainer() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            Path file = backup("postgres", LocalDateTime.parse("2026-11-0" + day + "T03:00:00"), "day " + day);
            seed(file);
            expected.add(file.getFileName().toString());
            expected.add(file.getFileName() + ".sha256");
        }
        seed(backup("redis", LocalDateTime.parse("2026-11-01T03:00:00"), "r"));
        Map<String, String> env = env();
        env.put("BACKUP_S3_LIST_PAGE_SIZE", "2");

        S3Shell.Result postgres = shell.run(env, "s3_list postgres");
        S3Shell.Result all = shell.run(env, "s3_list");

        assertThat(postgres.exitCode()).as(postgres.toString()).isZero();
        assertThat(postgres.stdout().lines().toList()).isEqualTo(expected.stream().sorted().toList());
        assertThat(all.stdout().lines()).hasSize(8).contains("redis-2026-11-01T03-00-00.sql.gz");
    }

    @Test
    void remoteRotationFollowsTheLocalRulesIncludingTheMinimumKept() throws IOException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<Path> files = new ArrayList<>();
        files.add(backup("postgres", now.minusDays(1), "recent"));
        for (int day = 20; day <= 25; day++) {
            files.add(backup("postgres", now.minusDays(day), "old " + day));
        }
        files.add(backup("redis", now.minusDays(30), "another container"));
        for (Path file : files) {
            seed(file);
        }
        // an old upload that broke off before its checksum: not good, so it goes whatever the minimum
        String incomplete = files.get(2).getFileName().toString();
        Files.delete(object(incomplete + ".sha256"));

        S3Shell.Result result = shell.run(env(), "BACKUP_RETENTION_DAYS=7 BACKUP_KEEP_MIN=3 s3_rotate postgres sql");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<StoredBackup> stored = new ArrayList<>();
        for (Path file : files) {
            BackupFileName name = BackupFileName.parse(file.getFileName().toString()).orElseThrow();
            stored.add(new StoredBackup(file, name, Files.size(file), !name.fileName().equals(incomplete)));
        }
        List<String> doomed = new RetentionPolicy(7, 3).toDelete(stored, Set.of("postgres"), now).stream()
                .map(b -> b.name().fileName()).toList();
        assertThat(doomed).hasSize(4).contains(incomplete);
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertThat(Files.exists(object(name))).as(name).isEqualTo(!doomed.contains(name));
            assertThat(Files.exists(object(name + ".sha256"))).as(name + ".sha256")
                    .isEqualTo(!doomed.contains(name) && !name.equals(incomplete));
        }
        assertThat(result.stderr()).contains("deleted 4 backups");
    }

    @Test
    void aFailedUploadReturnsNonZeroSaysSoAndKeepsTheLocalBackup() throws IOException {
        Path file = backup("postgres", LocalDateTime.parse("2026-11-25T03:00:00"), "precious");
        byte[] before = Files.readAllBytes(file);
        Map<String, String> env = env();
        env.put("AWS_SECRET_ACCESS_KEY", "wrong" + s3.secretKey());

        S3Shell.Result result = upload(file, env);

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("ERROR: upload of " + file.getFileName())
                .contains("credentials were refused").contains("the local backup is kept");
        assertThat(s3.filesIn(bucket)).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.resolveSibling(file.getFileName() + ".sha256")).exists();
    }

    @Test
    void aMissingBucketIsNamed() throws IOException {
        Path file = backup("postgres", LocalDateTime.parse("2026-11-25T03:00:00"), "x");
        Map<String, String> env = env();
        env.put("BACKUP_S3_BUCKET", "no-such-bucket");

        S3Shell.Result result = upload(file, env);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("s3://no-such-bucket/").contains("does not exist");
    }

    @Test
    void credentialsNeverAppearInTheProcessListOrTheLog() throws Exception {
        Path file = backup("postgres", LocalDateTime.parse("2026-11-25T03:00:00"), "x".repeat(200_000));
        Path secretFile = Files.writeString(dir.resolve("aws_secret"), s3.secretKey() + "\n");
        Map<String, String> env = env();
        env.remove("AWS_SECRET_ACCESS_KEY");
        env.put("AWS_SECRET_ACCESS_KEY_FILE", secretFile.toString());
        // every command line on the machine at the moment curl starts, curl's own among them
        Path snapshots = dir.resolve("cmdlines");
        shell.wrapCurl("for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' <\"$f\" 2>/dev/null; echo; done >>'" + snapshots
                + "'\nexec \"$REAL\" --limit-rate 100k \"$@\"");
        List<String> seen = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                seen.add(ps());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        S3Shell.Result result;
        try {
            result = upload(file, env);
        } finally {
            running.set(false);
            watcher.join();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String cmdlines = Files.readString(snapshots);
        assertThat(cmdlines).contains("--aws-sigv4 aws:amz:us-east-1:s3").contains("-K -");
        assertThat(String.join("\n", seen)).contains("--aws-sigv4");
        assertThat(cmdlines + String.join("\n", seen) + result.stdout() + result.stderr())
                .doesNotContain(s3.secretKey());
    }

    private static String ps() {
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("ps is not installed: install Debian package procps", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
