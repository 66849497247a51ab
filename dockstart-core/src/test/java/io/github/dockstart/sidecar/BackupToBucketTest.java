package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.RemoteBackup;
import io.github.dockstart.storage.RemoteBackupStore;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh with a bucket configured: the verified backup is copied there, or the run fails and the
 * local one stays. The host goals work on the same bucket: what the sidecar's s3.sh uploaded, the
 * host lists, restores and rotates; what the host's {@code backup} uploads, s3.sh lists like its own.
 */
class BackupToBucketTest {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final S3ProxyServer s3 = servers.s3();
    private Sidecar sidecar;
    private String bucket;

    @TempDir
    Path project;

    private Path database;

    @BeforeEach
    void sidecarWithABucket() throws IOException {
        sidecar = new Sidecar(servers);
        database = servers.newDirectory("ds-s3db").resolve("notes.db");
        Sqlite.sql(database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('grüße');");
        sidecar.add("notes", Sidecar.sqliteSettings(database));
        // BusyBox has no curl: the sidecar's image installs it, here Debian's stands in
        Files.createSymbolicLink(sidecar.shell.clients().resolve("curl"), Tools.require("curl", "curl"));
        bucket = s3.createBucket("backups-" + System.nanoTime() % 100000);
        sidecar.env.put("BACKUP_S3_BUCKET", bucket);
        sidecar.env.put("BACKUP_S3_PREFIX", "demo/");
        sidecar.env.put("BACKUP_S3_ENDPOINT", s3.endpoint());
        sidecar.env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
    }

    private List<RemoteBackup> remote() {
        try (RemoteBackupStore store = new RemoteBackupStore(
                BucketSettings.fromEnvironment(bucket, "demo/", s3.endpoint(), null),
                Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), DockstartLog.SILENT)) {
            return store.list();
        }
    }

    @Test
    void aVerifiedBackupIsCopiedWithItsChecksum() {
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());

        Exec.Result run = sidecar.backupOk();

        Path local = sidecar.backups().get(0);
        assertThat(remote()).singleElement().satisfies(b -> {
            assertThat(b.name().fileName()).isEqualTo(local.getFileName().toString());
            assertThat(b.good()).isTrue();
            assertThat(b.size()).isEqualTo(local.toFile().length());
        });
        assertThat(run.toString()).doesNotContain(s3.secretKey());
    }

    @Test
    void aFailedUploadFailsTheRunAndKeepsTheLocalBackup() {
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");

        Exec.Result run = sidecar.backup();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.toString()).contains("remote copy of notes-").contains("failed; the local backup is kept");
        assertThat(sidecar.backups()).singleElement().satisfies(local -> assertThat(new BackupVerifier().verify(local).good()).isTrue());
        assertThat(sidecar.backupDir.resolve(".last-success.notes")).as("the healthcheck must not count this run").doesNotExist();
        assertThat(remote()).isEmpty();
    }

    @Test
    void whatTheSidecarUploadedTheHostListsRestoresAndRotates() throws IOException {
        sidecar.env.put("BACKUP_S3_PREFIX", "demo/");
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        sidecar.backupOk();
        Path newestFile = sidecar.onlyBackup();
        String newest = newestFile.getFileName().toString();
        // three older ones, uploaded by s3.sh's own s3_upload as the sidecar did on earlier days
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<String> old = new ArrayList<>();
        for (int day = 10; day < 13; day++) {
            String name = "notes-" + now.minusDays(day).format(STAMP) + ".db.gz";
            Files.copy(newestFile, sidecar.backupDir.resolve(name));
            Sidecar.writeChecksum(sidecar.backupDir.resolve(name));
            Exec.Result upload = s3Sh("s3_upload '" + sidecar.backupDir.resolve(name) + "'");
            assertThat(upload.exitCode()).as(upload.toString()).isZero();
            old.add(name);
        }
        String before = Sqlite.sql(database, "SELECT group_concat(body) FROM notes;");
        Sqlite.sql(database, "DELETE FROM notes;");
        BackupEngine host = hostEngine(s3.secretKey());

        assertThat(host.listRemote()).extracting(b -> b.name().fileName() + (b.good() ? " good" : " incomplete"))
                .containsExactlyInAnyOrder(newest + " good", old.get(0) + " good", old.get(1) + " good", old.get(2) + " good");
        host.restore("s3://" + bucket + "/demo/" + newest, null, question -> true);
        assertThat(Sqlite.sql(database, "SELECT group_concat(body) FROM notes;")).isEqualTo(before);
        assertThat(project.resolve("backups").resolve(newest)).as("downloaded and verified before the restore").exists();

        sidecar.env.put("BACKUP_RETENTION_DAYS", "7");
        sidecar.env.put("BACKUP_KEEP_MIN", "1");
        Exec.Result dryRun = sidecar.rotate("--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        for (String name : old) {
            assertThat(dryRun.stderr()).contains("would delete s3://" + bucket + "/demo/" + name);
        }
        assertThat(host.rotateBucket(new RetentionPolicy(7, 1), true)).as("the host's dry run")
                .extracting(b -> b.name().fileName()).containsExactlyInAnyOrderElementsOf(old);
        assertThat(host.listRemote()).as("dry runs delete nothing").hasSize(4);

        List<RemoteBackup> deleted = host.rotateBucket(new RetentionPolicy(7, 1), false);

        assertThat(deleted).extracting(b -> b.name().fileName()).containsExactlyInAnyOrderElementsOf(old);
        assertThat(s3Sh("s3_list notes").stdout().lines()).as("what the sidecar sees now")
                .containsExactly(newest, newest + ".sha256");
    }

    @Test
    void theHostsBackupGoesToTheBucketAsTheSidecarsDoes() throws IOException {
        List<Path> written = hostEngine(s3.secretKey()).backup(null);

        String name = written.get(0).getFileName().toString();
        assertThat(s3Sh("s3_list notes").stdout().lines()).as("s3.sh lists it like its own upload")
                .containsExactly(name, name + ".sha256");
        assertThat(remote()).singleElement().satisfies(b -> assertThat(b.good()).isTrue());
    }

    @Test
    void aFailedUploadOfTheHostKeepsTheLocalBackupAndNamesIt() throws IOException {
        BackupEngine host = hostEngine("not-the-secret");

        assertThatThrownBy(() -> host.backup(null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("failed for notes-").hasMessageContaining("the local backups are kept")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret"));
        assertThat(Files.list(project.resolve("backups")).filter(f -> f.toString().endsWith(".db.gz")).toList())
                .singleElement().satisfies(local -> assertThat(new BackupVerifier().verify(local).good()).isTrue());
        assertThat(remote()).isEmpty();
    }

    /** About 17 MiB of random bytes in the database: a backup gzip cannot shrink below four parts of 5 MiB. */
    private void growDatabase() {
        Sqlite.sql(database, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 17)"
                + " INSERT INTO notes (body) SELECT randomblob(1048576) FROM n;");
        sidecar.env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", "5");
        sidecar.env.put("BACKUP_S3_PART_SIZE_MB", "5");
    }

    @Test
    void aLargeBackupGoesUpInPartsAndTheHostRestoresIt() throws IOException {
        growDatabase();
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());

        Exec.Result run = sidecar.backupOk();

        Path local = sidecar.onlyBackup();
        assertThat(run.stderr()).containsPattern("uploaded " + local.getFileName() + " in [45] parts of 5 MiB");
        assertThat(s3.objectFile(bucket, "demo/" + local.getFileName())).hasSameBinaryContentAs(local);
        assertThat(s3.pendingUploads(bucket)).isEmpty();
        String before = Sqlite.sql(database, "SELECT count(*) || ':' || sum(length(body)) FROM notes;");
        Sqlite.sql(database, "DELETE FROM notes;");
        hostEngine(s3.secretKey()).restore("s3://" + bucket + "/demo/" + local.getFileName(), null, question -> true);
        assertThat(Sqlite.sql(database, "SELECT count(*) || ':' || sum(length(body)) FROM notes;")).isEqualTo(before);
    }

    @Test
    void aPartThatFailsFailsTheRunAbortsTheUploadAndKeepsTheLocalBackup() throws IOException {
        growDatabase();
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        // the network refuses the second part every time; every other request reaches the store
        Path curl = sidecar.shell.clients().resolve("curl");
        Files.delete(curl);
        Files.writeString(curl, "#!" + sidecar.shell.busybox() + " sh\ncase \"$*\" in *'?partNumber=2&'*)"
                + " echo 'curl: (7) Failed to connect' >&2; exit 7 ;; esac\nexec '" + Tools.require("curl", "curl") + "' \"$@\"\n");
        curl.toFile().setExecutable(true);

        Exec.Result run = sidecar.backup();

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.stderr()).contains("part 2 of").contains("the multipart upload was aborted, the local backup is kept")
                .contains("failed; the local backup is kept");
        assertThat(sidecar.backups()).singleElement().satisfies(local -> assertThat(new BackupVerifier().verify(local).good()).isTrue());
        assertThat(sidecar.backupDir.resolve(".last-success.notes")).as("the healthcheck must not count this run").doesNotExist();
        assertThat(s3.pendingUploads(bucket)).as("ListMultipartUploads").isEmpty();
        assertThat(s3.filesIn(bucket)).as("no object, no checksum, no part").isEmpty();
        assertThat(sidecar.shell.tmp().toFile().list()).as("scratch files left in TMPDIR").isEmpty();
    }

    /**
     * The host's engine for a project whose SQLite service is the sidecar's database, with the
     * bucket's keys in files of the project (as {@code dockstart.s3.accessKeyIdFile} and
     * {@code .secretAccessKeyFile} give them to the sidecar as Compose secrets).
     */
    private BackupEngine hostEngine(String secret) throws IOException {
        Files.createDirectories(project.resolve("secrets"));
        Files.writeString(project.resolve("secrets/key-id"), s3.accessKey() + "\n");
        Files.writeString(project.resolve("secrets/secret"), secret + "\n");
        BucketSettings bucketSettings = new BucketSettings(bucket, "demo/", s3.endpoint(), "", "secrets/key-id", "secrets/secret");
        DatabaseService notes = new DatabaseService("notes", DatabaseType.SQLITE, DatabaseType.SQLITE.defaultImage(), null, 0,
                database.toString(), null, null, database.toString(), false, List.of());
        EngineSettings settings = new EngineSettings(project, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null,
                ZoneOffset.UTC, Optional.of(bucketSettings));
        return new BackupEngine(new ProjectModel(project, "demo", "17", List.of(notes), null, List.of()), settings,
                DockstartLog.SILENT);
    }

    /** Functions of the sidecar's s3.sh, sourced after lib.sh and retention.sh as backup.sh does, with the sidecar's settings. */
    private Exec.Result s3Sh(String commands) {
        Map<String, String> env = new LinkedHashMap<>(sidecar.env);
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        return sidecar.shell.sh(env, "set -eu; . '" + sidecar.shell.script("lib.sh") + "'; . '"
                + sidecar.shell.script("retention.sh") + "'; . '" + sidecar.shell.script("s3.sh") + "'; " + commands);
    }
}
