package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.Dumps;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rule for what a backup must hold lives twice, in Java ({@code BackupContent}) and in the
 * sidecar's shell ({@code verify_file}, {@code dump_header_ok}, {@code rdb_trailing_bytes}): the
 * same files get the same verdict from both. restore.sh runs without {@code --yes} and without an
 * answer, so a file it accepts ends at the question (or at the manual steps), never in a database.
 */
class ContentRuleParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static final String PG = "pg-2020-01-01T00-00-00.sql.gz";

    @Test
    void javaAndRestoreShJudgeEveryFileAlike() throws Exception {
        Sidecar sidecar = new Sidecar(servers);
        Path data = servers.newDirectory("ds-parity");
        sidecar.add("pg", Map.of("DB_TYPE", "postgres", "DB_HOST", "127.0.0.1", "DB_PORT", "1", "DB_NAME", "d", "DB_USER", "u",
                "DB_PASSWORD", "p"));
        sidecar.add("my", Map.of("DB_TYPE", "mariadb", "DB_HOST", "127.0.0.1", "DB_PORT", "1", "DB_NAME", "d", "DB_USER", "u",
                "DB_PASSWORD", "p"));
        sidecar.add("rd", Map.of("DB_TYPE", "redis", "DB_HOST", "127.0.0.1", "DB_PORT", "1", "DB_PASSWORD", "p"));
        sidecar.add("app", Sidecar.sqliteSettings(data.resolve("app.db")));

        String pg = Dumps.postgres("CREATE TABLE t (x int);\n".repeat(50));
        String my = Dumps.mariadb("INSERT INTO t VALUES (1);\n".repeat(50));
        byte[] rdb = rdb();
        Path database = data.resolve("model.db");
        Sqlite.sql(database, "CREATE TABLE n (id INTEGER PRIMARY KEY, b TEXT); CREATE INDEX nb ON n(b);"
                + " WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 3000) INSERT INTO n SELECT i, 'x' || i FROM k;");
        byte[] db = Files.readAllBytes(database);
        byte[] damaged = db.clone();
        Arrays.fill(damaged, 4096 * 3, 4096 * 3 + 2000, (byte) 0x5A);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PG, bytes(pg));
        files.put("pg-2020-01-02T00-00-00.sql.gz", bytes(pg.substring(0, pg.length() / 2)));
        files.put("pg-2020-01-03T00-00-00.sql.gz", bytes(my));
        files.put("pg-2020-01-04T00-00-00.sql.gz", bytes("DROP TABLE t;\n-- PostgreSQL database dump complete\n"));
        files.put("my-2020-01-01T00-00-00.sql.gz", bytes(my));
        files.put("my-2020-01-02T00-00-00.sql.gz", bytes(my.substring(0, my.length() - 40)));
        files.put("my-2020-01-03T00-00-00.sql.gz", bytes(pg));
        files.put("my-2020-01-04T00-00-00.sql.gz", bytes("/*M!999999\\- enable the sandbox mode */ \n" + my));
        files.put("rd-2020-01-01T00-00-00.rdb.gz", rdb);
        files.put("rd-2020-01-02T00-00-00.rdb.gz", concat(rdb, bytes("0123456789abcdef0123456789abcdef01234567")));
        files.put("rd-2020-01-03T00-00-00.rdb.gz", Arrays.copyOf(rdb, rdb.length - 4));
        files.put("rd-2020-01-04T00-00-00.rdb.gz", concat(rdb, bytes("not a transfer mark, forty characters...")));
        files.put("rd-2020-01-05T00-00-00.rdb.gz", bytes(pg));
        files.put("app-2020-01-01T00-00-00.db.gz", db);
        files.put("app-2020-01-02T00-00-00.db.gz", damaged);
        files.put("app-2020-01-03T00-00-00.db.gz", rdb);

        Map<String, Boolean> java = new LinkedHashMap<>();
        Map<String, Boolean> shell = new LinkedHashMap<>();
        BackupVerifier verifier = new BackupVerifier();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = sidecar.backupDir.resolve(file.getKey());
            Sidecar.gzip(file.getValue(), path);
            Sidecar.writeChecksum(path);
            java.put(file.getKey(), verifier.verify(path, Optional.of(type(file.getKey()))).good());
            Exec.Result result = sidecar.shell.exec(sidecar.env, "restore.sh", path.toString()).stdin("").run();
            assertThat(result.exitCode()).as(result.toString()).isNotZero();
            shell.put(file.getKey(), !result.stderr().contains("refusing to restore"));
        }

        assertThat(shell).isEqualTo(java);
        assertThat(java.values()).as("both kinds of verdict are among the files").contains(true, false);
        assertThat(java).containsEntry(PG, true).containsEntry("pg-2020-01-02T00-00-00.sql.gz", false)
                .containsEntry("rd-2020-01-02T00-00-00.rdb.gz", true).containsEntry("app-2020-01-02T00-00-00.db.gz", false);
    }

    private static DatabaseType type(String name) {
        return switch (name.substring(0, name.indexOf('-'))) {
            case "pg" -> DatabaseType.POSTGRES;
            case "my" -> DatabaseType.MARIADB;
            case "rd" -> DatabaseType.REDIS;
            default -> DatabaseType.SQLITE;
        };
    }

    /** An RDB's shape: magic and version, an aux field, the end-of-file opcode and an 8-byte checksum. */
    private static byte[] rdb() {
        byte[] body = "REDIS0011\u00fa\u0009redis-ver\u00057.0.15".getBytes(StandardCharsets.ISO_8859_1);
        return concat(body, new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8});
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
