package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host goals and the sidecar write one format: a backup taken by {@code dockstart:backup} is
 * restored by {@code restore.sh}, and one taken by {@code backup.sh} by {@code dockstart:restore},
 * every row back, against real servers.
 */
class CrossRestoreTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void postgresBackupsOfEitherSideRestoreOnTheOther() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        PostgresBackupTest.seed(db);
        String compare = "SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM customers;"
                + " SELECT count(*), sum(amount) FROM orders;";
        String before = db.sql(compare);
        Sidecar sidecar = new Sidecar(servers).postgres("postgres", db);
        BackupEngine host = host(sidecar, new DatabaseService("postgres", DatabaseType.POSTGRES, "postgres:16-alpine",
                db.host(), db.port(), db.name(), db.user(), db.password(), null, false, List.of()));

        Path byTheHost = host.backup(null).get(0);
        db.sql("DELETE FROM orders; DELETE FROM customers WHERE id > 10;");
        Exec.Result restore = sidecar.restore(byTheHost.getFileName().toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.sql(compare)).as("the host's backup, restored by restore.sh").isEqualTo(before);

        sidecar.backupOk();
        Path bySidecar = newestOtherThan(sidecar, byTheHost);
        db.sql("DELETE FROM orders; DELETE FROM customers WHERE id > 10;");
        host.restore(bySidecar.getFileName().toString(), null, question -> true);
        assertThat(db.sql(compare)).as("backup.sh's backup, restored by the host").isEqualTo(before);
    }

    @Test
    void mariadbBackupsOfEitherSideRestoreOnTheOther() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO t SELECT seq, CONCAT('Zeile ', seq, ' ü') FROM seq_1_to_3000;");
        String compare = "SELECT COUNT(*), SUM(CRC32(name)) FROM t;";
        String before = db.sql(compare);
        Sidecar sidecar = new Sidecar(servers).mariadb("mariadb", db);
        BackupEngine host = host(sidecar, new DatabaseService("mariadb", DatabaseType.MARIADB, "mariadb:11.4",
                db.host(), db.port(), db.name(), db.user(), db.password(), null, false, List.of()));

        Path byTheHost = host.backup(null).get(0);
        db.sql("DELETE FROM t WHERE id > 5;");
        Exec.Result restore = sidecar.restore(byTheHost.getFileName().toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.sql(compare)).as("the host's backup, restored by restore.sh").isEqualTo(before);

        sidecar.backupOk();
        Path bySidecar = newestOtherThan(sidecar, byTheHost);
        db.sql("DELETE FROM t WHERE id > 5;");
        host.restore(bySidecar.getFileName().toString(), null, question -> true);
        assertThat(db.sql(compare)).as("backup.sh's backup, restored by the host").isEqualTo(before);
    }

    /** The host goals over the sidecar's backups folder (its parent is the project root), with local clients. */
    private static BackupEngine host(Sidecar sidecar, DatabaseService service) {
        Path root = sidecar.backupDir.getParent();
        return new BackupEngine(new ProjectModel(root, "demo", "17", List.of(service), null, List.of()),
                new EngineSettings(root, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null, ZoneOffset.UTC,
                        Optional.empty()),
                DockstartLog.SILENT);
    }

    private static Path newestOtherThan(Sidecar sidecar, Path hostBackup) throws Exception {
        try (var files = java.nio.file.Files.list(sidecar.backupDir)) {
            return files.filter(f -> Sidecar.NAME.matcher(f.getFileName().toString()).matches())
                    .filter(f -> !f.equals(hostBackup))
                    .max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
        }
    }
}
