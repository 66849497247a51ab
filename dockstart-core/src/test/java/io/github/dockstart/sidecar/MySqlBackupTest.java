package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MySqlDatabase;
import io.github.dockstart.testing.servers.MySqlServer;
import io.github.dockstart.testing.servers.TestServers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * backup.sh / restore.sh of DB_TYPE mysql against a real MySQL 8 server (caching_sha2_password, a
 * self-signed certificate), with the machine's MariaDB client verifying server certificates as
 * Alpine 3.22's MariaDB 11.4 client in the sidecar does by default.
 */
class MySqlBackupTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private MySqlDatabase db;
    private Sidecar sidecar;
    private Path verifyingHome;

    @BeforeEach
    void setUp() {
        db = servers.newMySqlDatabase();
        sidecar = new Sidecar(servers).mysql("mysql", db);
        verifyingHome = MySqlServer.verifyingClientHome(servers.newDirectory("ds-myhome"));
        sidecar.env.put("MYSQL_HOME", verifyingHome.toString());
        db.sql("""
                SET SESSION cte_max_recursion_depth = 10000;
                CREATE TABLE customers(id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, city VARCHAR(50), data BLOB);
                INSERT INTO customers(name, city, data)
                  WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000)
                  SELECT CONCAT('Kunde ', n, ' Grüße 日本語 ☃ \\'q\\' \\\\ end'), IF(n % 3 = 0, 'Zürich', 'Łódź'), UNHEX(MD5(n)) FROM seq;
                CREATE TABLE orders(id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note TEXT,
                  FOREIGN KEY (customer_id) REFERENCES customers(id));
                INSERT INTO orders(customer_id, amount, note)
                  WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 5000)
                  SELECT 1 + (n % 3000), n * 1.25, CONCAT('naïve café ', MD5(n)) FROM seq;
                """);
    }

    private String content() {
        return db.sql("SELECT COUNT(*) FROM customers; SELECT id, name, city, HEX(data) FROM customers ORDER BY id;"
                + " SELECT * FROM orders ORDER BY id;");
    }

    @Test
    void aClientThatVerifiesTheCertificateIsRefusedByThisServer() {
        // the premise of the tests below: the same login, verifying, fails on MySQL's own certificate
        Exec.Result result = sidecar.shell.sh(Map.of("MYSQL_HOME", verifyingHome.toString(), "MYSQL_PWD", db.password()),
                "mariadb --protocol=TCP --host=" + db.host() + " --port=" + db.port() + " --user=" + db.user()
                        + " -e 'SELECT 1' " + db.name());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("self-signed certificate");
    }

    @Test
    void roundTripOverTlsWithoutVerifyingTheSelfSignedCertificate() throws Exception {
        String before = content();
        assertThat(before).contains("Grüße 日本語 ☃", "Zürich", "naïve café");
        long handshakes = db.server().tlsHandshakes();

        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        assertThat(db.server().tlsHandshakes()).as("the dump still travels over TLS").isGreaterThan(handshakes);
        assertThat(file.getFileName().toString()).matches("mysql-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.sql\\.gz");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new String(Sidecar.gunzip(file), StandardCharsets.UTF_8)).contains("-- Dump completed", "CREATE TABLE `orders`");

        db.sql("DELETE FROM orders WHERE id > 5; DELETE FROM customers WHERE id > 100; UPDATE customers SET name = 'gone';");
        assertThat(content()).isNotEqualTo(before);

        Exec.Result restore = sidecar.restore(file.getFileName().toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content()).isEqualTo(before);
        assertThat(sidecar.shell.tmp().toFile().list()).as("the option file with the password is removed").isEmpty();
    }

    @Test
    void wrongPasswordIsStillRefusedAndLeavesNoBackup() {
        sidecar.env.put("DB_PASSWORD", "wrong");
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, Map.of(), "backup of mysql (mysql) failed");
        assertThat(result.stderr()).contains("Access denied");
    }
}
