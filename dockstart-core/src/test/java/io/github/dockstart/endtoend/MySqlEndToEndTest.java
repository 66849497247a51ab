package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MySQL project's stack under a real Docker engine: {@code mysql:8.4} (the stand-in: a real
 * MySQL 8 server with caching_sha2_password and its own self-signed certificate) and the sidecar,
 * whose MariaDB client is made to verify server certificates as Alpine 3.22's MariaDB 11.4 does.
 * The sidecar's backup and restore still work over TLS; so do the host goals through Compose.
 */
class MySqlEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private static final String PASSWORD = "Pa55-wört $x'y";
    /** A client option file in the sidecar that turns verification on, as MariaDB 11.4's default is. */
    private static final String VERIFYING_HOME = "/tmp/verifying-client";
    private Path project;

    @AfterEach
    void deleteProject() {
        if (project != null) {
            TempDirs.deleteRecursively(project);
        }
    }

    @Test
    void theSidecarBacksUpAndRestoresMySqlOverTlsWithAClientThatVerifiesByDefault() throws Exception {
        project = TempDirs.create("ds-e2e-");
        DatabaseService mysql = new DatabaseService("mysql", DatabaseType.MYSQL, DatabaseType.MYSQL.defaultImage(),
                "localhost", 3306, "shop", "shop", PASSWORD, null, false, List.of());
        ProjectModel model = new ProjectModel(project, "shop", "17", List.of(mysql), null, List.of());
        GeneratedStack stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT).up();
        String server = stack.container("mysql");
        String sidecar = stack.container("db-backup");
        assertThat(Files.readString(stack.composeFile())).contains("image: mysql:8.4");
        assertThat(sql(server, "SELECT plugin FROM mysql.user WHERE user = 'shop';", true)).isEqualTo("caching_sha2_password");
        sql(server, "CREATE TABLE orders (id int PRIMARY KEY, item varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO orders WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 500)"
                + " SELECT n, CONCAT('Bestellung ', n, ' ü') FROM seq;", false);
        String compare = "SELECT COUNT(*), SUM(CRC32(item)) FROM orders;";
        String before = sql(server, compare, false);

        stack.exec(sidecar, "sh", "-c", "mkdir -p " + VERIFYING_HOME + " && printf '[client]\\nssl-verify-server-cert\\n' >"
                + VERIFYING_HOME + "/my.cnf").run().orFail();
        Exec.Result premise = docker.docker("exec", "-e", "MYSQL_HOME=" + VERIFYING_HOME, "-e", "MYSQL_PWD=" + PASSWORD,
                sidecar, "mariadb", "--protocol=TCP", "-hmysql", "-ushop", "-e", "SELECT 1", "shop").run();
        assertThat(premise.exitCode()).as("a verifying client is refused: " + premise).isNotZero();
        assertThat(premise.stderr()).contains("self-signed certificate");

        Exec.Result backup = docker.docker("exec", "-e", "MYSQL_HOME=" + VERIFYING_HOME, sidecar,
                "/usr/local/bin/backup.sh").run();
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        List<Path> files = stack.backups("mysql-", ".sql.gz");
        assertThat(files).hasSize(1);
        assertThat(GeneratedStack.gunzip(files.get(0))).contains("-- Dump completed");

        sql(server, "DELETE FROM orders WHERE id > 10;", false);
        Exec.Result restore = docker.docker("exec", "-e", "MYSQL_HOME=" + VERIFYING_HOME, sidecar,
                "/usr/local/bin/restore.sh", files.get(0).getFileName().toString(), "--yes").run();
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(sql(server, compare, false)).isEqualTo(before);
        assertThat(backup.output() + restore.output() + docker.docker("logs", sidecar).run().output()).doesNotContain(PASSWORD);

        // the host goals through Compose: the client inside the server's own container
        BackupEngine engine = new BackupEngine(model, new EngineSettings(project, Via.COMPOSE,
                docker.dockerCommand(project).toString(), EngineSettings.ConnectionOverrides.NONE, null, ZoneOffset.UTC,
                Optional.empty()), DockstartLog.SILENT);
        Path hostFile = engine.backup("mysql").get(0);
        sql(server, "DELETE FROM orders;", false);
        engine.restore(hostFile.getFileName().toString(), "mysql", question -> true);
        assertThat(sql(server, compare, false)).isEqualTo(before);
    }

    private static String sql(String container, String sql, boolean asRoot) {
        return docker.docker("exec", "-e", "MYSQL_PWD=" + PASSWORD, container, "mysql", "-N", "-B",
                asRoot ? "-uroot" : "-ushop", asRoot ? "mysql" : "shop", "-e", sql).run().orFail().stdout().trim();
    }
}
