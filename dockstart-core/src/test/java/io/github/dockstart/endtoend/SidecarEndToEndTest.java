package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backup sidecar in its own container, in the stack {@code generate} writes, under a real
 * Docker engine: manual backups land verified in the project's {@code backups/}, the schedule
 * fires by itself, the health check follows the age of the last backup, {@code restore.sh}
 * brings PostgreSQL and MariaDB back, SQLite copies stop and restart the app container, and a
 * sidecar on demand starts only with its Compose profile.
 */
class SidecarEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private static final String PASSWORD = "Pa55-wört $x'y";
    private Path project;

    @AfterEach
    void deleteProject() {
        if (project != null) {
            TempDirs.deleteRecursively(project);
        }
    }

    private ProjectModel model(String name, DatabaseService... services) {
        project = TempDirs.create("ds-e2e-");
        return new ProjectModel(project, name, "17", List.of(services), null, List.of());
    }

    private static DatabaseService server(String name, DatabaseType type, String database) {
        return new DatabaseService(name, type, type.defaultImage(), "localhost", type.defaultPort(), database, "shop",
                PASSWORD, null, false, List.of());
    }

    @Test
    void manualBackupsLandVerifiedInTheProjectAndRestoreShBringsPostgresAndMariadbBack() throws Exception {
        GeneratedStack stack = GeneratedStack.generate(docker, model("shop",
                server("postgres", DatabaseType.POSTGRES, "shop"), server("mariadb", DatabaseType.MARIADB, "shop")),
                RenderOptions.DEFAULT).up();
        String postgres = stack.container("postgres");
        String mariadb = stack.container("mariadb");
        String sidecar = stack.container("db-backup");
        assertThat(sidecar).isEqualTo("shop-db-backup");
        psql(stack, postgres, "CREATE TABLE orders (id int PRIMARY KEY, item text);"
                + " INSERT INTO orders SELECT i, 'Bestellung ' || i || ' ü' FROM generate_series(1, 500) i;");
        mariadb(stack, mariadb, "CREATE TABLE orders (id int PRIMARY KEY, item varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO orders SELECT seq, CONCAT('Bestellung ', seq, ' ü') FROM seq_1_to_500;");
        String pgBefore = psql(stack, postgres, "SELECT count(*), md5(string_agg(item, ',' ORDER BY id)) FROM orders;");
        String mariaBefore = mariadb(stack, mariadb, "SELECT COUNT(*), SUM(CRC32(item)) FROM orders;");

        Exec.Result backup = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.output()).doesNotContain(PASSWORD);
        Path pgFile = onlyBackup(stack, "postgres-", ".sql.gz");
        Path mariaFile = onlyBackup(stack, "mariadb-", ".sql.gz");
        for (Path file : List.of(pgFile, mariaFile)) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Exec.of("sh", "-c", "sha256sum -c '" + file.getFileName() + ".sha256'").directory(file.getParent())
                    .run().exitCode()).as("checksum of " + file).isZero();
            assertThat(Exec.of("gzip", "-t", file.toString()).run().exitCode()).as("gzip stream of " + file).isZero();
        }

        psql(stack, postgres, "DELETE FROM orders WHERE id > 10;");
        mariadb(stack, mariadb, "DELETE FROM orders WHERE id > 10;");
        Exec.Result pgRestore = stack.exec(sidecar, "/usr/local/bin/restore.sh", pgFile.getFileName().toString(), "--yes").run();
        Exec.Result mariaRestore = stack.exec(sidecar, "/usr/local/bin/restore.sh", "/backups/" + mariaFile.getFileName(),
                "--yes").run();

        assertThat(pgRestore.exitCode()).as(pgRestore.toString()).isZero();
        assertThat(mariaRestore.exitCode()).as(mariaRestore.toString()).isZero();
        assertThat(psql(stack, postgres, "SELECT count(*), md5(string_agg(item, ',' ORDER BY id)) FROM orders;"))
                .isEqualTo(pgBefore);
        assertThat(mariadb(stack, mariadb, "SELECT COUNT(*), SUM(CRC32(item)) FROM orders;")).isEqualTo(mariaBefore);
        // the data before the MariaDB restore is kept apart from the backups, as the backups' owner's
        Path safety = stack.backups().resolve("safety");
        try (var copies = Files.list(safety)) {
            assertThat(copies.filter(f -> f.getFileName().toString().matches("mariadb-.*\\.sql\\.gz")).toList())
                    .singleElement().satisfies(copy -> {
                        assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                        assertThat(Files.getOwner(copy)).isEqualTo(Files.getOwner(pgFile));
                        assertThat(GeneratedStack.gunzip(copy))
                                .contains("-- Dump completed");
                    });
        }
        assertThat(mariaRestore.output()).contains("safety copy of the data before the restore: /backups/safety/mariadb-");
        assertThat(docker.docker("logs", sidecar).run().output()).doesNotContain(PASSWORD);
    }

    @Test
    void theScheduleFiresByItselfAndTheHealthFollowsTheAgeOfTheLastBackup() {
        GeneratedStack stack = GeneratedStack.generate(docker, model("ticker",
                server("postgres", DatabaseType.POSTGRES, "ticker")), RenderOptions.DEFAULT)
                // every minute, and unhealthy 25 s after a backup; checked every 2 s instead of every minute
                .withOverride("""
                        services:
                          db-backup:
                            environment:
                              BACKUP_SCHEDULE: "* * * * *"
                              BACKUP_MAX_AGE_SECONDS: "25"
                            healthcheck:
                              interval: 2s
                              retries: 1
                              start_period: 0s
                        """)
                .up();
        String sidecar = stack.container("db-backup");
        Instant started = Instant.now();

        Path scheduled = awaitBackup(stack, "postgres-", Duration.ofSeconds(130));
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMinutes(2));
        assertThat(docker.docker("logs", sidecar).run().output()).contains(scheduled.getFileName().toString());

        // checks run every 2 s, but on a loaded machine the last one may still predate the backup
        stack.await(sidecar, "{{range .State.Health.Log}}{{.Output}}{{end}}",
                Pattern.compile("(?m)^healthy: the last successful backup of postgres is").asPredicate(),
                Duration.ofSeconds(20));
        stack.await(sidecar, "{{.State.Health.Status}}", "unhealthy"::equals, Duration.ofSeconds(45));
        assertThat(lastHealthOutput(stack, sidecar))
                .contains("unhealthy: the last successful backup of postgres is").contains("allows 25 s");
    }

    @Test
    void sqliteBackupsStopTheAppAndStartItAgainAlsoWhenTheCopyFails() throws IOException {
        Path sqlite3 = Tools.require("sqlite3", "sqlite3");
        ProjectModel model = model("notes", new DatabaseService("notes", DatabaseType.SQLITE, null, null, 0,
                "data/notes.db", null, null, "data/notes.db", false, List.of()));
        Path database = Files.createDirectories(project.resolve("data")).resolve("notes.db");
        Exec.of(sqlite3.toString(), database.toString(), "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                + " INSERT INTO note SELECT i, 'Notiz ' || i FROM n;").run().orFail();
        GeneratedStack stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT.withSqliteStopsApp(true)).up();
        String app = stack.container("app");
        String sidecar = stack.container("db-backup");
        String startedBefore = stack.inspect(app, "{{.State.StartedAt}}");

        Exec.Result backup = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.output()).contains("stopping container " + app).contains("started container " + app + " again");
        assertThat(stack.inspect(app, "{{.State.Running}}")).isEqualTo("true");
        String startedAfterBackup = stack.inspect(app, "{{.State.StartedAt}}");
        assertThat(startedAfterBackup).isNotEqualTo(startedBefore);
        Path file = onlyBackup(stack, "notes-", ".db.gz");
        Path restored = project.resolve("restored.db");
        Exec.of("sh", "-c", "gzip -dc '" + file + "' > '" + restored + "'").run().orFail();
        assertThat(Exec.of(sqlite3.toString(), restored.toString(), "SELECT count(*) FROM note;").run().orFail().stdout())
                .isEqualTo("300\n");

        // a file that is not a database: the copy fails, and the app is started again all the same
        Files.writeString(database, "this is not a SQLite database, only text that looks like one");
        Exec.Result failed = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();

        assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
        assertThat(failed.output()).contains("started container " + app + " again");
        assertThat(stack.inspect(app, "{{.State.Running}}")).isEqualTo("true");
        assertThat(stack.inspect(app, "{{.State.StartedAt}}")).isNotEqualTo(startedAfterBackup);
        assertThat(stack.backups("notes-", ".db.gz")).containsExactly(file);
    }

    @Test
    void onDemandTheSidecarStartsOnlyWithTheBackupProfileAndThenBacksUpInItsTimeZone() {
        GeneratedStack stack = GeneratedStack.generate(docker, model("standby",
                server("postgres", DatabaseType.POSTGRES, "standby")), RenderOptions.DEFAULT.withSidecar(
                SidecarSettings.of("on-demand", "@daily", "10", "2", "Asia/Kolkata", "1"))).up();
        String sidecar = "standby-db-backup";

        // a plain `up`: the databases and the app, and no container at all for the sidecar
        assertThat(stack.container("postgres")).isNotEmpty();
        assertThat(docker.docker("container", "inspect", sidecar).run().exitCode()).as("a container " + sidecar).isNotZero();

        stack.compose("--profile", "backup", "up", "-d", "--build").timeout(Duration.ofMinutes(10)).run().orFail();

        assertThat(stack.inspect(sidecar, "{{.State.Running}}")).isEqualTo("true");
        assertThat(stack.inspect(sidecar, "{{range .Config.Env}}{{println .}}{{end}}"))
                .contains("BACKUP_SCHEDULE=@daily", "BACKUP_RETENTION_DAYS=10", "BACKUP_KEEP_MIN=2", "TZ=Asia/Kolkata",
                        "BACKUP_GZIP_LEVEL=1");
        Exec.Result backup = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Path file = onlyBackup(stack, "postgres-", ".sql.gz");
        // named in the sidecar's time zone (+05:30 all year), not in UTC
        LocalDateTime named = LocalDateTime.parse(file.getFileName().toString().substring("postgres-".length(),
                "postgres-".length() + 19), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
        assertThat(Duration.between(named, LocalDateTime.now(ZoneId.of("Asia/Kolkata"))).abs())
                .isLessThan(Duration.ofMinutes(5));
        assertThat(docker.docker("logs", sidecar).run().output()).contains("on schedule '@daily' (TZ=Asia/Kolkata)");
    }

    private static String psql(GeneratedStack stack, String container, String sql) {
        return stack.psql(container, "shop", stack.projectName(), sql);
    }

    private static String mariadb(GeneratedStack stack, String container, String sql) {
        return docker.docker("exec", "-e", "MYSQL_PWD=" + PASSWORD, container, "mariadb", "-N", "-B", "-ushop",
                stack.projectName(), "-e", sql).run().orFail().stdout().trim();
    }

    private static String lastHealthOutput(GeneratedStack stack, String container) {
        return stack.inspect(container, "{{range .State.Health.Log}}{{.Output}}{{end}}");
    }

    private static Path awaitBackup(GeneratedStack stack, String prefix, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Path> found = stack.backups(prefix, ".gz");
            if (!found.isEmpty()) {
                return found.get(0);
            }
            GeneratedStack.sleep(Duration.ofSeconds(2));
        }
        throw new AssertionError("no scheduled backup " + prefix + "* in " + stack.backups() + " after " + timeout);
    }

    private static Path onlyBackup(GeneratedStack stack, String prefix, String suffix) {
        List<Path> found = stack.backups(prefix, suffix);
        assertThat(found).as("backups %s*%s in %s", prefix, suffix, stack.backups()).hasSize(1);
        assertThat(found.get(0).getFileName().toString())
                .matches("[a-z]+-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.(sql|rdb|db)\\.gz");
        return found.get(0);
    }

}
