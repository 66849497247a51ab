package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisKeys;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup} then {@code restore} with local clients, for each database type, against real servers. */
class LocalRoundTripTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();

    private static final String SEED_SQL = """
            CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id integer PRIMARY KEY, customer integer REFERENCES customers(id), note text);
            INSERT INTO customers SELECT i, 'Kunde Nr. ' || i || ' – Grüße aus Köln, 東京' FROM generate_series(1, 3000) AS i;
            INSERT INTO orders SELECT i, 1 + i % 3000, repeat('ø', i % 17) FROM generate_series(1, 5000) AS i;
            """;

    private static final String COMPARE_SQL = "SELECT count(*), md5(string_agg(c.id || c.name, ',' ORDER BY c.id)) FROM customers c;"
            + " SELECT count(*), md5(string_agg(o.id || ':' || o.customer || o.note, ',' ORDER BY o.id)) FROM orders o;";

    @Test
    void postgresBacksUpAndRestoresEveryRow() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql(SEED_SQL);
        String before = db.sql(COMPARE_SQL);
        BackupEngine engine = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);

        List<Path> files = engine.backup(null);

        assertThat(files).singleElement().satisfies(file -> {
            assertThat(BackupFileName.parse(file.getFileName().toString())).isPresent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        });
        db.sql("DELETE FROM orders WHERE id % 2 = 0; UPDATE customers SET name = 'lost';");
        assertThat(db.sql(COMPARE_SQL)).isNotEqualTo(before);

        Optional<Path> safety = engine.restore(files.get(0).getFileName().toString(), null, question -> true);

        assertThat(db.sql(COMPARE_SQL)).isEqualTo(before);
        assertThat(safety).hasValueSatisfying(p -> assertThat(p).exists());
        assertThat(String.join("\n", log.lines)).doesNotContain(db.password()).contains("Safety copy of the current data");
    }

    @Test
    void mariadbBacksUpAndRestoresEveryRow() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("""
                CREATE TABLE customers (id int PRIMARY KEY, name varchar(200) NOT NULL) DEFAULT CHARSET=utf8mb4;
                INSERT INTO customers (id, name) SELECT seq, CONCAT('Kunde ', seq, ' – Grüße, 東京') FROM seq_1_to_3000;
                CREATE TABLE notes (id int PRIMARY KEY, body text) DEFAULT CHARSET=utf8mb4;
                INSERT INTO notes SELECT seq, REPEAT('ø', seq % 13) FROM seq_1_to_2000;
                """);
        String compare = "SELECT COUNT(*), MD5(GROUP_CONCAT(id, name ORDER BY id SEPARATOR ',')) FROM customers;"
                + " SELECT COUNT(*), MD5(GROUP_CONCAT(id, body ORDER BY id SEPARATOR ',')) FROM notes;";
        String before = db.sql("SET SESSION group_concat_max_len = 100000000; " + compare);
        BackupEngine engine = new BackupEngine(project(root,
                service("mariadb", DatabaseType.MARIADB, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);

        Path file = engine.backup("mariadb").get(0);
        db.sql("DROP TABLE notes; UPDATE customers SET name = 'lost';");
        engine.restore(file.getFileName().toString(), "mariadb", question -> true);

        assertThat(db.sql("SET SESSION group_concat_max_len = 100000000; " + compare)).isEqualTo(before);
    }

    @Test
    void redisRestoresIntoTheDataDirectoryOfAStoppedServer() throws Exception {
        RedisServer redis = servers.newRedis();
        redis.cli("RPUSH", "queue", "eins", "zwei", "drei – ü");
        redis.cli("HSET", "user:1", "name", "Zoë", "city", "東京");
        redis.cli("SET", "counter", "42");
        BackupEngine engine = new BackupEngine(project(root,
                service("redis", DatabaseType.REDIS, redis.host(), redis.port(), "0", "", redis.password())),
                settings(root, Via.LOCAL, "docker", redis.dataDir()), log);

        Path file = engine.backup(null).get(0);
        assertThat(file.getFileName().toString()).endsWith(".rdb.gz");
        redis.cli("FLUSHALL");

        assertThatThrownBy(() -> engine.restore(file.getFileName().toString(), null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is still running");

        redis.stop();
        engine.restore(file.getFileName().toString(), null, question -> true);
        redis.startAgain();

        assertThat(redis.cli("LRANGE", "queue", "0", "-1")).isEqualTo("eins\nzwei\ndrei – ü\n");
        assertThat(redis.cli("HGET", "user:1", "city").trim()).isEqualTo("東京");
        assertThat(redis.cli("GET", "counter").trim()).isEqualTo("42");
    }

    /**
     * With appendonly yes Redis loads its append-only files and ignores dump.rdb: a restore that
     * only replaced dump.rdb reported success while Redis came back with 1 key instead of 1,264.
     */
    @Test
    void redisInAppendOnlyModeComesBackWithEveryKeyOfTheSnapshot() throws Exception {
        RedisServer redis = servers.newRedis();
        redis.stop();
        redis.configure("appendonly yes");
        redis.startAgain();
        RedisKeys.fill(redis);
        BackupEngine engine = new BackupEngine(project(root,
                service("redis", DatabaseType.REDIS, redis.host(), redis.port(), "0", "", redis.password())),
                settings(root, Via.LOCAL, "docker", redis.dataDir()), log);
        Path file = engine.backup(null).get(0);
        redis.cli("FLUSHALL");
        redis.cli("SET", "written-after-the-backup", "1");
        redis.stop();

        engine.restore(file.getFileName().toString(), null, question -> true);
        redis.startAgain();

        assertThat(RedisKeys.count(redis)).isEqualTo(RedisKeys.COUNT);
        assertThat(redis.cli("HGET", "h:1", "name").trim()).isEqualTo("Zoë 1");
        assertThat(redis.cli("EXISTS", "written-after-the-backup").trim()).isEqualTo("0");
        assertThat(String.join("\n", log.lines)).contains("it must then hold " + RedisKeys.COUNT + " keys", "appendonlydir.before-restore-");
        // the restored data is Redis's own from now on: later writes and a restart keep it
        redis.cli("SET", "written-after-the-restore", "1");
        redis.stop();
        redis.startAgain();
        assertThat(RedisKeys.count(redis)).isEqualTo(RedisKeys.COUNT + 1);
        // a second restore (names have a resolution of a second) leaves what the first moved aside alone
        Thread.sleep(1100);
        redis.stop();
        engine.restore(file.getFileName().toString(), null, question -> true);
        redis.startAgain();
        assertThat(RedisKeys.count(redis)).isEqualTo(RedisKeys.COUNT);
        try (var entries = Files.list(redis.dataDir())) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("the append-only files before each restore are kept")
                    .filteredOn(n -> n.startsWith("appendonlydir.before-restore-")).hasSize(2)
                    .allMatch(n -> n.matches("appendonlydir\\.before-restore-[0-9T-]+"));
        }
    }

    @Test
    void mariadbEventsRoutinesAndTriggersSurvive() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sqlAsOwner("""
                CREATE TABLE visits (id int PRIMARY KEY, at datetime);
                CREATE TABLE audit (visit int);
                CREATE TRIGGER visits_audit AFTER INSERT ON visits FOR EACH ROW INSERT INTO audit VALUES (NEW.id);
                CREATE PROCEDURE tidy() DELETE FROM visits WHERE at < NOW() - INTERVAL 30 DAY;
                CREATE EVENT nightly_tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DO CALL tidy();
                INSERT INTO visits VALUES (1, NOW());
                """);
        String objects = "SELECT EVENT_NAME, EVENT_DEFINITION, INTERVAL_VALUE, INTERVAL_FIELD, STATUS FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = DATABASE(); SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE();"
                + " SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE();";
        String before = db.sql(objects);
        assertThat(before).contains("nightly_tidy", "tidy", "visits_audit");
        BackupEngine engine = new BackupEngine(project(root,
                service("mariadb", DatabaseType.MARIADB, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);

        Path file = engine.backup(null).get(0);
        db.sqlAsOwner("DROP EVENT nightly_tidy; DROP PROCEDURE tidy; DROP TRIGGER visits_audit;");
        engine.restore(file.getFileName().toString(), null, question -> true);

        assertThat(db.sql(objects)).isEqualTo(before);
    }

    /** As the sidecar's MariaDbBackupTest: the app user may not create objects for admin, so they come back as its own. */
    @Test
    void mariadbObjectsDefinedByAnotherUserComeBackWithTheRestoringUserAsDefiner() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("""
                CREATE TABLE visits (id int PRIMARY KEY);
                CREATE TABLE audit (visit int);
                INSERT INTO visits VALUES (1), (2);
                CREATE VIEW recent AS SELECT id FROM visits;
                CREATE TRIGGER visits_audit AFTER INSERT ON visits FOR EACH ROW INSERT INTO audit VALUES (NEW.id);
                """);
        String definers = "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()"
                + " UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE();";
        BackupEngine engine = new BackupEngine(project(root,
                service("mariadb", DatabaseType.MARIADB, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);
        Path file = engine.backup(null).get(0);
        db.sql("DROP VIEW recent; DROP TRIGGER visits_audit; DELETE FROM visits;");

        engine.restore(file.getFileName().toString(), null, question -> true);

        String me = db.user() + "@%";
        assertThat(db.sql(definers)).isEqualTo(me + "\n" + me + "\n");
        assertThat(db.sql("SELECT COUNT(*) FROM recent;")).isEqualTo("2\n");
        assertThat(log.at("WARN")).anyMatch(l -> l.startsWith("The views, triggers, routines and events"
                + " defined by admin@% now have " + me + " as their definer: user " + db.user() + " may not create objects"));
    }

    @Test
    void sqliteReplacesTheFileWithAnIntactCopy() throws Exception {
        Path database = Files.createDirectories(root.resolve("data")).resolve("app.db");
        Sqlite.sql(database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                + " INSERT INTO notes SELECT i, 'Notiz ' || i || ' – ü 東京' FROM n;");
        String compare = "SELECT count(*), sum(length(body)), max(body) FROM notes;";
        String before = Sqlite.sql(database, compare);
        BackupEngine engine = new BackupEngine(project(root,
                service("sqlite", DatabaseType.SQLITE, null, 0, "data/app.db", null, null)), settings(root, Via.LOCAL), log);

        Path file = engine.backup(null).get(0);
        Sqlite.sql(database, "DELETE FROM notes WHERE id > 10;");
        engine.restore("latest", null, question -> true);

        assertThat(Sqlite.sql(database, compare)).isEqualTo(before);
        assertThat(file.getFileName().toString()).endsWith(".db.gz");
    }

    @Test
    void aRestoreNobodyConfirmedChangesNothing() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (x int); INSERT INTO t VALUES (1);");
        BackupEngine engine = new BackupEngine(project(root,
                service("postgres", DatabaseType.POSTGRES, db.host(), db.port(), db.name(), db.user(), db.password())),
                settings(root, Via.LOCAL), log);
        Path file = engine.backup(null).get(0);
        db.sql("INSERT INTO t VALUES (2);");

        assertThatThrownBy(() -> engine.restore(file.getFileName().toString(), null, question -> false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("was not confirmed");

        assertThat(db.sql("SELECT count(*) FROM t;").trim()).isEqualTo("2");
        assertThat(engine.directory().list()).hasSize(1);
    }
}
