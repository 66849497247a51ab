package io.github.dockstart.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.s3.CuttingProxy;
import io.github.dockstart.testing.s3.LargeBackups;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The remote store against a real S3 implementation (S3Proxy) on loopback. */
class RemoteBackupStoreTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final S3ProxyServer s3 = servers.s3();

    @TempDir
    Path local;

    private String newBucket() {
        return s3.createBucket("backups-" + BUCKETS.incrementAndGet());
    }

    private RemoteBackupStore store(String bucket) {
        return new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "demo/", s3.endpoint(), ""),
                Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), DockstartLog.SILENT);
    }

    /** A backup with its sha256sum-style checksum file, as the sidecar writes them. */
    private Path backup(Path dir, String container, LocalDateTime takenAt, String dump) throws IOException {
        Files.createDirectories(dir);
        BackupFileName name = new BackupFileName(container, takenAt, "sql");
        Path file = dir.resolve(name.fileName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(io.github.dockstart.testing.Dumps.postgres(dump).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, bytes.toByteArray());
        String hex = HexFormat.of().formatHex(sha256(bytes.toByteArray()));
        Files.writeString(dir.resolve(name.checksumFileName()), hex + "  " + name.fileName() + "\n");
        return file;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime at(String time) {
        return LocalDateTime.parse(time);
    }

    @Test
    void uploadPutsTheBackupAndThenItsChecksumUnderThePrefix() throws IOException {
        String bucket = newBucket();
        Path file = backup(local, "postgres", at("2026-11-25T03:00:00"), "CREATE TABLE t (x int);\n".repeat(5000));

        try (RemoteBackupStore store = store(bucket)) {
            RemoteBackup uploaded = store.upload(file);

            assertThat(uploaded.uri()).isEqualTo("s3://" + bucket + "/demo/postgres-2026-11-25T03-00-00.sql.gz");
            assertThat(s3.objectFile(bucket, "demo/postgres-2026-11-25T03-00-00.sql.gz")).hasSameBinaryContentAs(file);
            assertThat(s3.objectFile(bucket, "demo/postgres-2026-11-25T03-00-00.sql.gz.sha256"))
                    .hasSameBinaryContentAs(file.resolveSibling(file.getFileName() + ".sha256"));
        }
    }

    @Test
    void uploadRefusesABackupThatDoesNotVerify() throws IOException {
        String bucket = newBucket();
        Path file = backup(local, "postgres", at("2026-11-25T03:00:00"), "x".repeat(100_000));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);

        try (RemoteBackupStore store = store(bucket)) {
            assertThatThrownBy(() -> store.upload(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("not uploaded");
        }
        assertThat(s3.filesIn(bucket)).isEmpty();
    }

    @Test
    void listsRemoteBackupsNewestFirstAndMarksThoseWithoutChecksum() throws IOException {
        String bucket = newBucket();
        try (RemoteBackupStore store = store(bucket)) {
            store.upload(backup(local, "postgres", at("2026-11-24T03:00:00"), "one"));
            store.upload(backup(local, "redis", at("2026-11-25T03:00:00"), "two"));
            store.upload(backup(local, "postgres", at("2026-11-25T03:00:00"), "three"));
            // an upload that stopped between the backup and its checksum, and objects that are no backups
            Files.delete(s3.objectFile(bucket, "demo/postgres-2026-11-24T03-00-00.sql.gz.sha256"));
            Files.writeString(s3.objectFile(bucket, "demo/notes.txt"), "not a backup");
            Files.createDirectories(s3.objectFile(bucket, "other"));
            Files.writeString(s3.objectFile(bucket, "other/postgres-2026-11-25T04-00-00.sql.gz"), "another prefix");

            List<RemoteBackup> listed = store.list();

            assertThat(listed).extracting(b -> b.name().fileName()).containsExactly(
                    "postgres-2026-11-25T03-00-00.sql.gz", "redis-2026-11-25T03-00-00.sql.gz",
                    "postgres-2026-11-24T03-00-00.sql.gz");
            assertThat(listed).extracting(RemoteBackup::good).containsExactly(true, true, false);
            assertThat(listed.get(0).size()).isEqualTo(Files.size(local.resolve("postgres-2026-11-25T03-00-00.sql.gz")));
            assertThat(store.listOf("redis")).hasSize(1);
        }
    }

    @Test
    void remoteRotationFollowsTheLocalRulesAndKeepsTheMinimum() throws IOException {
        String bucket = newBucket();
        try (RemoteBackupStore store = store(bucket)) {
            for (int day = 1; day <= 5; day++) {
                store.upload(backup(local, "postgres", at("2026-10-0" + day + "T03:00:00"), "day " + day));
            }
            store.upload(backup(local, "postgres", at("2026-10-06T03:00:00"), "no checksum"));
            Files.delete(s3.objectFile(bucket, "demo/postgres-2026-10-06T03-00-00.sql.gz.sha256"));
            store.upload(backup(local, "redis", at("2026-10-01T03:00:00"), "not configured"));
            LocalDateTime now = at("2026-11-25T12:00:00");
            RetentionPolicy policy = new RetentionPolicy(7, 3);

            List<RemoteBackup> planned = store.rotate(policy, Map.of("postgres", "sql"), now, true);
            assertThat(store.list()).hasSize(7);

            List<RemoteBackup> deleted = store.rotate(policy, Map.of("postgres", "sql"), now, false);

            // the three newest good ones stay although old; the old one without checksum goes
            assertThat(deleted).extracting(b -> b.name().fileName()).containsExactly(
                    "postgres-2026-10-01T03-00-00.sql.gz", "postgres-2026-10-02T03-00-00.sql.gz",
                    "postgres-2026-10-06T03-00-00.sql.gz");
            assertThat(planned).isEqualTo(deleted);
            assertThat(store.list()).extracting(b -> b.name().fileName()).containsExactly(
                    "postgres-2026-10-05T03-00-00.sql.gz",
                    "postgres-2026-10-04T03-00-00.sql.gz", "postgres-2026-10-03T03-00-00.sql.gz",
                    "redis-2026-10-01T03-00-00.sql.gz");
            assertThat(s3.objectFile(bucket, "demo/postgres-2026-10-01T03-00-00.sql.gz.sha256")).doesNotExist();
        }
    }

    @Test
    void rotationDeletesAnOldBackupWithoutChecksumEvenBelowTheMinimum() throws IOException {
        String bucket = newBucket();
        try (RemoteBackupStore store = store(bucket)) {
            store.upload(backup(local, "postgres", at("2026-10-01T03:00:00"), "old, incomplete"));
            Files.delete(s3.objectFile(bucket, "demo/postgres-2026-10-01T03-00-00.sql.gz.sha256"));
            store.upload(backup(local, "postgres", at("2026-10-02T03:00:00"), "old, good"));

            store.rotate(new RetentionPolicy(7, 3), Map.of("postgres", "sql"), at("2026-11-25T12:00:00"), false);

            assertThat(store.list()).extracting(b -> b.name().fileName())
                    .containsExactly("postgres-2026-10-02T03-00-00.sql.gz");
        }
    }

    @Test
    void downloadStreamsVerifiesAndMovesTheBackupIntoPlace() throws IOException {
        String bucket = newBucket();
        Path source = backup(local.resolve("machine-a"), "postgres", at("2026-11-25T03:00:00"), "INSERT 1;\n".repeat(20_000));
        Path backups = local.resolve("machine-b/backups");
        try (RemoteBackupStore store = store(bucket)) {
            store.upload(source);

            RemoteBackup remote = store.resolve("s3://" + bucket + "/demo/postgres-2026-11-25T03-00-00.sql.gz", "postgres");
            Path downloaded = store.download(remote, backups);

            assertThat(downloaded).isEqualTo(backups.resolve("postgres-2026-11-25T03-00-00.sql.gz"))
                    .hasSameBinaryContentAs(source);
            assertThat(new BackupVerifier().verify(downloaded).good()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(downloaded))).isEqualTo("rw-------");
            try (var files = Files.list(backups)) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                        "postgres-2026-11-25T03-00-00.sql.gz", "postgres-2026-11-25T03-00-00.sql.gz.sha256");
            }
            assertThat(store.resolve("postgres-2026-11-25T03-00-00.sql.gz", "postgres")).isEqualTo(remote);
            assertThat(store.resolve("latest", "postgres")).isEqualTo(remote);
        }
    }

    @Test
    void downloadRefusesARemoteBackupThatDoesNotMatchItsChecksum() throws IOException {
        String bucket = newBucket();
        Path backups = local.resolve("backups");
        try (RemoteBackupStore store = store(bucket)) {
            store.upload(backup(local.resolve("a"), "postgres", at("2026-11-25T03:00:00"), "x".repeat(50_000)));
            Path object = s3.objectFile(bucket, "demo/postgres-2026-11-25T03-00-00.sql.gz");
            byte[] bytes = Files.readAllBytes(object);
            Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            RemoteBackup remote = store.resolve("latest", "postgres");

            assertThatThrownBy(() -> store.download(remote, backups)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(remote.uri());
            try (var files = Files.list(backups)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void anUnknownRemoteNameIsOneSentenceNamingIt() {
        String bucket = newBucket();
        try (RemoteBackupStore store = store(bucket)) {
            assertThatThrownBy(() -> store.resolve("postgres-2026-01-01T00-00-00.sql.gz", "postgres"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("postgres-2026-01-01T00-00-00.sql.gz");
            assertThatThrownBy(() -> store.resolve("s3://another-bucket/demo/x.sql.gz", "postgres"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("another-bucket");
        }
    }

    @Test
    void wrongCredentialsAreOneSentenceWithoutTheSecret() throws IOException {
        String bucket = newBucket();
        Path file = backup(local, "postgres", at("2026-11-25T03:00:00"), "x");
        String wrongSecret = "wrong/" + s3.secretKey();
        try (RemoteBackupStore store = new RemoteBackupStore(
                BucketSettings.fromEnvironment(bucket, "demo/", s3.endpoint(), ""),
                Optional.of(new BucketCredentials(s3.accessKey(), wrongSecret)), DockstartLog.SILENT)) {
            assertThatThrownBy(() -> store.upload(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(bucket).hasMessageContaining(s3.endpoint())
                    .hasMessageContaining("refused the credentials")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongSecret).doesNotContain(s3.secretKey()));
            assertThatThrownBy(store::list).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("refused the credentials");
        }
        assertThat(s3.filesIn(bucket)).isEmpty();
    }

    @Test
    void aMissingBucketIsNamed() throws IOException {
        Path file = backup(local, "postgres", at("2026-11-25T03:00:00"), "x");
        try (RemoteBackupStore store = store("no-such-bucket")) {
            assertThatThrownBy(() -> store.upload(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no-such-bucket").hasMessageContaining("does not exist");
            assertThatThrownBy(store::list).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no-such-bucket").hasMessageContaining("does not exist");
        }
    }

    @Test
    void anUnreachableEndpointIsNamed() throws IOException {
        String endpoint;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            endpoint = "http://127.0.0.1:" + socket.getLocalPort();
        }
        try (RemoteBackupStore store = new RemoteBackupStore(
                BucketSettings.fromEnvironment("some-bucket", "", endpoint, ""),
                Optional.of(new BucketCredentials("AKID", "secret")), DockstartLog.SILENT)) {
            assertThatThrownBy(store::list).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("some-bucket").hasMessageContaining(endpoint);
        }
    }

    @Test
    void anInterruptedUploadLeavesNoObjectUnderTheFinalKey() throws IOException {
        String bucket = newBucket();
        Path file = backup(local, "postgres", at("2026-11-25T03:00:00"), randomText(2_000_000));
        long half = Files.size(file) / 2;
        BackupFileName name = BackupFileName.parse(file.getFileName().toString()).orElseThrow();

        try (RemoteBackupStore store = store(bucket)) {
            assertThatThrownBy(() -> store.upload(name, file, () -> new BreaksOffAfter(open(file), half)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(bucket);

            assertThat(s3.objectFile(bucket, "demo/postgres-2026-11-25T03-00-00.sql.gz")).doesNotExist();
            assertThat(s3.objectFile(bucket, "demo/postgres-2026-11-25T03-00-00.sql.gz.sha256")).doesNotExist();
            assertThat(store.list()).isEmpty();
        }
    }

    private RemoteBackupStore storeInParts(String bucket, DockstartLog log) {
        return new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "demo/", s3.endpoint(), ""),
                Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), new MultipartSettings(5, 5), log);
    }

    @Test
    void aLargeBackupGoesUpInPartsAndComesBackIntact() throws IOException {
        String bucket = newBucket();
        Path file = LargeBackups.write(local, new BackupFileName("postgres", at("2026-11-25T03:00:00"), "sql"), 17);
        RecordingLog log = new RecordingLog();

        try (RemoteBackupStore store = storeInParts(bucket, log)) {
            store.upload(file);

            assertThat(log.at("INFO")).contains("Uploaded " + file.getFileName() + " in 4 parts of 5242880 bytes");
            assertThat(s3.objectFile(bucket, "demo/" + file.getFileName())).hasSameBinaryContentAs(file);
            assertThat(s3.pendingUploads(bucket)).isEmpty();
            Path back = store.download(store.resolve(file.getFileName().toString(), "postgres"), local.resolve("back"));
            assertThat(back).hasSameBinaryContentAs(file);
        }
    }

    @Test
    void aPartThatFailsAbortsTheUploadAndLeavesNothingUnderTheKey() throws IOException {
        String bucket = newBucket();
        Path file = LargeBackups.write(local, new BackupFileName("postgres", at("2026-11-25T03:00:00"), "sql"), 17);
        byte[] before = Files.readAllBytes(file);
        RecordingLog log = new RecordingLog();
        // the network drops the second UploadPart every time (the SDK's retries included)
        try (CuttingProxy network = new CuttingProxy(s3.port(), line -> line.contains("partNumber=2&"));
             RemoteBackupStore store = new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "demo/", network.endpoint(), ""),
                     Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), new MultipartSettings(5, 5), log)) {

            assertThatThrownBy(() -> store.upload(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("upload part 2 of 4").hasMessageContaining(bucket);

            assertThat(network.cuts()).as("part 2 was tried").isPositive();
            assertThat(s3.pendingUploads(bucket)).as("ListMultipartUploads after the abort").isEmpty();
            assertThat(s3.filesIn(bucket)).as("no object, no checksum, no part").isEmpty();
            assertThat(store.list()).isEmpty();
            assertThat(log.lines).noneMatch(line -> line.startsWith("WARN"));
        }
        assertThat(Files.readAllBytes(file)).as("the local backup is kept").isEqualTo(before);
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(42);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** A stream that fails half way, like a disk error or a killed process during the upload. */
    private static final class BreaksOffAfter extends FilterInputStream {
        private long left;

        BreaksOffAfter(InputStream in, long bytes) {
            super(in);
            this.left = bytes;
        }

        @Override
        public int read() throws IOException {
            if (left-- <= 0) {
                throw new IOException("the stream broke off");
            }
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException("the stream broke off");
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
