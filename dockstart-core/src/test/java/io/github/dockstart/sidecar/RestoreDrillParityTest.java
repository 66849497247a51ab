package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.BackupTable;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.restore.RestoreDrill;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host's restore drill (the engine behind {@code dockstart:verify -Ddockstart.restoreTest}) against
 * real servers: it counts the same figures as the sidecar's (both read drill-*.sql), writes the same
 * {@code .restore-test} file, leaves the live database alone when the load fails half way, and
 * {@code list} shows the last verdict.
 */
class RestoreDrillParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private final List<String> lines = new ArrayList<>();

    private BackupEngine engine(Sidecar sidecar, DatabaseService service) {
        Path root = sidecar.backupDir.getParent();
        DockstartLog log = new DockstartLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add("WARN " + message);
            }

            @Override
            public void debug(String message) {
            }
        };
        return new BackupEngine(new ProjectModel(root, "demo", "17", List.of(service), null, List.of()),
                new EngineSettings(root, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null, ZoneOffset.UTC,
                        Optional.empty()), log);
    }

    private BackupEngine redisEngine(Sidecar sidecar, RedisServer redis) {
        return engine(sidecar, service("cache", DatabaseType.REDIS, redis.host(), redis.port(), "0", null, redis.password()));
    }

    private static DatabaseService service(String name, DatabaseType type, String host, int port, String db, String user, String password) {
        return new DatabaseService(name, type, type.defaultImage(), host, port, db, user, password,
                type == DatabaseType.SQLITE ? db : null, false, List.of());
    }

    /** The figures section of a .restore-test file: the part both sides must write alike. */
    private static List<String> figures(Path backup) throws IOException {
        Path file = Path.of(backup + ".restore-test");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> all = Files.readAllLines(file);
        int start = all.indexOf(all.stream().filter(l -> l.startsWith("figures of the restored copy: ")).findFirst().orElseThrow());
        return all.subList(start, all.size());
    }

    private static String verdictLine(Path backup) throws IOException {
        return Files.readAllLines(Path.of(backup + ".restore-test")).get(1);
    }

    /** Drills with the sidecar, then the host, and returns both files' figures. */
    private List<List<String>> bothSides(Sidecar sidecar, BackupEngine engine, Path backup) throws IOException {
        Exec.Result drill = sidecar.restore("--drill", backup.toString());
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(verdictLine(backup)).isEqualTo("verdict: passed");
        List<String> sidecarFigures = figures(backup);
        Files.delete(Path.of(backup + ".restore-test"));
        List<RestoreDrill.Result> results = engine.drill(null, null);
        assertThat(results).singleElement().satisfies(r -> assertThat(r.verdict()).as(String.join("\n", lines)).isEqualTo(RestoreDrill.Verdict.PASSED));
        assertThat(verdictLine(backup)).isEqualTo("verdict: passed");
        return List.of(sidecarFigures, figures(backup));
    }

    @Test
    void postgresHostAndSidecarCountTheSameFiguresAndListShowsTheVerdict() throws IOException {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.server().superSql("postgres", "ALTER ROLE " + db.user() + " CREATEDB;");
        db.sql("CREATE TABLE t(id serial PRIMARY KEY, v text); INSERT INTO t(v) SELECT 'x' || i FROM generate_series(1, 300) i;"
                + " CREATE VIEW w AS SELECT v FROM t; CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS 'SELECT a';"
                + " SELECT lo_from_bytea(0, 'blob'::bytea);");
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        Path backup = sidecar.onlyBackup();
        BackupEngine engine = engine(sidecar, service("app", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password()));

        List<List<String>> both = bothSides(sidecar, engine, backup);

        assertThat(both.get(1)).isEqualTo(both.get(0)).contains("  table public.t 300", "  large-objects all 1");
        List<String> table = BackupTable.local(engine.list(), sidecar.backupDir);
        assertThat(table.get(0)).contains("RESTORE DRILL");
        assertThat(table.get(1)).containsPattern("passed \\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void aHostDrillThatFailsHalfWayLeavesTheLiveDatabaseAndNoThrowaway() throws IOException {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.server().superSql("postgres", "ALTER ROLE " + db.user() + " CREATEDB;");
        db.sql("CREATE TABLE a(id int PRIMARY KEY); INSERT INTO a SELECT generate_series(1, 100); CREATE TABLE b(id int);");
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        String dump = new String(Sidecar.gunzip(sidecar.onlyBackup()), StandardCharsets.UTF_8);
        int afterFirstCopy = dump.indexOf("\n\\.\n") + 4;
        Path broken = sidecar.backupDir.resolve("app-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip((dump.substring(0, afterFirstCopy) + "SELECT 1 / 0;\n" + dump.substring(afterFirstCopy))
                .getBytes(StandardCharsets.UTF_8), broken);
        Sidecar.writeChecksum(broken);
        String before = db.sql("SELECT count(*), sum(id) FROM a; SELECT count(*) FROM b;");
        BackupEngine engine = engine(sidecar, service("app", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password()));

        List<RestoreDrill.Result> results = engine.drill(broken.getFileName().toString(), null);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(RestoreDrill.Verdict.FAILED);
            assertThat(r.reason()).contains("the backup does not restore", "division by zero");
        });
        assertThat(verdictLine(broken)).isEqualTo("verdict: failed");
        assertThat(db.server().superSql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%drill%';").strip()).isEqualTo("0");
        assertThat(db.sql("SELECT count(*), sum(id) FROM a; SELECT count(*) FROM b;")).isEqualTo(before);
        assertThat(BackupTable.local(engine.list(), sidecar.backupDir)).anySatisfy(l -> assertThat(l).contains("FAILED 20"));
    }

    @Test
    void mariadbHostAndSidecarCountTheSameFigures() throws IOException {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sqlAsOwner("CREATE TABLE items(id int PRIMARY KEY); INSERT INTO items VALUES (1), (2);"
                + " CREATE VIEW v AS SELECT id FROM items; CREATE TRIGGER tr BEFORE INSERT ON items FOR EACH ROW SET NEW.id = NEW.id;");
        db.server().adminSql("mysql", "GRANT ALL ON `" + db.name().replace("_", "\\_") + "\\_drill\\_%`.* TO '" + db.user() + "'@'%';");
        Sidecar sidecar = new Sidecar(servers).mariadb("maria", db);
        sidecar.backupOk();
        BackupEngine engine = engine(sidecar, service("maria", DatabaseType.MARIADB, db.host(), db.port(), db.name(), db.user(), db.password()));

        List<List<String>> both = bothSides(sidecar, engine, sidecar.onlyBackup());

        assertThat(both.get(1)).isEqualTo(both.get(0)).contains("  table items 2", "  role " + db.user() + "@% 2");
        assertThat(db.server().adminSql("mysql", "SHOW DATABASES LIKE '%drill%';")).isBlank();
    }

    @Test
    void sqliteHostAndSidecarCountTheSameFigures() throws IOException {
        Path file = servers.newDirectory("ds-sqlite").resolve("app.db");
        Sqlite.sql(file, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('a'), ('b'), ('c');"
                + " CREATE VIEW v AS SELECT body FROM notes;");
        Sidecar sidecar = new Sidecar(servers).sqlite("notes", file);
        sidecar.backupOk();
        // the project's file, as the host finds it: relative to the project root
        Path root = sidecar.backupDir.getParent();
        Files.copy(file, root.resolve("app.db"));
        BackupEngine engine = engine(sidecar, service("notes", DatabaseType.SQLITE, null, 0, "app.db", null, null));

        List<List<String>> both = bothSides(sidecar, engine, sidecar.onlyBackup());

        assertThat(both.get(1)).isEqualTo(both.get(0)).contains("  table notes 3", "  view v 39");
    }

    @Test
    void redisHostAndSidecarCountTheSameFigures() throws IOException {
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = Sidecar.redisBackedUp(servers, redis, "SET a 1\nSET b 2\nHSET h f v\nRPUSH l x y\nSELECT 2\nSADD s m n\nZADD z 1 q\n");
        BackupEngine engine = redisEngine(sidecar, redis);

        List<List<String>> both = bothSides(sidecar, engine, sidecar.onlyBackup());

        assertThat(both.get(1)).isEqualTo(both.get(0)).contains("  keys db0 4", "  string db0 2", "  hash db0 1", "  list db0 1",
                "  keys db2 2", "  set db2 1", "  zset db2 1");
        assertThat(redis.pipe("DBSIZE\n").strip()).isEqualTo("4");
        assertThat(lines).anyMatch(l -> l.contains("restored into a temporary redis-server of this machine"));
    }

    /** As the sidecar: a snapshot newer than the server at hand is skipped (said why), not failed; verify does not fail on it. */
    @Test
    void aRedisSnapshotNewerThanTheServerHereIsSkippedOnTheHostToo() throws IOException {
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = Sidecar.redisBackedUp(servers, redis, "SET a 1\n");
        Path backup = sidecar.onlyBackup();
        Sidecar.withRdbFormatVersion(backup, "0099");
        BackupEngine engine = redisEngine(sidecar, redis);

        List<RestoreDrill.Result> results = engine.drill(null, null);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(RestoreDrill.Verdict.SKIPPED);
            assertThat(r.reason()).startsWith("Redis server v=").contains("cannot read RDB format version 0099 of this snapshot");
        });
        assertThat(verdictLine(backup)).isEqualTo("verdict: skipped");
    }
}
