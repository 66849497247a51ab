package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code via=compose} and {@code via=auto}: the engine drives {@code docker compose exec -T}, and a
 * stand-in for {@code docker} runs each request locally against the real test servers.
 */
class ComposeRoundTripTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private Path standin;
    private Path docker;
    private final EngineFixture.RecordingLog log = new EngineFixture.RecordingLog();

    @BeforeEach
    void dockerStandIn() throws IOException {
        Files.createDirectories(root.resolve(".devcontainer"));
        Files.writeString(root.resolve(EngineSettings.COMPOSE_FILE), "services: {}\n");
        standin = Files.createDirectories(root.resolve("standin"));
        docker = root.resolve("docker");
        try (InputStream script = getClass().getResourceAsStream("/io/github/dockstart/access/docker-standin.sh")) {
            Files.copy(script, docker);
        }
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The stand-in reads its directory from the environment; the engine's commands inherit ours, so a wrapper sets it. */
    private String dockerCommand() throws IOException {
        Path wrapper = root.resolve("docker-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\nDOCKER_STANDIN_DIR='" + standin + "' exec sh '" + docker + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper.toString();
    }

    private void running(String service, List<String> env) throws IOException {
        Files.write(standin.resolve(service + ".env"), env);
        Files.writeString(standin.resolve(service + ".running"), "");
    }

    private String requests() throws IOException {
        return Files.readString(standin.resolve("requests.log"));
    }

    @Test
    void postgresThroughComposeExec() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t SELECT i, 'Zeile ' || i || ' ü' FROM generate_series(1, 3000) i;");
        String before = db.sql("SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM t;");
        running("postgres", List.of("PGHOST=" + db.host(), "PGPORT=" + db.port()));
        BackupEngine engine = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, "nowhere.invalid", 1, db.name(), db.user(), db.password())),
                settings(root, Via.COMPOSE, dockerCommand(), null), log);

        Path file = engine.backup(null).get(0);
        db.sql("DELETE FROM t WHERE id > 5;");
        engine.restore(file.getFileName().toString(), null, question -> true);

        assertThat(db.sql("SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM t;")).isEqualTo(before);
        assertThat(requests()).contains("compose -f " + root.resolve(EngineSettings.COMPOSE_FILE) + " exec -T postgres sh -c")
                .contains("pg_dump").contains("psql").doesNotContain(db.password());
    }

    @Test
    void mariadbThroughComposeExec() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO t SELECT seq, CONCAT('Zeile ', seq, ' ü') FROM seq_1_to_3000;");
        String compare = "SELECT COUNT(*), SUM(CRC32(name)) FROM t;";
        String before = db.sql(compare);
        // inside the container the clients find the server by default; here wrappers point them at the test server
        Path clients = Files.createDirectories(root.resolve("mariadb-clients"));
        for (String client : List.of("mariadb", "mariadb-dump")) {
            Path wrapper = clients.resolve(client);
            Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/" + client + " --host=" + db.host() + " --port=" + db.port()
                    + " --protocol=TCP \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        running("mariadb", List.of("PATH=" + clients + ":" + System.getenv("PATH")));
        BackupEngine engine = new BackupEngine(project(root,
                service("mariadb", DatabaseType.MARIADB, "nowhere.invalid", 1, db.name(), db.user(), db.password())),
                settings(root, Via.COMPOSE, dockerCommand(), null), log);

        Path file = engine.backup(null).get(0);
        db.sql("DELETE FROM t WHERE id > 5;");
        engine.restore(file.getFileName().toString(), null, question -> true);

        assertThat(db.sql(compare)).isEqualTo(before);
        assertThat(requests()).contains("exec -T mariadb sh -c").contains("mariadb-dump").doesNotContain(db.password());
    }

    @Test
    void autoUsesComposeOnlyWhileTheServiceRuns() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (x int); INSERT INTO t VALUES (1);");
        BackupEngine engine = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.AUTO, dockerCommand(), null), log);

        engine.backup(null);
        assertThat(requests()).contains("ps --status running --services").doesNotContain("exec");

        running("postgres", List.of("PGHOST=" + db.host(), "PGPORT=" + db.port()));
        BackupEngine later = new BackupEngine(engine.model(), settings(root, Via.AUTO, dockerCommand(), null), log,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
        later.backup(null);
        assertThat(requests()).contains("exec -T postgres");
        assertThat(later.directory().list()).hasSize(2);
    }

    @Test
    void redisRestoreStopsCopiesIntoTheVolumeAndStarts() throws Exception {
        RedisServer redis = servers.newRedis();
        redis.cli("RPUSH", "queue", "eins", "zwei");
        redis.cli("HSET", "user:1", "name", "Zoë");
        // in the container redis-cli reaches its own server; here a wrapper points it at the test server
        Path clients = Files.createDirectories(root.resolve("redis-clients"));
        Path cli = clients.resolve("redis-cli");
        Files.writeString(cli, "#!/bin/sh\nexec " + Tools.require("redis-cli", "redis-tools") + " -h " + redis.host()
                + " -p " + redis.port() + " \"$@\"\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        running("redis", List.of("PATH=" + clients + ":" + System.getenv("PATH")));
        Path password = standin.resolve("redis.password");
        Files.writeString(password, redis.password());
        Files.writeString(standin.resolve("redis.stop"), "REDISCLI_AUTH=$(cat '" + password + "') '" + cli + "' SHUTDOWN NOSAVE; sleep 1");
        Files.writeString(standin.resolve("redis.start"), "'" + Tools.require("redis-server", "redis-server") + "' '"
                + redis.configFile() + "' --daemonize yes; sleep 1");
        Files.writeString(standin.resolve("redis.data"), redis.dataDir().toString());
        BackupEngine engine = new BackupEngine(project(root,
                service("redis", DatabaseType.REDIS, "nowhere.invalid", 1, "0", "", redis.password())),
                settings(root, Via.COMPOSE, dockerCommand(), null), log);

        Path file = engine.backup(null).get(0);
        redis.cli("FLUSHALL");
        try {
            engine.restore(file.getFileName().toString(), null, question -> true);

            assertThat(redis.cli("LRANGE", "queue", "0", "-1")).isEqualTo("eins\nzwei\n");
            assertThat(redis.cli("HGET", "user:1", "name").trim()).isEqualTo("Zoë");
            assertThat(requests()).contains("stop redis").contains("cp ").contains(":/data/dump.rdb").contains("start redis")
                    .doesNotContain(redis.password());
        } finally {
            // the server the stand-in started is not the harness's process: stop it here
            Exec.of(cli.toString(), "SHUTDOWN", "NOSAVE").env("REDISCLI_AUTH", redis.password()).run();
        }
    }
}
