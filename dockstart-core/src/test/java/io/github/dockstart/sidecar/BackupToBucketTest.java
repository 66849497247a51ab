package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.log.DockstartLog;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** backup.sh with a bucket configured: the verified backup is copied there, or the run fails and the local one stays. */
class BackupToBucketTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static S3ProxyServer s3;
    private Sidecar sidecar;
    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void sidecarWithABucket() throws IOException {
        sidecar = new Sidecar(servers);
        Path database = servers.newDirectory("ds-s3db").resolve("notes.db");
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
}
