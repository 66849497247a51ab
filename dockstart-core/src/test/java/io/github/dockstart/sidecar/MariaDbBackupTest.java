package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.TestServers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** backup.sh / restore.sh against a real MariaDB server (DB_TYPE mariadb, and mysql with the same client). */
class MariaDbBackupTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private MariaDbDatabase db;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        db = servers.newMariaDbDatabase();
        sidecar = new Sidecar(servers).mariadb("mariadb", db);
        db.sql("""
                CREATE TABLE customers(id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, city VARCHAR(50), data BLOB);
                INSERT INTO customers(name, city, data)
                  SELECT CONCAT('Kunde ', seq, ' Grüße 日本語 ☃ \\'q\\' \\\\ end'), IF(seq % 3 = 0, 'Zürich', 'Łódź'), UNHEX(MD5(seq))
                  FROM seq_1_to_3000;
                CREATE TABLE orders(id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note TEXT,
                  FOREIGN KEY (customer_id) REFERENCES customers(id));
                INSERT INTO orders(customer_id, amount, note) SELECT 1 + (seq % 3000), seq * 1.25, CONCAT('naïve café ', MD5(seq)) FROM seq_1_to_5000;
                """);
    }

    private String content() {
        return db.sql("SELECT COUNT(*) FROM customers; SELECT id, name, city, HEX(data) FROM customers ORDER BY id;"
                + " SELECT * FROM orders ORDER BY id;");
    }

    @Test
    void roundTripRestoresEveryRow() throws Exception {
        String before = content();
        assertThat(before).contains("Grüße 日本語 ☃", "Zürich", "naïve café");

        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        assertThat(file.getFileName().toString()).matches("mariadb-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.sql\\.gz");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(Path.of(file + ".sha256"))).isEqualTo(Sidecar.sha256(file) + "  " + file.getFileName() + "\n");
        assertThat(new String(Sidecar.gunzip(file), StandardCharsets.UTF_8)).contains("-- Dump completed");

        db.sql("DELETE FROM orders WHERE id > 5; DELETE FROM customers WHERE id > 100; UPDATE customers SET name = 'gone';");
        assertThat(content()).isNotEqualTo(before);

        Exec.Result restore = sidecar.restore(file.getFileName().toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content()).isEqualTo(before);
        assertThat(sidecar.shell.tmp().toFile().list()).as("the option file with the password is removed").isEmpty();
    }

    @Test
    void mysqlTypeUsesTheSameClientsAndContract() {
        sidecar.env.put("DB_TYPE", "mysql");
        sidecar.env.put("DB_CONTAINER", "mysql");
        String before = content();
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        assertThat(file.getFileName().toString()).startsWith("mysql-").endsWith(".sql.gz");
        db.sql("DELETE FROM orders;");
        assertThat(sidecar.restore(file.toString(), "--yes").exitCode()).isZero();
        assertThat(content()).isEqualTo(before);
    }

    @Test
    void restoreRefusesAPostgresDump() throws Exception {
        Path pgDump = sidecar.backupDir.resolve("mariadb-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip("--\n-- PostgreSQL database dump\n--\nDROP TABLE customers;\n-- PostgreSQL database dump complete\n"
                .getBytes(StandardCharsets.UTF_8), pgDump);
        Sidecar.writeChecksum(pgDump);
        String before = content();
        Exec.Result result = sidecar.restore(pgDump.toString(), "--yes");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("refusing to restore", "is not a MySQL/MariaDB dump");
        assertThat(content()).isEqualTo(before);
    }

    private Map<String, String> olderBackup() {
        sidecar.backupOk();
        return sidecar.snapshot();
    }

    @Test
    void dumpKilledMidStream() {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("mariadb-dump", "\"$REAL\" \"$@\" | { head -c 100000; kill -9 $$; }");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "backup of mariadb (mariadb) failed: mariadb-dump exited with status 137");
    }

    @Test
    void databaseUnreachable() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PORT", String.valueOf(FreePort.find()));
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "backup of mariadb (mariadb) failed: mariadb-dump exited with status 2");
        assertThat(result.stderr()).contains("Can't connect");
    }

    @Test
    void wrongPassword() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PASSWORD", "wrong");
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "backup of mariadb (mariadb) failed");
        assertThat(result.stderr()).contains("Access denied");
    }

    @Test
    void aPasswordWithALineBreakIsWrittenToTheOptionFileAndNeverLogged() {
        // a line break, a carriage return, a tab, quotes, a backslash and a hash: the option file's hard cases
        String password = "first line\nsecond=line #x\r\t'\"\\end";
        db.sql("ALTER USER '" + db.user() + "'@'%' IDENTIFIED BY '" + password.replace("\\", "\\\\").replace("'", "\\'")
                .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'; FLUSH PRIVILEGES;");
        sidecar.env.put("DB_PASSWORD", password);
        String before = content();

        Exec.Result backup = sidecar.backupOk();
        db.sql("DELETE FROM orders;");
        Exec.Result restore = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content()).isEqualTo(before);
        for (String part : List.of("first line", "second=line", "end")) {
            assertThat(backup.stdout() + backup.stderr() + restore.stdout() + restore.stderr()).doesNotContain(part);
        }
    }

    @Test
    void eventsRoutinesAndTriggersSurviveBackupAndRestore() {
        // the scheduler need not run: events are objects of the database all the same
        db.sqlAsOwner("""
                CREATE TABLE audit (customer int);
                CREATE TRIGGER customers_audit AFTER INSERT ON customers FOR EACH ROW INSERT INTO audit VALUES (NEW.id);
                CREATE PROCEDURE tidy() DELETE FROM orders WHERE amount < 0;
                CREATE EVENT nightly_tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DO CALL tidy();
                """);
        String objects = "SELECT EVENT_NAME, EVENT_DEFINITION, INTERVAL_VALUE, INTERVAL_FIELD, STATUS FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = DATABASE(); SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE();"
                + " SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE();";
        String before = db.sql(objects);
        assertThat(before).contains("nightly_tidy", "tidy", "customers_audit");

        sidecar.backupOk();
        db.sqlAsOwner("DROP EVENT nightly_tidy; DROP PROCEDURE tidy; DROP TRIGGER customers_audit;");
        Exec.Result restore = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.sql(objects)).isEqualTo(before);
    }

    /**
     * Objects made by another user (as the image's init scripts make them, as root) name that user as
     * their definer. The app user may not create objects for another user: before, the restore stopped
     * half way with ERROR 1227, and so did the restore of its safety copy.
     */
    @Test
    void objectsDefinedByAnotherUserComeBackWithTheRestoringUserAsDefiner() {
        db.sql("""
                CREATE TABLE audit (customer int);
                CREATE VIEW zurich AS SELECT id, name FROM customers WHERE city = 'Zürich';
                CREATE TRIGGER customers_audit AFTER INSERT ON customers FOR EACH ROW INSERT INTO audit VALUES (NEW.id);
                CREATE EVENT nightly_tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DO DELETE FROM audit;
                """);
        String definers = "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()"
                + " UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                + " UNION ALL SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE();";
        assertThat(db.sql(definers)).isEqualTo("admin@%\nadmin@%\nadmin@%\n");
        String before = content();
        sidecar.backupOk();
        db.sql("DELETE FROM orders; DROP VIEW zurich; DROP TRIGGER customers_audit; DROP EVENT nightly_tidy;");

        Exec.Result restore = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content()).isEqualTo(before);
        String me = db.user() + "@%";
        assertThat(db.sql(definers)).isEqualTo(me + "\n" + me + "\n" + me + "\n");
        assertThat(db.sql("SELECT COUNT(*) FROM zurich;")).isEqualTo("1000\n");
        assertThat(restore.output()).contains("WARNING: the views, triggers, routines and events defined by admin@% now have "
                + me + " as their definer: user " + db.user() + " may not create objects for another user");
    }

    @Test
    void aUserWhoMayNameAnyDefinerKeepsTheDefiners() {
        String keeper = "keeper_" + db.name();
        db.sql("CREATE VIEW zurich AS SELECT id FROM customers WHERE city = 'Zürich';"
                + " CREATE USER '" + keeper + "'@'%' IDENTIFIED BY 'keeper-pw'; GRANT ALL PRIVILEGES ON *.* TO '" + keeper + "'@'%';");
        sidecar.env.put("DB_USER", keeper);
        sidecar.env.put("DB_PASSWORD", "keeper-pw");
        sidecar.backupOk();
        db.sql("DROP VIEW zurich;");

        Exec.Result restore = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.sql("SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE();")).isEqualTo("admin@%\n");
        assertThat(restore.output()).doesNotContain("definer");
    }

    @Test
    void dumpCutShortButExitingZeroIsNotKept() {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("mariadb-dump", "\"$REAL\" \"$@\" | head -c 100000\nexit 0");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before,
                "the dump is incomplete or its gzip stream is damaged (no end marker from mariadb-dump)");
    }
}
