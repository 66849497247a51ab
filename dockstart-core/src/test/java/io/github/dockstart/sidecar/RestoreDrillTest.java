package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.MySqlDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * restore.sh --drill and drill.sh against real servers: a backup is restored into a throwaway
 * target, compared with the live database, the verdict kept beside it; a drill that fails half way
 * leaves the live database as it was and no throwaway database behind, and makes the sidecar unhealthy.
 */
class RestoreDrillTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static final String SEED = """
            CREATE TABLE customers(id serial PRIMARY KEY, name text NOT NULL);
            INSERT INTO customers(name) SELECT 'Kunde ' || i FROM generate_series(1, 2000) i;
            CREATE TABLE orders(id int PRIMARY KEY, customer int REFERENCES customers);
            INSERT INTO orders SELECT i, i FROM generate_series(1, 500) i;
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 100;
            CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x';
            """;
    private static final String LIVE_CONTENT = "SELECT count(*), md5(string_agg(id || name, ',' ORDER BY id)) FROM customers;"
            + " SELECT count(*), sum(customer) FROM orders;";

    private static String result(Path backup) throws IOException {
        Path file = Path.of(backup + ".restore-test");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        return Files.readString(file);
    }

    /** The sidecar's user in a Compose project is the image's superuser; here it needs CREATEDB for its throwaway database. */
    private static PostgresDatabase seeded() {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.server().superSql("postgres", "ALTER ROLE " + db.user() + " CREATEDB;");
        db.sql(SEED);
        return db;
    }

    private static List<String> drillDatabases(PostgresDatabase db) {
        String rows = db.server().superSql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '%drill%' ORDER BY 1;");
        return rows.isBlank() ? List.of() : List.of(rows.strip().split("\n"));
    }

    @Test
    void postgresDrillRestoresIntoAThrowawayDatabaseComparesAndDropsIt() throws IOException {
        PostgresDatabase db = seeded();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        Path backup = sidecar.onlyBackup();
        String before = db.sql(LIVE_CONTENT);

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        String result = result(backup);
        assertThat(result).contains("verdict: passed", "restored into: database " + db.name() + "_drill_",
                "  table public.customers 2000", "  table public.orders 500", "  view public.big_orders ",
                "  function public.twice(integer) ", "  sequence public.customers_id_seq 2000");
        assertThat(drill.stderr()).contains("drill of " + backup + " passed", "dropped the throwaway database " + db.name() + "_drill_");
        assertThat(drillDatabases(db)).isEmpty();
        assertThat(db.sql(LIVE_CONTENT)).isEqualTo(before);
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    @Test
    void writesSinceTheBackupShowAsDifferencesNotAsAFailure() throws IOException {
        PostgresDatabase db = seeded();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        db.sql("INSERT INTO customers(name) VALUES ('new');");

        Exec.Result drill = sidecar.restore("--drill", "latest");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(sidecar.onlyBackup())).contains("verdict: differs", "- table public.customers 2001",
                "+ table public.customers 2000", "- sequence public.customers_id_seq 2001");
        assertThat(drill.stderr()).contains("figures differ from the live database now");
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    /** A valid, complete-looking dump whose SQL fails after the first table's rows went in. */
    private static Path failingHalfWay(Sidecar sidecar, Path good) {
        String dump = new String(Sidecar.gunzip(good), StandardCharsets.UTF_8);
        int afterFirstCopy = dump.indexOf("\n\\.\n") + 4;
        assertThat(afterFirstCopy).isGreaterThan(4);
        String broken = dump.substring(0, afterFirstCopy) + "SELECT 1 / 0;\n" + dump.substring(afterFirstCopy);
        Path file = sidecar.backupDir.resolve("app-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip(broken.getBytes(StandardCharsets.UTF_8), file);
        Sidecar.writeChecksum(file);
        return file;
    }

    @Test
    void aDrillThatFailsHalfWayLeavesTheLiveDatabaseAndNoThrowawayAndMakesTheSidecarUnhealthy() throws IOException {
        PostgresDatabase db = seeded();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        Path broken = failingHalfWay(sidecar, good);
        String before = db.sql(LIVE_CONTENT);
        String schemaBefore = db.sql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace;");

        Exec.Result drill = sidecar.restore("--drill", broken.getFileName().toString());

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(drill.stderr()).contains("division by zero", "the backup does not restore: loading it into the throwaway database",
                "dropped the throwaway database");
        assertThat(result(broken)).contains("verdict: failed", "reason: the backup does not restore")
                .doesNotContain("figures of the restored copy");
        assertThat(drillDatabases(db)).isEmpty();
        assertThat(db.sql(LIVE_CONTENT)).isEqualTo(before);
        assertThat(db.sql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace;"))
                .isEqualTo(schemaBefore);
        Exec.Result health = sidecar.run("healthcheck.sh");
        assertThat(health.exitCode()).as(health.toString()).isEqualTo(1);
        assertThat(health.stdout()).contains("unhealthy: the last restore drill of app failed (backup " + broken.getFileName());

        // a later drill that passes clears it
        assertThat(sidecar.restore("--drill", good.toString()).exitCode()).isZero();
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    @Test
    void aDrillKilledWhileLoadingStillDropsItsThrowawayDatabase() throws IOException {
        PostgresDatabase db = seeded();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.backupOk();
        String before = db.sql(LIVE_CONTENT);
        // psql dies part way through the load (the one call with --single-transaction)
        sidecar.shell.wrapClient("psql", """
                case "$*" in
                  *--single-transaction*)
                    { head -c 3000; sleep 5; cat; } 2>/dev/null | "$REAL" "$@" &
                    sleep 1; kill -9 $!; exit 137 ;;
                esac
                exec "$REAL" "$@"
                """);

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(drill.stderr()).contains("restore drill failed for: app");
        assertThat(result(sidecar.onlyBackup())).contains("verdict: failed");
        assertThat(drillDatabases(db)).isEmpty();
        assertThat(db.sql(LIVE_CONTENT)).isEqualTo(before);
    }

    @Test
    void afterBackupDrillsEachNewBackup() throws IOException {
        PostgresDatabase db = seeded();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.env.put("BACKUP_RESTORE_TEST", "after-backup");

        Exec.Result backup = sidecar.backupOk();

        assertThat(backup.stderr()).contains("passed");
        assertThat(result(sidecar.onlyBackup())).contains("verdict: passed");
    }

    @Test
    void aScheduleAddsTheDrillToTheCrontabAndABadValueIsRefused() {
        PostgresDatabase db = servers.newPostgresDatabase();
        Sidecar sidecar = new Sidecar(servers).postgres("app", db);
        sidecar.env.put("BACKUP_RESTORE_TEST", "0 5 * * 0");
        Exec.Result crontab = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(crontab.exitCode()).as(crontab.toString()).isZero();
        assertThat(crontab.stdout()).containsPattern("(?m)^0 5 \\* \\* 0 .*/drill\\.sh$");

        sidecar.env.put("BACKUP_RESTORE_TEST", "weekly");
        Exec.Result bad = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("BACKUP_RESTORE_TEST='weekly' has 1 fields");

        sidecar.env.put("BACKUP_RESTORE_TEST", "after-backup");
        assertThat(sidecar.run("entrypoint.sh", "--print-crontab").stdout()).doesNotContain("drill.sh");
    }

    @Test
    void mariadbDrillUsesAThrowawayDatabaseTheUserMayCreate() throws IOException {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sqlAsOwner("CREATE TABLE items(id int PRIMARY KEY, name varchar(20)); INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c');"
                + " CREATE VIEW few AS SELECT id FROM items WHERE id < 3;");
        Sidecar sidecar = new Sidecar(servers).mariadb("maria", db);
        sidecar.backupOk();
        Path backup = sidecar.onlyBackup();

        Exec.Result refused = sidecar.run("drill.sh");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("could not create the throwaway database " + db.name() + "_drill_",
                "GRANT ALL ON `" + db.name().replace("_", "\\_") + "\\_drill\\_%`.* TO '" + db.user() + "'@'%'");
        assertThat(result(backup)).contains("verdict: failed");

        db.server().adminSql("mysql", "GRANT ALL ON `" + db.name().replace("_", "\\_") + "\\_drill\\_%`.* TO '" + db.user() + "'@'%';");
        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(backup)).contains("verdict: passed", "  table items 3", "  view few ");
        assertThat(db.server().adminSql("mysql", "SHOW DATABASES LIKE '%drill%';")).isBlank();
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    @Test
    void mariadbDrillThatFailsHalfWayDropsItsThrowawayDatabase() throws IOException {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("CREATE TABLE a(id int PRIMARY KEY); INSERT INTO a VALUES (1), (2); CREATE TABLE b(id int PRIMARY KEY); INSERT INTO b VALUES (7);");
        db.server().adminSql("mysql", "GRANT ALL ON `" + db.name().replace("_", "\\_") + "\\_drill\\_%`.* TO '" + db.user() + "'@'%';");
        Sidecar sidecar = new Sidecar(servers).mariadb("maria", db);
        sidecar.backupOk();
        String dump = new String(Sidecar.gunzip(sidecar.onlyBackup()), StandardCharsets.UTF_8);
        int second = dump.indexOf("DROP TABLE IF EXISTS `b`");
        assertThat(second).isPositive();
        Path broken = sidecar.backupDir.resolve("maria-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip((dump.substring(0, second) + "INSERT INTO no_such_table VALUES (1);\n" + dump.substring(second))
                .getBytes(StandardCharsets.UTF_8), broken);
        Sidecar.writeChecksum(broken);

        Exec.Result drill = sidecar.restore("--drill", broken.getFileName().toString());

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(1);
        assertThat(result(broken)).contains("verdict: failed", "reason: the backup does not restore");
        assertThat(db.server().adminSql("mysql", "SHOW DATABASES LIKE '%drill%';")).isBlank();
        assertThat(db.sql("SELECT count(*) FROM a; SELECT count(*) FROM b;").split("\\s+")).containsExactly("2", "1");
    }

    @Test
    void mysql8DrillRestoresIntoAThrowawayDatabaseOverTlsAndDropsIt() throws IOException {
        MySqlDatabase db = servers.newMySqlDatabase();
        // the view's definer is the app's user, as when the app created it (root as definer would need SET_USER_ID to load)
        db.sql("CREATE TABLE items(id int PRIMARY KEY, name varchar(20)); INSERT INTO items VALUES (1, 'a'), (2, 'b');"
                + " CREATE DEFINER='" + db.user() + "'@'%' VIEW few AS SELECT id FROM items WHERE id < 2;");
        Sidecar sidecar = mysql8BackedUp(db);
        Path backup = sidecar.onlyBackup();

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(backup)).contains("verdict: passed", "  table items 2", "  view few ");
        assertThat(db.server().adminSql(null, "SHOW DATABASES LIKE '%drill%';")).isBlank();
        assertThat(db.sql("SELECT count(*) FROM items;").strip()).isEqualTo("2");
    }

    /** A sidecar for DB, whose user may make the drill's databases, and one backup of it. */
    private static Sidecar mysql8BackedUp(MySqlDatabase db) {
        db.server().adminSql(null, "GRANT ALL ON `" + db.name().replace("_", "\\_") + "\\_drill\\_%`.* TO '" + db.user() + "'@'%';");
        Sidecar sidecar = new Sidecar(servers).mysql("mysql", db);
        sidecar.backupOk();
        return sidecar;
    }

    /** A view root made: the app user may not name root as definer (SET_USER_ID), so the copy has its own, and says so. */
    @Test
    void mysql8DrillOfAViewRootDefinedLoadsWithTheAppUserAsDefinerAndSaysSo() throws IOException {
        MySqlDatabase db = servers.newMySqlDatabase();
        db.sql("CREATE TABLE items(id int PRIMARY KEY); INSERT INTO items VALUES (1), (2); CREATE VIEW few AS SELECT id FROM items WHERE id < 2;");
        Sidecar sidecar = mysql8BackedUp(db);
        Path backup = sidecar.onlyBackup();

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.output()).contains("WARNING: the views, triggers, routines and events defined by root@localhost now have "
                + db.user() + "@% as their definer");
        assertThat(result(backup)).contains("verdict: differs", "  table items 2", "- role root@localhost 1", "+ role " + db.user() + "@% 1");
        assertThat(db.server().adminSql(null, "SHOW DATABASES LIKE '%drill%';")).isBlank();
    }

    @Test
    void redisDrillLoadsTheSnapshotIntoATemporaryServer() throws IOException {
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = Sidecar.redisBackedUp(servers, redis, "SET a 1\nSET b 2\nHSET h f v\nRPUSH l x y\nSELECT 3\nSADD s m\n");

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(sidecar.onlyBackup())).contains("verdict: passed", "  keys db0 4", "  string db0 2", "  hash db0 1",
                "  list db0 1", "  keys db3 1", "  set db3 1");
        assertThat(redis.cli("DBSIZE").strip()).isEqualTo("4");
    }

    @Test
    void withoutARedisServerTheRedisDrillIsSkippedAndTheSidecarStaysHealthy() throws IOException {
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = Sidecar.redisBackedUp(servers, redis, "SET a 1\n");
        // the sidecar's image has valkey-cli only
        Files.delete(sidecar.shell.clients().resolve("redis-server"));

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(sidecar.onlyBackup())).contains("verdict: skipped", "reason: neither redis-server nor valkey-server is installed");
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    /**
     * A snapshot of a newer Redis than the sidecar's server (the stack's redis:8 ahead of Alpine's
     * package) is not a failed backup: the drill says why it cannot tell, and the sidecar stays
     * healthy. Stood in by this machine's snapshot with a format version no server has.
     */
    @Test
    void aSnapshotInAFormatNewerThanTheServerIsSkippedNotFailed() throws IOException {
        RedisServer redis = servers.newRedis();
        Sidecar sidecar = Sidecar.redisBackedUp(servers, redis, "SET a 1\n");
        Path backup = sidecar.onlyBackup();
        Sidecar.withRdbFormatVersion(backup, "0099");

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(backup)).contains("verdict: skipped", "reason: Redis server v=", "cannot read RDB format version 0099 of this"
                + " snapshot, which a newer server wrote");
        assertThat(drill.output()).contains("WARNING: drill of " + backup + " skipped");
        assertThat(sidecar.run("healthcheck.sh").exitCode()).isZero();
    }

    @Test
    void sqliteDrillChecksATemporaryCopy() throws IOException {
        Path dir = servers.newDirectory("ds-sqlite");
        Path file = dir.resolve("app.db");
        Sqlite.sql(file, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('a'), ('b');"
                + " CREATE INDEX by_body ON notes(body);");
        Sidecar sidecar = new Sidecar(servers).sqlite("notes", file);
        sidecar.backupOk();
        String before = Sidecar.sha256(file);

        Exec.Result drill = sidecar.run("drill.sh");

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(result(sidecar.onlyBackup())).contains("verdict: passed", "  table notes 2", "  index by_body ");
        assertThat(Sidecar.sha256(file)).isEqualTo(before);
    }
}
