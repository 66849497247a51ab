package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One backup.sh run for several databases; passwords never in a process list or a log. */
class SeveralDatabasesAndSecurityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Sidecar several(PostgresDatabase pg, MariaDbDatabase my, RedisServer redis, Path sqlite) {
        Sidecar sidecar = new Sidecar(servers);
        sidecar.add("app-db", Sidecar.settings(pg));
        sidecar.add("shop.db", Map.of("DB_TYPE", "mariadb", "DB_HOST", my.host(), "DB_PORT", String.valueOf(my.port()),
                "DB_NAME", my.name(), "DB_USER", my.user(), "DB_PASSWORD", my.password()));
        sidecar.add("cache", Sidecar.settings(redis));
        sidecar.add("files", Sidecar.sqliteSettings(sqlite));
        return sidecar;
    }

    @Test
    void oneRunBacksUpEveryConfiguredDatabaseAndANameBacksUpOne() {
        PostgresDatabase pg = servers.newPostgresDatabase();
        PostgresBackupTest.seed(pg);
        MariaDbDatabase my = servers.newMariaDbDatabase();
        my.sql("CREATE TABLE t(x INT); INSERT INTO t VALUES (1);");
        RedisServer redis = servers.newRedis();
        redis.cli("SET", "k", "v");
        Path sqlite = servers.newDirectory("ds-lite").resolve("files.db");
        Sqlite.sql(sqlite, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        Sidecar sidecar = several(pg, my, redis, sqlite);

        Exec.Result all = sidecar.backupOk();
        assertThat(sidecar.backups()).extracting(p -> p.getFileName().toString().replaceAll("-\\d{4}-.*?\\.", "."))
                .containsExactlyInAnyOrder("app-db.sql.gz", "shop.db.sql.gz", "cache.rdb.gz", "files.db.gz");
        assertThat(all.stderr()).contains("backup finished for: app-db shop.db cache files");

        Exec.Result one = sidecar.backupOk("cache");
        assertThat(one.stderr()).contains("backup of cache written").doesNotContain("backup of app-db");
        assertThat(sidecar.backups()).hasSize(5);

        Exec.Result unknown = sidecar.backup("nope");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("'nope' is not a configured container (configured: app-db shop.db cache files)");
    }

    @Test
    void oneFailingDatabaseFailsTheRunButTheOthersAreBackedUp() {
        PostgresDatabase pg = servers.newPostgresDatabase();
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = new Sidecar(servers);
        sidecar.add("pg", Sidecar.settings(pg));
        sidecar.add("cache", Map.of("DB_TYPE", "redis", "DB_HOST", redis.host(), "DB_PORT", String.valueOf(redis.port()),
                "DB_PASSWORD", "wrong"));
        Exec.Result result = sidecar.backup();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("backup failed for: cache");
        assertThat(sidecar.backups()).hasSize(1);
        assertThat(sidecar.backups().get(0).getFileName().toString()).startsWith("pg-");
    }

    @Test
    void passwordFileVariantIsRead() throws IOException {
        PostgresDatabase pg = servers.newPostgresDatabase();
        Sidecar sidecar = new Sidecar(servers).postgres("postgres", pg);
        Path secret = sidecar.shell.root().resolve("secret");
        Files.writeString(secret, pg.password() + "\n");
        sidecar.env.remove("DB_PASSWORD");
        sidecar.env.put("DB_PASSWORD_FILE", secret.toString());
        sidecar.backupOk();
        assertThat(sidecar.backups()).hasSize(1);
    }

    @Test
    void passwordsAppearInNoProcessListAndNoLog() throws Exception {
        PostgresDatabase pg = servers.newPostgresDatabase();
        PostgresBackupTest.seed(pg);
        MariaDbDatabase my = servers.newMariaDbDatabase();
        my.sql("CREATE TABLE t(x INT); INSERT INTO t VALUES (1);");
        RedisServer redis = servers.newRedis();
        redis.cli("SET", "k", "v");
        Path sqlite = servers.newDirectory("ds-lite").resolve("files.db");
        Sqlite.sql(sqlite, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        Sidecar sidecar = several(pg, my, redis, sqlite);
        // each client pauses briefly so the sampler surely sees it; it also records its own argv
        Path argvLog = sidecar.shell.root().resolve("argv.log");
        for (String client : List.of("pg_dump", "mariadb-dump", "redis-cli", "psql", "mariadb")) {
            sidecar.shell.wrapClient(client, "echo \"" + client + " $*\" >> '" + argvLog + "'\nsleep 0.3\nexec \"$REAL\" \"$@\"");
        }

        Set<String> seen = new HashSet<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                seen.addAll(processList());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        Exec.Result backup;
        Exec.Result restore;
        try {
            backup = sidecar.backupOk();
            Path pgFile = sidecar.backups().stream().filter(p -> p.getFileName().toString().startsWith("app-db-")).findFirst().orElseThrow();
            Path myFile = sidecar.backups().stream().filter(p -> p.getFileName().toString().startsWith("shop.db-")).findFirst().orElseThrow();
            restore = sidecar.restore(pgFile.toString(), "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            Exec.Result restoreMy = sidecar.restore(myFile.toString(), "--yes");
            assertThat(restoreMy.exitCode()).as(restoreMy.toString()).isZero();
            restore = new Exec.Result(restore.command(), 0, restore.stdout() + restoreMy.stdout(), restore.stderr() + restoreMy.stderr());
        } finally {
            stop.set(true);
            sampler.join();
        }

        String argv = Files.readString(argvLog);
        assertThat(seen).as("the sampler saw the clients run").anyMatch(c -> c.contains("pg_dump"))
                .anyMatch(c -> c.contains("mariadb-dump")).anyMatch(c -> c.contains("redis-cli"));
        assertThat(argv).contains("pg_dump ", "mariadb-dump ", "redis-cli ", "psql ", "mariadb ");
        for (String password : List.of(pg.password(), my.password(), redis.password())) {
            assertThat(seen).as("process list").noneMatch(c -> c.contains(password));
            assertThat(argv).as("client arguments").doesNotContain(password);
            assertThat(backup.output() + restore.output()).as("log").doesNotContain(password);
        }
        assertThat(sidecar.shell.tmp().toFile().list()).as("no option file with a password is left").isEmpty();
    }

    private static List<String> processList() {
        List<String> result = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                    result.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException ignored) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return result;
    }
}
