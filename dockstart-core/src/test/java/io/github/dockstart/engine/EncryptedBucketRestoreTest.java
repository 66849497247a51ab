package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.MultipartSettings;
import io.github.dockstart.storage.RemoteBackupStore;
import io.github.dockstart.storage.RemoteBackup;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.s3.AgeKeys;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host with dockstart.s3.encryptRecipients and dockstart.ageIdentity: {@code backup} uploads
 * only the age-encrypted copy, {@code restore s3://.../NAME.age} decrypts it in the stream, checks
 * both checksums and restores through the normal checked path into a real PostgreSQL; a wrong or
 * missing identity is one sentence and leaves the database as it was.
 */
class EncryptedBucketRestoreTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final S3ProxyServer s3 = servers.s3();

    @TempDir
    Path root;

    private PostgresDatabase db;
    private String bucket;
    private AgeKeys keys;

    @BeforeEach
    void databaseBucketAndKey() throws IOException {
        db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE notes (id integer PRIMARY KEY, body text);"
                + " INSERT INTO notes SELECT i, 'plaintext-marker ' || i FROM generate_series(1, 2000) AS i;");
        bucket = s3.createBucket("hostenc-" + System.nanoTime() % 100000);
        keys = AgeKeys.generate(Files.createDirectories(root.resolve("keys")));
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(root.resolve("secrets/key-id"), s3.accessKey() + "\n");
        Files.writeString(root.resolve("secrets/secret"), s3.secretKey() + "\n");
    }

    @Test
    void theHostUploadsOnlyTheEncryptedCopyAndRestoresItIntoPostgres() throws Exception {
        BackupEngine engine = engine(bucketSettings().withAgeIdentity(keys.identity()));
        String before = db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;");

        Path local = engine.backup(null).get(0);

        String name = local.getFileName().toString();
        assertThat(s3.filesIn(bucket)).containsExactlyInAnyOrder(name + ".age", name + ".age.sha256", name + ".sha256");
        byte[] object = Files.readAllBytes(s3.objectFile(bucket, name + ".age"));
        assertThat(contains(object, Arrays.copyOf(Files.readAllBytes(local), 32))).as("no plain bytes in the bucket").isFalse();
        assertThat(engine.listRemote()).singleElement().satisfies(b -> {
            assertThat(b.encrypted()).isTrue();
            assertThat(b.good()).isTrue();
            assertThat(b.uri()).isEqualTo("s3://" + bucket + "/" + name + ".age");
        });
        deleteLocalBackups();
        db.sql("DELETE FROM notes WHERE id % 3 = 0; UPDATE notes SET body = 'lost' WHERE id < 100;");

        engine.restore("s3://" + bucket + "/" + name + ".age", null, question -> true);

        assertThat(db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;")).isEqualTo(before);
        assertThat(root.resolve("backups").resolve(name)).as("decrypted and verified, kept plain like any backup").exists();
    }

    @Test
    void aWrongIdentityIsOneSentenceAndTheDatabaseIsUntouched() throws Exception {
        String name = engine(bucketSettings()).backup(null).get(0).getFileName().toString();
        deleteLocalBackups();
        AgeKeys other = AgeKeys.generate(Files.createDirectories(root.resolve("other")));
        db.sql("INSERT INTO notes VALUES (9999, 'written after the backup');");
        String now = db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;");
        BackupEngine wrong = engine(bucketSettings().withAgeIdentity(other.identity()));

        assertThatThrownBy(() -> wrong.restore("s3://" + bucket + "/" + name + ".age", null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Could not decrypt s3://" + bucket + "/" + name + ".age with age: the identity " + other.identity()
                        + " is not one of the keys it was encrypted for; nothing was restored.");
        assertThat(db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;")).isEqualTo(now);
        assertThat(localFiles()).as("no backup and no temporary left behind").isEmpty();
    }

    @Test
    void withoutAnIdentityTheRestoreNamesTheSettingAndTouchesNothing() throws Exception {
        String name = engine(bucketSettings()).backup(null).get(0).getFileName().toString();
        deleteLocalBackups();

        assertThatThrownBy(() -> engine(bucketSettings()).restore("s3://" + bucket + "/" + name + ".age", null, q -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Remote backup s3://" + bucket + "/" + name + ".age is encrypted with age: give the identity"
                        + " file (private key) that decrypts it with -Ddockstart.ageIdentity=FILE.");
        assertThat(db.sql("SELECT count(*) FROM notes;").trim()).isEqualTo("2000");
    }

    @Test
    void aRecipientThatIsNoAgeKeyIsRefusedWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> bucketSettings().withEncryptRecipients(keys.recipient() + ", age1notakey"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.s3.encryptRecipients holds 'age1notakey', which is not an age public key"
                        + " (age1 followed by 58 letters and digits, as age-keygen -y prints).");
    }

    @Test
    void encryptedCopiesRotateLikePlainOnes() throws Exception {
        BackupEngine engine = engine(bucketSettings().withAgeIdentity(keys.identity()));
        Path newest = engine.backup(null).get(0);
        String oldName = "app-" + LocalDateTime.now(ZoneOffset.UTC).minusDays(10).format(STAMP) + ".sql.gz";
        Path old = newest.resolveSibling(oldName);
        Files.copy(newest, old);
        Files.writeString(old.resolveSibling(oldName + ".sha256"),
                Files.readString(newest.resolveSibling(newest.getFileName() + ".sha256")).split(" ")[0] + "  " + oldName + "\n");
        try (RemoteBackupStore store = new RemoteBackupStore(bucketSettings(), BucketCredentials.forProject(bucketSettings(), root),
                new RecordingLog())) {
            store.upload(old);
        }

        List<RemoteBackup> deleted = engine.rotateBucket(new RetentionPolicy(7, 1), false);

        assertThat(deleted).extracting(RemoteBackup::objectName).containsExactly(oldName + ".age");
        String name = newest.getFileName().toString();
        assertThat(s3.filesIn(bucket)).as("the old copy and both its checksums went")
                .containsExactlyInAnyOrder(name + ".age", name + ".age.sha256", name + ".sha256");
    }

    @Test
    void anEncryptedCopyAboveTheThresholdGoesUpInPartsAndRestores() throws Exception {
        db.sql("INSERT INTO notes SELECT i, md5(i::text) || md5((i * 7)::text) FROM generate_series(3000, 80000) AS i;");
        String before = db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;");
        RecordingLog uploadLog = new RecordingLog();
        // the thresholds as dockstart.s3.multipartThresholdMb and .partSizeMb give them
        BackupEngine engine = engine(bucketSettings().withAgeIdentity(keys.identity())
                .withMultipart(MultipartSettings.parse("1", "5")), uploadLog);
        Path local = engine.backup(null).get(0);
        String name = local.getFileName().toString();
        assertThat(Files.size(local)).as("above the 1 MiB threshold").isGreaterThan(1024 * 1024);
        assertThat(uploadLog.lines).anyMatch(l -> l.contains("Uploaded " + name + " in ") && l.contains(" parts of "));
        assertThat(s3.filesIn(bucket)).containsExactlyInAnyOrder(name + ".age", name + ".age.sha256", name + ".sha256");
        deleteLocalBackups();
        db.sql("DELETE FROM notes;");

        engine.restore("s3://" + bucket + "/" + name + ".age", null, question -> true);

        assertThat(db.sql("SELECT count(*), md5(string_agg(body, ',' ORDER BY id)) FROM notes;")).isEqualTo(before);
    }

    @Test
    void listDecryptsAndChecksEncryptedCopiesWithTheIdentityAndWithoutItSaysOnlyTheChecksumsWereSeen() throws Exception {
        BackupEngine withIdentity = engine(bucketSettings().withAgeIdentity(keys.identity()));
        Path local = withIdentity.backup(null).get(0);
        String name = local.getFileName().toString();
        String uri = "s3://" + bucket + "/" + name + ".age";

        assertThat(withIdentity.remoteListings()).singleElement().satisfies(l -> {
            assertThat(l.contentChecked()).isTrue();
            assertThat(l.problem()).isEmpty();
        });
        assertThat(BackupTable.remote(withIdentity.remoteListings(), withIdentity.now()))
                .anyMatch(line -> line.endsWith("yes (encrypted, decrypted and checked) " + uri));
        BackupEngine withoutIdentity = engine(bucketSettings());
        assertThat(withoutIdentity.remoteListings()).singleElement().satisfies(l -> assertThat(l.contentChecked()).isFalse());
        assertThat(BackupTable.remote(withoutIdentity.remoteListings(), withoutIdentity.now()))
                .anyMatch(line -> line.endsWith("checksum only (encrypted) " + uri))
                .contains("1 encrypted copy was checked by their checksum objects only (complete, content not read);"
                        + " -Ddockstart.ageIdentity=FILE decrypts and checks each, downloading it.");

        AgeKeys other = AgeKeys.generate(Files.createDirectories(root.resolve("other")));
        assertThat(engine(bucketSettings().withAgeIdentity(other.identity())).remoteListings()).singleElement()
                .satisfies(l -> assertThat(l.problem()).hasValue("Could not decrypt " + uri + " with age: the identity "
                        + other.identity() + " is not one of the keys it was encrypted for."));

        // the encrypted bytes match their checksum object, but they hold a backup cut short
        Path half = Files.write(root.resolve("half.sql.gz"),
                Arrays.copyOf(Files.readAllBytes(local), (int) Files.size(local) / 2));
        Path object = s3.objectFile(bucket, name + ".age");
        Files.delete(object);
        Exec.of("age", "-r", keys.recipient(), "-o", object.toString(), half.toString()).run().orFail();
        Files.writeString(s3.objectFile(bucket, name + ".age.sha256"), sha256(object) + "  " + name + ".age\n");
        assertThat(withIdentity.remoteListings()).singleElement().satisfies(l -> assertThat(l.problem()).hasValueSatisfying(
                problem -> assertThat(problem).isEqualTo("Backup " + uri + " (decrypted) is truncated: its gzip stream ends early.")));
        assertThat(BackupTable.remote(withIdentity.remoteListings(), withIdentity.now()))
                .anyMatch(line -> line.contains("NO (encrypted) " + uri + ": Backup " + uri + " (decrypted) is truncated"));
        Files.delete(half);
        assertThat(localFiles()).as("nothing decrypted is left behind")
                .containsExactlyInAnyOrder(local, local.resolveSibling(name + ".sha256"));
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private BucketSettings bucketSettings() {
        return new BucketSettings(bucket, "", s3.endpoint(), "", "secrets/key-id", "secrets/secret")
                .withEncryptRecipients(keys.recipient());
    }

    private BackupEngine engine(BucketSettings bucketSettings) {
        return engine(bucketSettings, new RecordingLog());
    }

    private BackupEngine engine(BucketSettings bucketSettings, RecordingLog log) {
        EngineSettings settings = new EngineSettings(root, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null,
                ZoneOffset.UTC, Optional.of(bucketSettings));
        return new BackupEngine(project(root, service("app", DatabaseType.POSTGRES, db.host(), db.port(), db.name(),
                db.user(), db.password())), settings, log);
    }

    private List<Path> localFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("backups"))) {
            return files.filter(f -> !f.getFileName().toString().equals(".gitkeep")).toList();
        }
    }

    private void deleteLocalBackups() throws IOException {
        for (Path file : localFiles()) {
            Files.delete(file);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
