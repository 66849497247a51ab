package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.s3.AgeKeys;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh with BACKUP_ENCRYPT_RECIPIENTS: the bucket gets only the age-encrypted copy and
 * checksums of both forms; the local backup stays plain. A real key pair from age-keygen.
 */
class EncryptedBucketCopiesTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final S3ProxyServer s3 = servers.s3();
    private Sidecar sidecar;
    private String bucket;
    private AgeKeys keys;

    @TempDir
    Path project;

    private PostgresDatabase db;

    @BeforeEach
    void sidecarWithABucketAndAKey() {
        db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE secrets (id serial PRIMARY KEY, body text);"
                + " INSERT INTO secrets (body) VALUES ('plaintext-marker-4711');");
        sidecar = new Sidecar(servers).postgres("app", db);
        for (String tool : new String[] {"curl", "age"}) {
            try {
                Files.createSymbolicLink(sidecar.shell.clients().resolve(tool), Tools.require(tool, tool));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        bucket = s3.createBucket("enc-" + System.nanoTime() % 100000);
        sidecar.env.put("BACKUP_S3_BUCKET", bucket);
        sidecar.env.put("BACKUP_S3_ENDPOINT", s3.endpoint());
        sidecar.env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        keys = AgeKeys.generate(servers.newDirectory("ds-age"));
    }

    @Test
    void theBucketGetsOnlyTheEncryptedCopyWhichDecryptsToTheLocalBackup() throws Exception {
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient());

        Exec.Result run = sidecar.backupOk();

        Path local = sidecar.onlyBackup();
        String name = local.getFileName().toString();
        byte[] plain = Files.readAllBytes(local);
        assertThat(gunzip(local)).as("the local backup stays plain").contains("plaintext-marker-4711");
        assertThat(s3.filesIn(bucket)).containsExactlyInAnyOrder(name + ".age", name + ".age.sha256", name + ".sha256");
        byte[] object = Files.readAllBytes(s3.objectFile(bucket, name + ".age"));
        assertThat(new String(object, 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        assertThat(indexOf(object, java.util.Arrays.copyOf(plain, 32))).as("no plain bytes in the bucket").isNegative();
        Path copy = sidecar.backupDir.resolveSibling("copy.age");
        Files.write(copy, object);
        Exec.Result decrypted = Exec.of("sh", "-c", "age -d -i '" + keys.identity() + "' '" + copy + "' | sha256sum").run().orFail();
        assertThat(decrypted.stdout().split(" ")[0]).isEqualTo(sha256(plain));
        assertThat(Files.readString(s3.objectFile(bucket, name + ".sha256"))).isEqualTo(Files.readString(Path.of(local + ".sha256")));
        assertThat(Files.readString(s3.objectFile(bucket, name + ".age.sha256"))).isEqualTo(sha256(object) + "  " + name + ".age\n");
        assertThat(run.stderr()).contains("encrypted as " + name + ".age");
        try (var left = Files.list(sidecar.backupDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no encrypted temporary left")
                    .containsExactlyInAnyOrder(name, name + ".sha256", ".last-success.app");
        }
    }

    @Test
    void anEncryptedCopyAboveTheThresholdGoesUpInParts() throws Exception {
        db.sql("INSERT INTO secrets (body) SELECT md5(i::text) || md5((i * 7)::text) FROM generate_series(1, 80000) AS i;");
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient());
        sidecar.env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", "1");

        Exec.Result run = sidecar.backupOk();

        Path local = sidecar.onlyBackup();
        String name = local.getFileName().toString();
        assertThat(Files.size(local)).isGreaterThan(1024 * 1024);
        assertThat(run.stderr()).containsPattern("uploaded " + name.replace(".", "\\.") + " in \\d+ parts");
        Exec.Result decrypted = Exec.of("sh", "-c", "age -d -i '" + keys.identity() + "' '" + s3.objectFile(bucket, name + ".age")
                + "' | sha256sum").run().orFail();
        assertThat(decrypted.stdout().split(" ")[0]).isEqualTo(sha256(Files.readAllBytes(local)));
    }

    @Test
    void aRecipientThatIsNoAgeKeyIsRefusedInOneSentenceAndNothingIsUploaded() {
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient() + ",ssh-ed25519-not-a-key");

        Exec.Result run = sidecar.backup();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("BACKUP_ENCRYPT_RECIPIENTS holds 'ssh-ed25519-not-a-key', which is not an age public key");
        assertThat(s3.filesIn(bucket)).isEmpty();
        assertThat(sidecar.backups()).as("the local backup is kept").hasSize(1);
    }

    @Test
    void withoutTheAgeProgramTheUploadFailsNamingItAndNothingPlainIsUploaded() throws IOException {
        Files.delete(sidecar.shell.clients().resolve("age"));
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient());

        Exec.Result run = sidecar.backup();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("age is not installed; it encrypts the bucket copies for BACKUP_ENCRYPT_RECIPIENTS");
        assertThat(s3.filesIn(bucket)).isEmpty();
        assertThat(sidecar.backups()).as("the local backup is kept").hasSize(1);
    }

    @Test
    void recipientsComeFromAFileWithComments() throws IOException {
        AgeKeys second = AgeKeys.generate(servers.newDirectory("ds-age2"));
        Path file = sidecar.backupDir.resolveSibling("recipients.txt");
        Files.writeString(file, "# the ops team\n" + keys.recipient() + "\n" + second.recipient() + " # offline key\n");
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS_FILE", file.toString());

        sidecar.backupOk();

        String name = sidecar.onlyBackup().getFileName().toString();
        Path object = s3.objectFile(bucket, name + ".age");
        for (AgeKeys k : new AgeKeys[] {keys, second}) {
            Exec.Result decrypted = Exec.of("sh", "-c", "age -d -i '" + k.identity() + "' '" + object + "' | gzip -dc").run().orFail();
            assertThat(decrypted.stdout()).contains("plaintext-marker-4711");
        }
    }

    @Test
    void theSidecarsRemoteRotationCountsAndDeletesEncryptedCopies() throws IOException {
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient());
        sidecar.backupOk();
        Path newest = sidecar.onlyBackup();
        String oldName = "app-" + LocalDateTime.now(ZoneOffset.UTC).minusDays(10)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")) + ".sql.gz";
        Path old = sidecar.backupDir.resolve(oldName);
        Files.copy(newest, old);
        Sidecar.writeChecksum(old);
        Exec.Result upload = sidecar.shell.sh(sidecar.env, "set -eu; . '" + sidecar.shell.script("lib.sh") + "'; . '"
                + sidecar.shell.script("s3.sh") + "'; s3_upload '" + old + "'");
        assertThat(upload.exitCode()).as(upload.toString()).isZero();
        Files.delete(old);
        Files.delete(old.resolveSibling(oldName + ".sha256"));
        sidecar.env.put("BACKUP_RETENTION_DAYS", "7");
        sidecar.env.put("BACKUP_KEEP_MIN", "1");

        Exec.Result rotate = sidecar.rotate();

        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        String name = newest.getFileName().toString();
        assertThat(s3.filesIn(bucket)).as("the old encrypted copy and both its checksums went, the newest stays")
                .containsExactlyInAnyOrder(name + ".age", name + ".age.sha256", name + ".sha256");
    }

    @Test
    void whatTheSidecarEncryptedTheHostDecryptsAndRestoresIntoPostgres() throws IOException {
        sidecar.env.put("BACKUP_ENCRYPT_RECIPIENTS", keys.recipient());
        sidecar.backupOk();
        String name = sidecar.onlyBackup().getFileName().toString();
        db.sql("DELETE FROM secrets;");
        Files.createDirectories(project.resolve("secrets"));
        Files.writeString(project.resolve("secrets/key-id"), s3.accessKey());
        Files.writeString(project.resolve("secrets/secret"), s3.secretKey());
        BucketSettings bucketSettings = new BucketSettings(bucket, "", s3.endpoint(), "", "secrets/key-id", "secrets/secret")
                .withAgeIdentity(keys.identity());
        DatabaseService app = new DatabaseService("app", DatabaseType.POSTGRES, DatabaseType.POSTGRES.defaultImage(),
                db.host(), db.port(), db.name(), db.user(), db.password(), null, false, List.of());
        EngineSettings settings = new EngineSettings(project, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE,
                null, ZoneOffset.UTC, Optional.of(bucketSettings));
        BackupEngine host = new BackupEngine(new ProjectModel(project, "demo", "17", List.of(app), null, List.of()), settings,
                DockstartLog.SILENT);

        host.restore("s3://" + bucket + "/" + name + ".age", null, question -> true);

        assertThat(db.sql("SELECT body FROM secrets;").trim()).isEqualTo("plaintext-marker-4711");
        assertThat(project.resolve("backups").resolve(name)).hasSameBinaryContentAs(sidecar.backupDir.resolve(name));
    }

    private static String gunzip(Path file) {
        return Exec.of("gzip", "-dc", file.toString()).run().orFail().stdout();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
