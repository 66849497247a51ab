package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.Dumps;
import io.github.dockstart.testing.servers.Sqlite;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTest {

    @TempDir
    Path dir;

    private final BackupVerifier verifier = new BackupVerifier();

    private Path backupWithChecksum(String name, String dump) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(dump.getBytes(StandardCharsets.UTF_8));
        }
        writeChecksum(file);
        return file;
    }

    private static void writeChecksum(Path file) throws IOException {
        String hex = HexFormat.of().formatHex(BackupVerifier.sha256().digest(Files.readAllBytes(file)));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), hex + "  " + file.getFileName() + "\n");
    }

    @Test
    void acceptsACompleteBackup() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", Dumps.postgres("CREATE TABLE t (x int);\n".repeat(1000)));

        assertThat(verifier.verify(file).good()).isTrue();
    }

    @Test
    void refusesATruncatedGzipEvenWithAMatchingChecksum() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "x".repeat(100_000) + "y");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        writeChecksum(file);

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("truncated"));
    }

    @Test
    void refusesAChecksumMismatch() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", Dumps.postgres("SELECT 1;"));
        Path other = backupWithChecksum("other.sql.gz", "SELECT 2;\n");
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"),
                Files.readString(other.resolveSibling("other.sql.gz.sha256")).replace("other.sql.gz", file.getFileName().toString()));

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("does not match its checksum"));
    }

    @Test
    void refusesAMissingChecksumAndAMissingFile() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", Dumps.postgres("SELECT 1;"));
        Files.delete(file.resolveSibling(file.getFileName() + ".sha256"));

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("no valid checksum file"));
        assertThat(verifier.verify(dir.resolve("absent.sql.gz")).good()).isFalse();
    }

    @Test
    void refusesAFileThatIsNotGzip() throws IOException {
        Path file = dir.resolve("postgres-2026-11-25T03-00-00.sql.gz");
        Files.writeString(file, "CREATE TABLE plain_text (x int);\n");
        writeChecksum(file);

        assertThat(verifier.verify(file).problem()).hasValueSatisfying(p -> assertThat(p).contains("not a valid gzip file"));
    }

    // --- content: a whole gzip of half a dump, or of something else, is not a backup

    private String problem(Path file) {
        return verifier.verify(file).problem().orElse("(good)");
    }

    @Test
    void refusesAPostgresDumpCutShortInAWholeGzip() throws IOException {
        String dump = Dumps.postgres("CREATE TABLE t (x int);\n".repeat(1000));
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", dump.substring(0, dump.length() / 2));

        assertThat(problem(file)).isEqualTo("Backup " + file + " is an incomplete PostgreSQL dump: it lacks the end marker"
                + " '-- PostgreSQL database dump complete' (the dump was cut short).");
    }

    @Test
    void refusesAMariadbDumpCutShortInAWholeGzip() throws IOException {
        String dump = Dumps.mariadb("INSERT INTO t VALUES (1);\n".repeat(1000));
        Path file = backupWithChecksum("mariadb-2026-11-25T03-00-00.sql.gz", dump.substring(0, dump.length() - 60));

        assertThat(problem(file)).contains(file.toString(), "incomplete MySQL/MariaDB dump", "'-- Dump completed'");
    }

    @Test
    void aDumpOfAnotherTypeIsRefusedForTheServiceItIsRestoredInto() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", Dumps.mariadb("INSERT INTO t VALUES (1);"));

        assertThat(verifier.verify(file).good()).as("by its extension, any whole SQL dump").isTrue();
        assertThat(verifier.verify(file, Optional.of(DatabaseType.POSTGRES)).problem()).hasValue("Backup " + file
                + " is not a PostgreSQL dump: it does not start with the header pg_dump writes.");
        assertThat(verifier.verify(file, Optional.of(DatabaseType.MARIADB)).good()).isTrue();
    }

    @Test
    void refusesAGzipThatHoldsNoDumpAtAll() throws IOException {
        Path sql = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "CREATE TABLE t (x int);\n".repeat(100));
        Path rdb = backupWithChecksum("redis-2026-11-25T03-00-00.rdb.gz", Dumps.postgres("SELECT 1;"));
        Path db = backupWithChecksum("app-2026-11-25T03-00-00.db.gz", "REDIS0011 not a database");

        assertThat(problem(sql)).isEqualTo("Backup " + sql + " is not a PostgreSQL or MySQL/MariaDB dump: it does not start"
                + " with the header pg_dump or mysqldump/mariadb-dump writes.");
        assertThat(problem(rdb)).isEqualTo("Backup " + rdb + " is not a Redis RDB snapshot: it does not start with REDIS.");
        assertThat(problem(db)).isEqualTo("Backup " + db + " is not an SQLite database: it does not start with the SQLite header.");
    }

    @Test
    void theEndMarkerAloneDoesNotPassForTheHeader() throws IOException {
        Path file = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", "DROP TABLE t;\n-- PostgreSQL database dump complete\n");

        assertThat(problem(file)).contains("is not a PostgreSQL or MySQL/MariaDB dump");
    }

    /** An RDB's shape: magic and version, a body, the end-of-file opcode and an 8-byte checksum. */
    private static byte[] rdb(String trailer) {
        byte[] body = "REDIS0011\u00fa\u0009redis-ver\u00057.0.15".getBytes(StandardCharsets.ISO_8859_1);
        byte[] end = {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] extra = trailer.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(body, body.length + end.length + extra.length);
        System.arraycopy(end, 0, all, body.length, end.length);
        System.arraycopy(extra, 0, all, body.length + end.length, extra.length);
        return all;
    }

    private Path gzipped(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        writeChecksum(file);
        return file;
    }

    @Test
    void anRdbMustEndWithItsEndOfFileOpcodeAndChecksum() throws IOException {
        byte[] whole = rdb("");
        Path good = gzipped("redis-2026-11-25T03-00-00.rdb.gz", whole);
        Path withTransferMark = gzipped("redis-2026-11-25T04-00-00.rdb.gz", rdb("0123456789abcdef0123456789abcdef01234567"));
        Path cut = gzipped("redis-2026-11-25T05-00-00.rdb.gz", Arrays.copyOf(whole, whole.length - 3));

        assertThat(problem(good)).isEqualTo("(good)");
        assertThat(problem(withTransferMark)).as("redis-cli --rdb - leaves a diskless transfer's mark").isEqualTo("(good)");
        assertThat(problem(cut)).isEqualTo("Backup " + cut + " is an incomplete Redis RDB snapshot: it lacks the end-of-file marker"
                + " (the snapshot was cut short).");
    }

    @Test
    void anSqliteBackupMustPassItsIntegrityCheck() throws IOException {
        Path database = dir.resolve("app.db");
        Sqlite.sql(database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX b ON notes(body);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                + " INSERT INTO notes SELECT i, 'Notiz ' || i FROM n;");
        byte[] bytes = Files.readAllBytes(database);
        Path good = gzipped("app-2026-11-25T03-00-00.db.gz", bytes);
        byte[] damaged = bytes.clone();
        for (int i = 4096 * 3; i < 4096 * 3 + 2000; i++) {
            damaged[i] = (byte) 0x5A;
        }
        Path bad = gzipped("app-2026-11-25T04-00-00.db.gz", damaged);

        assertThat(problem(good)).isEqualTo("(good)");
        assertThat(problem(bad)).startsWith("Backup " + bad + " holds an SQLite database that fails PRAGMA integrity_check: ");
    }

    @Test
    void aSymbolicLinkIsNotABackupWhereverItPoints() throws IOException {
        Path real = backupWithChecksum("postgres-2026-11-25T03-00-00.sql.gz", Dumps.postgres("SELECT 1;"));
        Path link = Files.createSymbolicLink(dir.resolve("postgres-2026-11-25T04-00-00.sql.gz"), real);
        Files.writeString(dir.resolve("postgres-2026-11-25T04-00-00.sql.gz.sha256"),
                Files.readString(dir.resolve("postgres-2026-11-25T03-00-00.sql.gz.sha256")).replace("T03-", "T04-"));

        assertThat(problem(link)).isEqualTo("Backup " + link + " is a symbolic link, not a backup file;"
                + " remove it or copy the file it points to into its place.");
    }
}
