package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.RedisKeys;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's Compose path for Redis (stop, copy into the data directory, start, compare the key
 * count with the snapshot's) against a real Redis 7 in AOF mode with 1,264 keys. A stand-in for
 * {@code docker} runs what Compose would run in the container here: {@code exec} and {@code cp}
 * locally, {@code stop} as SHUTDOWN (what SIGTERM does), {@code start} as redis-server again.
 */
class ComposeRedisAppendOnlyTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    private ClientsOnPath clients;

    private RedisServer appendOnlyRedis(String... configuration) {
        RedisServer redis = servers.newRedis();
        redis.stop();
        redis.configure("appendonly yes");
        for (String line : configuration) {
            redis.configure(line);
        }
        redis.startAgain();
        RedisKeys.fill(redis);
        clients = ClientsOnPath.create(root.resolve("clients"), Map.of("REDISCLI_AUTH", redis.password(),
                        "STANDIN_DATA", redis.dataDir().toString()),
                "redis-cli shutdown >/dev/null; while redis-cli ping >/dev/null 2>&1; do sleep 0.1; done",
                "redis-server '" + redis.configFile() + "' --daemonize yes");
        clients.wrap("redis-cli", Tools.require("redis-cli", "redis-tools"), "exec \"$REAL\" -p " + redis.port() + " \"$@\"");
        return redis;
    }

    private BackupEngine engine(RedisServer redis) {
        return new BackupEngine(project(root, service("redis", DatabaseType.REDIS, "nowhere.invalid", 1, "0", "", redis.password())),
                settings(root, Via.COMPOSE, clients.dockerCommand(), null), log);
    }

    private void compose(String... arguments) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(clients.dockerCommand(), "compose", "-f",
                root.resolve("compose.yml").toString()));
        argv.addAll(java.util.List.of(arguments));
        Exec.of(argv).run().orFail();
    }

    /** The stand-in started redis-server as a daemon, which the test's own handle does not know: stop it here. */
    private static void shutDown(RedisServer redis) {
        try {
            redis.cli("SHUTDOWN", "NOSAVE");
        } catch (RuntimeException e) {
            // already down
        }
    }

    @Test
    void withAppendOnlyFilesRedisComesBackWithEveryKeyOfTheSnapshot() throws IOException {
        RedisServer redis = appendOnlyRedis();
        try {
            BackupEngine engine = engine(redis);
            Path file = engine.backup(null).get(0);
            redis.cli("FLUSHALL");
            redis.cli("SET", "written-after-the-backup", "1");

            engine.restore(file.getFileName().toString(), null, question -> true);

            assertThat(RedisKeys.count(redis)).isEqualTo(RedisKeys.COUNT);
            assertThat(redis.cli("EXISTS", "written-after-the-backup").trim()).isEqualTo("0");
            assertThat(log.lines).anyMatch(l -> l.contains("Redis service redis is back with the snapshot's " + RedisKeys.COUNT + " keys."));
            // the append-only files are Redis's own from now on: later writes and a restart keep them
            redis.cli("SET", "written-after-the-restore", "1");
            compose("stop", "redis");
            compose("start", "redis");
            for (int i = 0; i < 100 && !"PONG".equals(ping(redis)); i++) {
                sleep();
            }
            assertThat(RedisKeys.count(redis)).isEqualTo(RedisKeys.COUNT + 1);
        } finally {
            shutDown(redis);
        }
    }

    @Test
    void aRestoreThatRedisDidNotLoadFailsLoudly() throws IOException {
        // CONFIG hidden: the restore cannot see appendonly yes and replaces dump.rdb only, which Redis ignores
        RedisServer redis = appendOnlyRedis("rename-command CONFIG \"\"");
        try {
            BackupEngine engine = engine(redis);
            Path file = engine.backup(null).get(0);
            redis.cli("FLUSHALL");
            redis.cli("SET", "written-after-the-backup", "1");

            assertThatThrownBy(() -> engine.restore(file.getFileName().toString(), null, question -> true))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Redis service redis holds 1 keys after the restore, but the snapshot holds " + RedisKeys.COUNT)
                    .hasMessageContaining("The data from before the restore is in ");
        } finally {
            shutDown(redis);
        }
    }

    private static String ping(RedisServer redis) {
        try {
            return redis.cli("PING").trim();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
