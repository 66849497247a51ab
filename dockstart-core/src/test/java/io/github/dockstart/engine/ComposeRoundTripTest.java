package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.restore.RestoreDrill;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.PostgresServer;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code via=compose} and {@code via=auto} against the generated stack under a real Docker engine:
 * the engine runs the clients inside the database containers with {@code docker compose exec -T},
 * and restores Redis by stopping it, copying {@code dump.rdb} into its volume and starting it.
 */
class ComposeRoundTripTest {

    @RegisterExtension
    static final DockerEngine docker = DockerEngine.sharedByTheClass();
    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static final String PASSWORD = "Kenn-wört $1'x";
    private static Path project;
    private static GeneratedStack stack;
    private static String dockerCommand;
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void startTheStack() {
        project = TempDirs.create("ds-compose-");
        ProjectModel model = new ProjectModel(project, "roundtrip", "17", List.of(
                service("postgres", DatabaseType.POSTGRES, "localhost", 5432, "shop", "shop"),
                service("mariadb", DatabaseType.MARIADB, "localhost", 3306, "shop", "shop"),
                service("redis", DatabaseType.REDIS, "localhost", 6379, "0", null)), null, List.of());
        stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT).up();
        dockerCommand = docker.dockerCommand(project).toString();
    }

    @AfterAll
    static void deleteTheProject() {
        TempDirs.deleteRecursively(project);
    }

    private static DatabaseService service(String name, DatabaseType type, String host, int port, String database, String user) {
        return new DatabaseService(name, type, type.defaultImage(), host, port, database, user, PASSWORD, null, false, List.of());
    }

    private BackupEngine engine(Via via, DatabaseService service, Clock clock) {
        ProjectModel model = new ProjectModel(project, "roundtrip", "17", List.of(service), null, List.of());
        return new BackupEngine(model, settings(project, via, dockerCommand, null), log, clock);
    }

    private static String psql(String sql) {
        return stack.psql(stack.container("postgres"), "shop", "shop", sql);
    }

    private static String redisCli(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("exec", "-e", "REDISCLI_AUTH=" + PASSWORD,
                stack.container("redis"), "redis-cli"));
        command.addAll(List.of(args));
        return docker.docker(command.toArray(String[]::new)).run().orFail().stdout();
    }

    @Test
    void postgresThroughComposeExec() throws Exception {
        psql("CREATE TABLE t (id int PRIMARY KEY, name text);"
                + " INSERT INTO t SELECT i, 'Zeile ' || i || ' ü' FROM generate_series(1, 3000) i;");
        String compare = "SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM t;";
        String before = psql(compare);
        BackupEngine engine = engine(Via.COMPOSE, service("postgres", DatabaseType.POSTGRES, "nowhere.invalid", 1, "shop",
                "shop"), Clock.systemUTC());

        Path file = engine.backup(null).get(0);
        psql("DELETE FROM t WHERE id > 5;");
        engine.restore(file.getFileName().toString(), null, question -> true);

        assertThat(psql(compare)).isEqualTo(before);
        assertThat(log.lines).anyMatch(line -> line.contains("PostgreSQL service postgres (docker compose)"))
                .anyMatch(line -> line.contains("Method: build beside and swap"))
                .noneMatch(line -> line.contains(PASSWORD));
        // the image's user is a superuser: the old database stays beside, as the safety copy
        assertThat(psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'shop_before_restore_%';").strip()).isEqualTo("1");
    }

    @Test
    void mariadbThroughComposeExec() throws Exception {
        String mariadb = stack.container("mariadb");
        String[] client = {"exec", "-e", "MYSQL_PWD=" + PASSWORD, mariadb, "mariadb", "-N", "-B", "-ushop", "shop", "-e"};
        java.util.function.Function<String, String> sql = text -> {
            List<String> command = new java.util.ArrayList<>(List.of(client));
            command.add(text);
            return docker.docker(command.toArray(String[]::new)).run().orFail().stdout().trim();
        };
        sql.apply("CREATE TABLE t (id int PRIMARY KEY, name varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO t SELECT seq, CONCAT('Zeile ', seq, ' ü') FROM seq_1_to_3000;");
        String compare = "SELECT COUNT(*), SUM(CRC32(name)) FROM t;";
        String before = sql.apply(compare);
        BackupEngine engine = engine(Via.COMPOSE, service("mariadb", DatabaseType.MARIADB, "nowhere.invalid", 1, "shop",
                "shop"), Clock.systemUTC());

        Path file = engine.backup(null).get(0);
        sql.apply("DELETE FROM t WHERE id > 5;");
        engine.restore(file.getFileName().toString(), null, question -> true);

        assertThat(sql.apply(compare)).isEqualTo(before);
    }

    @Test
    void redisRestoreStopsCopiesIntoTheVolumeAndStarts() throws Exception {
        redisCli("RPUSH", "queue", "eins", "zwei");
        redisCli("HSET", "user:1", "name", "Zoë");
        String containerBefore = stack.inspect(stack.container("redis"), "{{.State.StartedAt}}");
        BackupEngine engine = engine(Via.COMPOSE, service("redis", DatabaseType.REDIS, "nowhere.invalid", 1, "0", null),
                Clock.systemUTC());

        Path file = engine.backup(null).get(0);
        redisCli("FLUSHALL");
        engine.restore(file.getFileName().toString(), null, question -> true);

        String redis = stack.container("redis");
        stack.awaitHealthy(redis, Duration.ofSeconds(60));
        assertThat(stack.inspect(redis, "{{.State.StartedAt}}")).isNotEqualTo(containerBefore);
        assertThat(redisCli("LRANGE", "queue", "0", "-1")).isEqualTo("eins\nzwei\n");
        assertThat(redisCli("HGET", "user:1", "name").trim()).isEqualTo("Zoë");
        // the key count after the restart was compared with the snapshot's (counted by redis-check-rdb in the container)
        assertThat(log.lines).anyMatch(line -> line.contains("Redis service redis is back with the snapshot's 2 keys."));
    }

    /** The host's Redis drill: a second redis-server in the service's container, its very version, and nothing left there. */
    @Test
    void redisDrillLoadsTheSnapshotIntoATemporaryServerInTheServicesContainer() throws Exception {
        redisCli("RPUSH", "queue", "eins", "zwei");
        redisCli("SET", "counter", "7");
        BackupEngine engine = engine(Via.COMPOSE, service("redis", DatabaseType.REDIS, "nowhere.invalid", 1, "0", null),
                Clock.systemUTC());
        Path file = engine.backup(null).get(0);
        List<RestoreDrill.Result> results;
        try {
            results = engine.drill(file.getFileName().toString(), null);
            assertThat(redisCli("LRANGE", "queue", "0", "-1")).isEqualTo("eins\nzwei\n");
        } finally {
            // the other tests of this stack start from an empty Redis
            redisCli("FLUSHALL");
        }

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.verdict()).as(log.all()).isEqualTo(RestoreDrill.Verdict.PASSED);
            assertThat(r.figures()).containsExactly("keys db0 2", "list db0 1", "string db0 1");
        });
        assertThat(Files.readString(Path.of(file + ".restore-test")))
                .contains("restored into: a temporary redis-server in the container of service redis (stopped afterwards)");
        assertThat(docker.docker("exec", stack.container("redis"), "sh", "-c", "ls /tmp").run().orFail().stdout())
                .doesNotContain("dockstart");
    }

    @Test
    void autoUsesComposeWhileTheServiceRunsAndLocalClientsWhenItIsStopped() throws Exception {
        psql("CREATE TABLE IF NOT EXISTS origin (place text); DELETE FROM origin; INSERT INTO origin VALUES ('container');");
        // a local server with the same database, user and password as the container's
        PostgresServer local = servers.postgres();
        local.superSql("postgres", "CREATE ROLE shop LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "';");
        local.superSql("postgres", "CREATE DATABASE shop OWNER shop;");
        local.superSql("shop", "CREATE TABLE origin (place text); INSERT INTO origin VALUES ('local'); ALTER TABLE origin OWNER TO shop;");
        DatabaseService service = service("postgres", DatabaseType.POSTGRES, local.host(), local.port(), "shop", "shop");

        Path running = engine(Via.AUTO, service, Clock.systemUTC()).backup(null).get(0);
        stack.compose("stop", "postgres").run().orFail();
        try {
            Path stopped = engine(Via.AUTO, service, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))).backup(null).get(0);

            assertThat(GeneratedStack.gunzip(running)).contains("container").doesNotContain("\nlocal\n");
            assertThat(GeneratedStack.gunzip(stopped)).contains("\nlocal\n").doesNotContain("container");
        } finally {
            stack.compose("start", "postgres").run().orFail();
            stack.awaitHealthy(stack.container("postgres"), Duration.ofSeconds(60));
        }
    }
}
