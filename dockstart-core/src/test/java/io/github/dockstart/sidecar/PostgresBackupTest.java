package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** backup.sh / restore.sh against a real PostgreSQL server with password authentication. */
class PostgresBackupTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private PostgresDatabase db;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        db = servers.newPostgresDatabase();
        sidecar = new Sidecar(servers).postgres("postgres", db);
        seed(db);
    }

    static void seed(PostgresDatabase db) {
        db.sql("""
                CREATE TABLE customers(id serial PRIMARY KEY, name text NOT NULL, city text, score double precision);
                INSERT INTO customers(name, city, score)
                  SELECT 'Kunde ' || i || ' Grüße 日本語 ☃ ''quoted'' \\ tab	end', CASE WHEN i % 3 = 0 THEN 'Zürich' ELSE 'Łódź' END, i / 7.0
                  FROM generate_series(1, 3000) i;
                CREATE TABLE orders(id bigserial PRIMARY KEY, customer_id int REFERENCES customers(id), amount numeric(10,2), note text);
                INSERT INTO orders(customer_id, amount, note)
                  SELECT 1 + (i % 3000), i * 1.25, 'naïve café ' || md5(i::text) FROM generate_series(1, 5000) i;
                CREATE TABLE empty_table(x int);
                CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 1000;
                """);
    }

    static String content(PostgresDatabase db) {
        return db.sql("SELECT count(*) FROM customers; SELECT * FROM customers ORDER BY id;"
                + " SELECT * FROM orders ORDER BY id; SELECT count(*) FROM big_orders; SELECT count(*) FROM empty_table;");
    }

    static void destroy(PostgresDatabase db) {
        db.sql("DELETE FROM orders WHERE customer_id > 10; DELETE FROM customers WHERE id > 10; UPDATE customers SET name = 'gone';"
                + "UPDATE orders SET note = NULL; CREATE TABLE marker(x int); INSERT INTO marker VALUES (42);");
    }

    @Test
    void roundTripRestoresEveryRow() {
        String before = content(db);
        assertThat(before).contains("Grüße 日本語 ☃", "Zürich", "naïve café");

        Exec.Result backup = sidecar.backupOk();
        assertThat(backup.stderr()).contains("backup of postgres written");
        Path file = sidecar.onlyBackup();

        destroy(db);
        assertThat(content(db)).isNotEqualTo(before);

        Exec.Result restore = sidecar.restore(file.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content(db)).isEqualTo(before);
        assertThat(db.sql("SELECT to_regclass('marker') IS NULL;")).as("objects not in the dump remain").isEqualTo("f\n");
    }

    @Test
    void fileContractNameGzipModeChecksum() throws Exception {
        LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        sidecar.backupOk();
        LocalDateTime end = LocalDateTime.now(ZoneOffset.UTC);
        Path file = sidecar.onlyBackup();
        String name = file.getFileName().toString();

        assertThat(name).matches("postgres-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.sql\\.gz");
        LocalDateTime stamp = LocalDateTime.parse(name.substring("postgres-".length(), "postgres-".length() + 19)
                .replaceFirst("T(\\d{2})-(\\d{2})-(\\d{2})", "T$1:$2:$3"));
        assertThat(stamp).isBetween(start.minusSeconds(1), end);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String dump = new String(Sidecar.gunzip(file), StandardCharsets.UTF_8);
        assertThat(dump).startsWith("--\n-- PostgreSQL database dump").contains("-- PostgreSQL database dump complete");

        Path sum = Path.of(file + ".sha256");
        assertThat(Files.readString(sum)).isEqualTo(Sidecar.sha256(file) + "  " + name + "\n");
        // the checksum file is in the format sha256sum -c reads
        Exec.Result check = sidecar.shell.sh(Map.of(), "cd " + sidecar.backupDir + " && sha256sum -c " + sum.getFileName());
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(sidecar.strayFiles()).isEmpty();
    }

    @Test
    void backupsBelongToTheOwnerOfTheBackupDirectory() throws Exception {
        // the host user's directory, bind-mounted into the sidecar that runs as root
        Files.setAttribute(sidecar.backupDir, "unix:uid", 4242);
        Files.setAttribute(sidecar.backupDir, "unix:gid", 4343);

        sidecar.backupOk();

        Path file = sidecar.onlyBackup();
        for (Path written : List.of(file, Path.of(file + ".sha256"))) {
            assertThat(Files.getAttribute(written, "unix:uid")).as(written.toString()).isEqualTo(4242);
            assertThat(Files.getAttribute(written, "unix:gid")).as(written.toString()).isEqualTo(4343);
            assertThat(Files.getPosixFilePermissions(written)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void restoreRefusesChecksumMismatchBeforeTouchingTheDatabase() throws Exception {
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        Files.writeString(Path.of(file + ".sha256"), "0".repeat(64) + "  " + file.getFileName() + "\n");
        assertRefusedUntouched(file.toString(), "checksum mismatch");
    }

    @Test
    void restoreRefusesMissingChecksumFile() throws Exception {
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        Files.delete(Path.of(file + ".sha256"));
        assertRefusedUntouched(file.toString(), "checksum file " + file + ".sha256 is missing");
    }

    @Test
    void restoreRefusesTruncatedGzip() throws Exception {
        sidecar.backupOk();
        byte[] good = Files.readAllBytes(sidecar.onlyBackup());
        Path truncated = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        Sidecar.writeChecksum(truncated);
        assertRefusedUntouched(truncated.getFileName().toString(), "is not a valid gzip file");
    }

    @Test
    void restoreRefusesCorruptGzip() throws Exception {
        sidecar.backupOk();
        byte[] bytes = Files.readAllBytes(sidecar.onlyBackup());
        bytes[bytes.length / 2] ^= 0x55;
        Path corrupt = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Files.write(corrupt, bytes);
        Sidecar.writeChecksum(corrupt);
        assertRefusedUntouched(corrupt.toString(), "is not a valid gzip file");
    }

    @Test
    void restoreRefusesFileOfAnotherDatabaseType() throws Exception {
        Path mysqlDump = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\nDROP TABLE IF EXISTS customers;\n-- Dump completed on 2020-01-01\n"
                .getBytes(StandardCharsets.UTF_8), mysqlDump);
        Sidecar.writeChecksum(mysqlDump);
        assertRefusedUntouched(mysqlDump.toString(), "is not a PostgreSQL dump");

        Path redisDump = sidecar.backupDir.resolve("postgres-2020-01-02T00-00-00.rdb.gz");
        Sidecar.gzip("REDIS0010".getBytes(StandardCharsets.UTF_8), redisDump);
        Sidecar.writeChecksum(redisDump);
        assertRefusedUntouched(redisDump.toString(), "is a .rdb backup, but container postgres is a postgres database");
    }

    @Test
    void restoreRefusesIncompleteDumpInValidGzip() throws Exception {
        sidecar.backupOk();
        String dump = new String(Sidecar.gunzip(sidecar.onlyBackup()), StandardCharsets.UTF_8);
        Path cut = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip(dump.substring(0, dump.length() / 2).getBytes(StandardCharsets.UTF_8), cut);
        Sidecar.writeChecksum(cut);
        assertRefusedUntouched(cut.toString(), "incomplete PostgreSQL dump");
    }

    @Test
    void dumpWithoutPgDumpsHeaderIsNotKept() {
        Map<String, String> before = olderBackup();
        // whatever it is, it ends like a dump but is not one
        sidecar.shell.wrapClient("pg_dump", "echo 'DROP TABLE customers;'\necho '-- PostgreSQL database dump complete'\nexit 0");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "the dump is incomplete or its gzip stream is damaged");
    }

    @Test
    void restoreRefusesASymbolicLinkWhereverItPoints() throws Exception {
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        Path outside = sidecar.shell.root().resolve("outside");
        Files.createDirectories(outside);
        Path planted = Files.copy(good, outside.resolve(good.getFileName()));
        Path link = sidecar.backupDir.resolve("postgres-2030-01-01T00-00-00.sql.gz");
        Files.createSymbolicLink(link, planted);
        Files.writeString(Path.of(link + ".sha256"), Sidecar.sha256(planted) + "  " + link.getFileName() + "\n");

        assertRefusedUntouched(link.toString(), link + " is a symbolic link; restore.sh restores only regular files");
        assertRefusedUntouched(link.getFileName().toString(), " is a symbolic link; restore.sh restores only regular files");
    }

    @Test
    void restoreRefusesAPathThatResolvesOutsideTheBackupDirectory() throws Exception {
        sidecar.backupOk();
        Path good = sidecar.onlyBackup();
        Path outside = sidecar.shell.root().resolve("outside");
        Files.createDirectories(outside);
        Files.copy(good, outside.resolve(good.getFileName()));
        Files.copy(Path.of(good + ".sha256"), outside.resolve(good.getFileName() + ".sha256"));
        Files.createSymbolicLink(sidecar.backupDir.resolve("elsewhere"), outside);

        assertRefusedUntouched(sidecar.backupDir.resolve("elsewhere").resolve(good.getFileName()).toString(),
                "resolves to " + outside.toRealPath().resolve(good.getFileName()) + ", outside the backup directory");
        assertRefusedUntouched(sidecar.backupDir + "/../sh/outside/" + good.getFileName(), "outside the backup directory");
    }

    @Test
    void restoreRefusesMissingFile() {
        assertRefusedUntouched(sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz").toString(), "does not exist");
        assertRefusedUntouched("postgres-2020-01-01T00-00-00.sql.gz", "does not exist");
    }

    @Test
    void restoreAsksForConfirmationWithoutYes() {
        String before = content(db);
        sidecar.backupOk();
        Path file = sidecar.onlyBackup();
        destroy(db);
        String destroyed = content(db);

        Exec.Result no = sidecar.shell.exec(sidecar.env, "restore.sh", file.toString()).stdin("no\n").run();
        assertThat(no.exitCode()).as(no.toString()).isNotZero();
        assertThat(no.stderr()).contains("Type yes to continue", "restore cancelled");
        assertThat(content(db)).isEqualTo(destroyed);

        Exec.Result eof = sidecar.shell.exec(sidecar.env, "restore.sh", file.toString()).stdin("").run();
        assertThat(eof.exitCode()).isNotZero();
        assertThat(content(db)).isEqualTo(destroyed);

        Exec.Result yes = sidecar.shell.exec(sidecar.env, "restore.sh", file.toString()).stdin("yes\n").run();
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(content(db)).isEqualTo(before);
    }

    @Test
    void restoreStopsAtTheFirstErrorAndAppliesNothing() throws Exception {
        sidecar.backupOk();
        String dump = new String(Sidecar.gunzip(sidecar.onlyBackup()), StandardCharsets.UTF_8);
        int middle = dump.indexOf("-- Data for Name: orders");
        assertThat(middle).isPositive();
        String broken = dump.substring(0, middle) + "THIS IS NOT SQL;\n" + dump.substring(middle);
        Path file = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip(broken.getBytes(StandardCharsets.UTF_8), file);
        Sidecar.writeChecksum(file);
        destroy(db);
        String destroyed = content(db);

        Exec.Result restore = sidecar.restore(file.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isNotZero();
        assertThat(restore.stderr()).contains("syntax error", "rolled back");
        // the dump's DROP TABLE statements before the error were rolled back too
        assertThat(content(db)).isEqualTo(destroyed);
        assertThat(db.sql("SELECT x FROM marker;")).isEqualTo("42\n");
    }

    /**
     * Restore must fail with the message and psql must never have loaded anything. (It may have read
     * the database's facts: whether the restore builds beside and swaps, which checks the file while
     * it loads, or goes in place, which checks it whole first, depends on them. This user may not
     * create databases: in place.)
     */
    private void assertRefusedUntouched(String file, String message) {
        Path called = sidecar.shell.root().resolve("psql-called");
        sidecar.shell.wrapClient("psql", "case \"$*\" in *--single-transaction*) touch '" + called + "' ;; esac\nexec \"$REAL\" \"$@\"");
        db.sql("CREATE TABLE IF NOT EXISTS untouched(x int); DELETE FROM untouched; INSERT INTO untouched VALUES (7);");
        String before = content(db) + db.sql("SELECT x FROM untouched;");
        Exec.Result result = sidecar.restore(file, "--yes");
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).contains("refusing to restore").contains(message);
        assertThat(called).as("psql was started to load").doesNotExist();
        assertThat(content(db) + db.sql("SELECT x FROM untouched;")).isEqualTo(before).endsWith("7\n");
    }

    // --- faults: each ends non-zero, with a clear log line, no final file, older backups intact

    private Map<String, String> olderBackup() {
        sidecar.backupOk();
        return sidecar.snapshot();
    }

    @Test
    void dumpKilledMidStream() {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("pg_dump", "\"$REAL\" \"$@\" | { head -c 100000; kill -9 $$; }");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "backup of postgres (postgres) failed: pg_dump exited with status 137");
    }

    @Test
    void dumpCutShortButExitingZeroIsCaughtByTheEndMarker() {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("pg_dump", "\"$REAL\" \"$@\" | head -c 100000\nexit 0");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "the dump is incomplete or its gzip stream is damaged (no end marker from pg_dump)");
    }

    @Test
    void damagedCompressorOutputIsCaughtByTheVerification() {
        Map<String, String> before = olderBackup();
        // compressing: one byte in the middle of the output is changed; decompressing works as usual
        sidecar.shell.wrapClient("igzip", """
                case "$*" in *-d*) exec "$REAL" "$@" ;; esac
                "$REAL" "$@" | { head -c 5000; head -c 1 >/dev/null; printf 'X'; cat; }""");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "its gzip stream is damaged");
    }

    /** Records each call of a compressor in calls.log, then runs the real one. */
    private Path recordCalls(String compressor) {
        Path log = sidecar.shell.root().resolve("calls.log");
        sidecar.shell.wrapClient(compressor, "echo \"" + compressor + " $*\" >>'" + log + "'\nexec \"$REAL\" \"$@\"");
        return log;
    }

    private static String calls(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dumpTextIsCompressedByIgzipAndCheckedByDecompressingIt() {
        Path log = recordCalls("igzip");
        sidecar.backupOk();
        assertThat(calls(log)).as("compressed with level 1, then decompressed for the check")
                .contains("igzip -1 -c\n").contains("igzip -dc " + sidecar.backupDir);
    }

    @Test
    void withoutIgzipPigzCompressesAtLevelSixAndTheRoundTripHolds() {
        sidecar.shell.removeClient("igzip");
        Path log = recordCalls("pigz");
        String before = content(db);
        sidecar.backupOk();
        assertThat(calls(log)).contains("pigz -6\n");
        destroy(db);
        Exec.Result restore = sidecar.restore(sidecar.onlyBackup().toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(content(db)).isEqualTo(before);
    }

    @Test
    void anExplicitGzipLevelIsZlibAtThatLevel() {
        Path log = recordCalls("pigz");
        sidecar.env.put("BACKUP_GZIP_LEVEL", "9");
        sidecar.backupOk();
        assertThat(calls(log)).contains("pigz -9\n");
    }

    @Test
    void aGzipLevelThatIsNotOneToNineIsRefused() {
        sidecar.env.put("BACKUP_GZIP_LEVEL", "fast");
        Exec.Result result = sidecar.backup();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("BACKUP_GZIP_LEVEL='fast' is not a gzip level (use 1 to 9, or leave it unset)");
        assertThat(sidecar.backups()).isEmpty();
    }

    @Test
    void databaseUnreachable() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PORT", String.valueOf(FreePort.find()));
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "backup of postgres (postgres) failed: pg_dump exited with status 1");
        assertThat(result.stderr()).contains("Connection refused");
    }

    @Test
    void wrongPassword() {
        Map<String, String> before = olderBackup();
        sidecar.env.put("DB_PASSWORD", "not-the-password");
        Exec.Result result = sidecar.backup();
        Faults.assertFailedCleanly(sidecar, result, before, "backup of postgres (postgres) failed");
        assertThat(result.stderr()).contains("password authentication failed");
    }

    @Test
    void outputWriteFails() {
        Map<String, String> before = olderBackup();
        // 40 blocks of 512 bytes: far less than the compressed dump
        Exec.Result result = sidecar.shell.sh(sidecar.env, "ulimit -f 40 && exec sh " + sidecar.shell.script("backup.sh"));
        Faults.assertFailedCleanly(sidecar, result, before, "backup of postgres (postgres) failed");
    }

    @Test
    void backupDirectoryNotWritable() {
        Map<String, String> before = olderBackup();
        // root writes everywhere: run as the unprivileged "nobody" instead
        Exec.Result result = sidecar.shell.execAs("nobody", sidecar.env, "backup.sh").run();
        Faults.assertFailedCleanly(sidecar, result, before, "backup directory " + sidecar.backupDir + " is not writable");
    }

    @Test
    void secondRunWhileOneIsInProgressExitsClearly() throws Exception {
        Map<String, String> before = olderBackup();
        sidecar.shell.wrapClient("pg_dump", "sleep 3\nexec \"$REAL\" \"$@\"");
        Exec first = sidecar.shell.exec(sidecar.env, "backup.sh");
        Process running = first.builder().start();
        Path lock = sidecar.backupDir.resolve(".dockstart.lock");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.exists(lock.resolve("pid")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lock.resolve("pid")).exists();

        Exec.Result second = sidecar.backup();
        assertThat(second.exitCode()).as(second.toString()).isNotZero();
        assertThat(second.stderr()).contains("another backup or rotation is running");

        Exec.Result firstResult = first.finish(running);
        assertThat(firstResult.exitCode()).as(firstResult.toString()).isZero();
        assertThat(sidecar.backups()).hasSize(before.size() / 2 + 1);
        assertThat(lock).doesNotExist();
    }

    @Test
    void staleLockOfAKilledRunIsTakenOver() throws Exception {
        Path lock = Files.createDirectory(sidecar.backupDir.resolve(".dockstart.lock"));
        Files.writeString(lock.resolve("pid"), "999999\n");
        Files.writeString(lock.resolve("start"), "12345\n");
        Exec.Result result = sidecar.backupOk();
        assertThat(result.stderr()).contains("removing a stale lock");
        assertThat(sidecar.backups()).hasSize(1);
    }

    @Test
    void failedBackupDoesNotRotate() throws Exception {
        Path old = sidecar.backupDir.resolve("postgres-2000-01-01T00-00-00.sql.gz");
        Files.writeString(old, "old");
        Sidecar.writeChecksum(old);
        sidecar.env.put("BACKUP_KEEP_MIN", "0");
        Map<String, String> before = sidecar.snapshot();
        sidecar.env.put("DB_PASSWORD", "wrong");
        Faults.assertFailedCleanly(sidecar, sidecar.backup(), before, "failed");
        assertThat(old).exists();

        sidecar.env.put("DB_PASSWORD", db.password());
        sidecar.backupOk();
        assertThat(old).doesNotExist();
        assertThat(Path.of(old + ".sha256")).doesNotExist();
    }
}
