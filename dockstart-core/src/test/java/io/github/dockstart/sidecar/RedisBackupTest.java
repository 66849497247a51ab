package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.RedisKeys;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.TestServers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis: an RDB snapshot over the network (redis-cli --rdb, no Docker socket) and its restore into the data dir. */
class RedisBackupTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private RedisServer redis;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        redis = servers.newRedis();
        sidecar = new Sidecar(servers).redis("redis", redis);
        StringBuilder commands = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            commands.append("RPUSH queue \"item ").append(i).append(" Grüße ☃\"\n");
        }
        for (int i = 0; i < 500; i++) {
            commands.append("HSET user:1 field").append(i).append(" \"wert ").append(i).append(" Zürich\"\n");
        }
        commands.append("SET greeting \"héllo wörld\"\nSADD tags a b c\n");
        Exec.Result result = Exec.of("redis-cli", "-h", redis.host(), "-p", String.valueOf(redis.port()))
                .env("REDISCLI_AUTH", redis.password()).stdin(commands.toString()).run().orFail();
        assertThat(result.stdout()).doesNotContain("ERR");
    }

    private String content() {
        String hash = Arrays.stream(redis.cli("HGETALL", "user:1").split("\n")).sorted().collect(Collectors.joining(","));
        String tags = Arrays.stream(redis.cli("SMEMBERS", "tags").split("\n")).sorted().collect(Collectors.joining(","));
        return redis.cli("DBSIZE") + redis.cli("LRANGE", "queue", "0", "-1") + hash + tags + redis.cli("GET", "greeting");
    }

    @Test
    void roundTripThroughTheDataDirectoryWhileRedisIsStopped() throws Exception {
        String before = content();
        assertThat(before).startsWith("4\n").contains("item 1999 Grüße ☃", "wert 499 Zürich", "héllo wörld");

        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        assertThat(file.getFileName().toString()).matches("redis-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.rdb\\.gz");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] rdb = Sidecar.gunzip(file);
        assertThat(new String(rdb, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("REDIS");
        Exec.Result check = Exec.of("redis-check-rdb", writeTemp(rdb).toString()).run();
        assertThat(check.exitCode()).as(check.toString()).isZero();

        redis.cli("FLUSHALL");
        assertThat(redis.cli("DBSIZE")).isEqualTo("0\n");

        // while Redis answers, restore prints the manual steps and touches nothing
        Exec.Result running = sidecar.restore(file.toString(), "--yes");
        assertThat(running.exitCode()).as(running.toString()).isEqualTo(3);
        assertThat(running.stderr()).contains("is running", "docker compose stop redis", "gunzip -c " + file, "docker compose start redis");
        assertThat(redis.dataDir().resolve("dump.rdb")).doesNotExist();

        redis.stop();
        sidecar.env.put("REDIS_DATA_DIR", redis.dataDir().toString());
        Exec.Result restore = sidecar.restore(file.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        redis.startAgain();
        assertThat(content()).isEqualTo(before);
    }

    @Test
    void restoreWithoutDataDirectoryPrintsManualSteps() throws Exception {
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        redis.stop();
        Exec.Result result = sidecar.restore(file.toString(), "--yes");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("REDIS_DATA_DIR is not set", "gunzip -c " + file);
        assertThat(redis.dataDir().resolve("dump.rdb")).doesNotExist();
    }

    @Test
    void restoreRefusesAnSqlDumpNamedLikeASnapshot() {
        Path fake = sidecar.backupDir.resolve("redis-2020-01-01T00-00-00.rdb.gz");
        Sidecar.gzip("--\n-- PostgreSQL database dump\n".getBytes(StandardCharsets.UTF_8), fake);
        Sidecar.writeChecksum(fake);
        redis.stop();
        sidecar.env.put("REDIS_DATA_DIR", redis.dataDir().toString());
        Exec.Result result = sidecar.restore(fake.toString(), "--yes");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("is not a Redis RDB snapshot");
        assertThat(redis.dataDir().resolve("dump.rdb")).doesNotExist();
    }

    private Map<String, String> olderBackup() {
        sidecar.backupOk();
        return sidecar.snapshot();
    }

    @Test
    void snapshotTransferFailsWhileRedisCliExitsZero() {
        Map<String, String> before = olderBackup();
        // a transfer that breaks off: the first bytes of a real snapshot, and exit status 0
        sidecar.shell.wrapClient("redis-cli", """
                case "$*" in
                  *--rdb*) for last; do :; done
                           "$REAL" "$@" >/dev/null 2>&1; head -c 100 "$last" > "$last.part"; mv "$last.part" "$last"; exit 0 ;;
                  *) exec "$REAL" "$@" ;;
                esac""");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "the transferred snapshot is not a valid RDB file");
    }

    @Test
    void snapshotTransferProducesNothing() {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("redis-cli", """
                case "$*" in
                  *--rdb*) echo "Error: Server closed the connection"; exit 0 ;;
                  *) exec "$REAL" "$@" ;;
                esac""");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "the snapshot transfer produced no file");
    }

    @Test
    void wrongPasswordIsCaughtFromTheReplyNotTheExitStatus() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PASSWORD", "wrong");
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "does not answer PING (unreachable or wrong password)");
        assertThat(result.stderr()).containsAnyOf("WRONGPASS", "NOAUTH", "AUTH failed");
    }

    @Test
    void unreachable() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PORT", String.valueOf(FreePort.find()));
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "does not answer PING");
        assertThat(result.stderr()).contains("Connection refused");
    }

    @Test
    void restoreRefusesASnapshotCutShortInAWholeGzip() throws Exception {
        sidecar.backupOk();
        byte[] rdb = Sidecar.gunzip(sidecar.onlyBackup());
        Path cut = sidecar.backupDir.resolve("redis-2020-01-01T00-00-00.rdb.gz");
        Sidecar.gzip(Arrays.copyOf(rdb, rdb.length - 100), cut);
        Sidecar.writeChecksum(cut);
        redis.stop();
        sidecar.env.put("REDIS_DATA_DIR", redis.dataDir().toString());

        Exec.Result result = sidecar.restore(cut.toString(), "--yes");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("refusing to restore: " + cut + " is an incomplete Redis RDB snapshot (no end-of-file marker)");
        assertThat(redis.dataDir().resolve("dump.rdb")).doesNotExist();
    }

    /**
     * With appendonly yes Redis loads its append-only files and ignores dump.rdb: the restore
     * makes them hold the snapshot, so Redis comes back with all 1,264 keys, not the 1 written since.
     */
    @Test
    void restoreIntoAnAppendOnlyRedisBringsBackEveryKey() throws Exception {
        RedisServer aof = servers.newRedis();
        aof.stop();
        aof.configure("appendonly yes");
        aof.startAgain();
        RedisKeys.fill(aof);
        Sidecar sc = new Sidecar(servers).redis("redis", aof);
        sc.backupOk();
        Path file = sc.onlyBackup();
        aof.cli("FLUSHALL");
        aof.cli("SET", "written-after-the-backup", "1");
        aof.stop();
        sc.env.put("REDIS_DATA_DIR", aof.dataDir().toString());

        Exec.Result restore = sc.restore(file.toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.stderr()).contains("now hold the snapshot; the old ones are in " + aof.dataDir().resolve("appendonlydir.before-restore-"),
                "it must then hold " + RedisKeys.COUNT + " keys");
        aof.startAgain();
        assertThat(RedisKeys.count(aof)).isEqualTo(RedisKeys.COUNT);
        assertThat(aof.cli("EXISTS", "written-after-the-backup").trim()).isEqualTo("0");
        aof.cli("SET", "written-after-the-restore", "1");
        aof.stop();
        aof.startAgain();
        assertThat(RedisKeys.count(aof)).isEqualTo(RedisKeys.COUNT + 1);
        // a second restore (names have a resolution of a second) leaves what the first moved aside alone
        Thread.sleep(1100);
        aof.stop();
        assertThat(sc.restore(file.toString(), "--yes").exitCode()).isZero();
        aof.startAgain();
        assertThat(RedisKeys.count(aof)).isEqualTo(RedisKeys.COUNT);
        try (var entries = Files.list(aof.dataDir())) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .filteredOn(n -> n.startsWith("appendonlydir.before-restore-")).hasSize(2)
                    .allMatch(n -> n.matches("appendonlydir\\.before-restore-[0-9T-]+"));
        }
    }

    /** The host's snapshots may carry a diskless transfer's mark after the checksum; restoring one into an AOF must not. */
    @Test
    void aHostSnapshotWithATransferMarkRestoresIntoAnAppendOnlyRedis() throws Exception {
        RedisServer aof = servers.newRedis();
        aof.stop();
        aof.configure("appendonly yes");
        aof.startAgain();
        RedisKeys.fill(aof);
        Path streamed = sidecar.shell.root().resolve("streamed.rdb");
        Exec.of("sh", "-c", "redis-cli -h " + aof.host() + " -p " + aof.port() + " --no-auth-warning --rdb - 2>/dev/null >" + streamed)
                .env("REDISCLI_AUTH", aof.password()).run().orFail();
        byte[] rdb = Files.readAllBytes(streamed);
        assertThat(new String(rdb, rdb.length - 40, 40, StandardCharsets.ISO_8859_1)).as("redis-cli --rdb - keeps the mark").matches("[0-9a-f]{40}");
        Path file = sidecar.backupDir.resolve("redis-2020-01-01T00-00-00.rdb.gz");
        Sidecar.gzip(rdb, file);
        Sidecar.writeChecksum(file);
        aof.cli("FLUSHALL");
        aof.stop();
        Sidecar sc = new Sidecar(servers).redis("redis", aof);
        sc.env.put("BACKUP_DIR", sidecar.backupDir.toString());
        sc.env.put("REDIS_DATA_DIR", aof.dataDir().toString());

        Exec.Result restore = sc.restore(file.toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        aof.startAgain();
        assertThat(RedisKeys.count(aof)).isEqualTo(RedisKeys.COUNT);
    }

    private Path writeTemp(byte[] content) throws Exception {
        Path file = sidecar.shell.root().resolve("check.rdb");
        Files.write(file, content);
        return file;
    }

    static String lines(int n) {
        return IntStream.range(0, n).mapToObj(String::valueOf).collect(Collectors.joining("\n"));
    }
}
