package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MySqlDatabase;
import io.github.dockstart.testing.servers.MySqlServer;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host goals' {@code backup} and {@code restore} with local clients against a real MySQL 8
 * server (caching_sha2_password, a self-signed certificate). The engine runs in a JVM of its own
 * whose {@code MYSQL_HOME} makes the machine's MariaDB client verify server certificates, as the
 * MariaDB 11.4 clients of newer hosts do by default.
 */
class LocalMySqlRoundTripTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    @Test
    void backupAndRestoreOverTlsWithAClientThatWouldVerifyTheCertificate() {
        MySqlDatabase db = servers.newMySqlDatabase();
        db.sql("""
                SET SESSION cte_max_recursion_depth = 10000;
                CREATE TABLE customers (id int PRIMARY KEY, name varchar(200) NOT NULL) DEFAULT CHARSET=utf8mb4;
                INSERT INTO customers WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000)
                  SELECT n, CONCAT('Kunde ', n, ' – Grüße, 東京') FROM seq;
                """);
        String compare = "SET SESSION group_concat_max_len = 100000000;"
                + " SELECT COUNT(*), MD5(GROUP_CONCAT(id, name ORDER BY id SEPARATOR ',')) FROM customers;";
        String before = db.sql(compare);
        Map<String, String> verifying = Map.of("MYSQL_HOME",
                MySqlServer.verifyingClientHome(servers.newDirectory("ds-myhome")).toString());

        Exec.Result premise = Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--protocol=TCP",
                "--host=" + db.host(), "--port=" + String.valueOf(db.port()), "--user=" + db.user(), "-e", "SELECT 1", db.name())
                .env(verifying).env("MYSQL_PWD", db.password()).run();
        assertThat(premise.exitCode()).as("a verifying client is refused: " + premise).isNotZero();
        assertThat(premise.stderr()).contains("self-signed certificate");

        long handshakes = db.server().tlsHandshakes();
        Exec.Result backup = goal(verifying, db, "backup", "");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        String file = backup.stdout().strip();
        assertThat(BackupFileName.parse(file)).as(file).isPresent();
        assertThat(db.server().tlsHandshakes()).as("the dump still travels over TLS").isGreaterThan(handshakes);

        db.sql("DELETE FROM customers WHERE id > 10; UPDATE customers SET name = 'lost';");
        assertThat(db.sql(compare)).isNotEqualTo(before);

        Exec.Result restore = goal(verifying, db, "restore", file);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.sql(compare)).isEqualTo(before);
        assertThat(backup.stdout() + backup.stderr() + restore.stdout() + restore.stderr()).doesNotContain(db.password());
    }

    /** {@link Goal} in a JVM of its own with {@code env}; the password goes through standard input. */
    private Exec.Result goal(Map<String, String> env, MySqlDatabase db, String action, String file) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Exec.of(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Goal.class.getName(), action,
                        root.toString(), db.host(), String.valueOf(db.port()), db.name(), db.user(), file))
                .env(env).stdin(db.password() + "\n").timeout(Duration.ofMinutes(3)).run();
    }

    /** Runs one goal of the engine with local clients; prints the backup's file name. */
    public static final class Goal {
        public static void main(String[] args) throws Exception {
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Path root = Path.of(args[1]);
            BackupEngine engine = new BackupEngine(project(root, service("mysql", DatabaseType.MYSQL, args[2],
                    Integer.parseInt(args[3]), args[4], args[5], password)), settings(root, Via.LOCAL),
                    new RecordingLog());
            if (args[0].equals("backup")) {
                System.out.println(engine.backup("mysql").get(0).getFileName());
            } else {
                engine.restore(args[6], "mysql", question -> true);
            }
        }
    }
}
