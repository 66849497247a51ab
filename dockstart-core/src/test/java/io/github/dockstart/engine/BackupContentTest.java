package io.github.dockstart.engine;

import static io.github.dockstart.engine.EngineFixture.project;
import static io.github.dockstart.engine.EngineFixture.service;
import static io.github.dockstart.engine.EngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.testing.Dumps;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host goals judge a backup by its content as the sidecar does: a dump a client cut short
 * yet ended with status 0 is never kept, and {@code verify}, {@code list} and {@code restore}
 * refuse a whole gzip of half a dump, or of another kind of file, naming it. A restore refuses
 * before it connects and before any safety copy. Links in backups/ are refused too.
 */
class BackupContentTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();

    private PostgresDatabase postgres() {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note ON t (note);"
                + " INSERT INTO t SELECT i, 'Zeile ' || i || ' – ü' FROM generate_series(1, 5000) i;"
                + " CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
                + " CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();");
        return db;
    }

    private BackupEngine postgresEngine(PostgresDatabase db, Via via, String docker) {
        return new BackupEngine(project(root, service("postgres", DatabaseType.POSTGRES, db.host(), db.port(), db.name(),
                db.user(), db.password())), settings(root, via, docker, null), log);
    }

    /** Every file of backups/ with its content, to show that nothing was added or changed. */
    private Map<String, String> backupsDirectory() throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path dir = root.resolve("backups");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                for (Path f : list.toList()) {
                    files.put(f.getFileName().toString(), sha256(f));
                }
            }
        }
        return files;
    }

    @Test
    void aPgDumpThatExitsZeroAfterCuttingItsOutputIsNotKept() throws Exception {
        PostgresDatabase db = postgres();
        BackupEngine local = postgresEngine(db, Via.LOCAL, "docker");
        local.backup(null);
        Map<String, String> before = backupsDirectory();
        ClientsOnPath clients = ClientsOnPath.create(root.resolve("clients"), Map.of("PGHOST", db.host(),
                "PGPORT", String.valueOf(db.port())));
        clients.wrap("pg_dump", ClientsOnPath.installed("pg_dump"), "\"$REAL\" \"$@\" | head -c 20000\nexit 0");
        BackupEngine cut = postgresEngine(db, Via.COMPOSE, clients.dockerCommand());

        assertThatThrownBy(() -> cut.backup(null)).isInstanceOf(IOException.class)
                .hasMessageContaining("is an incomplete PostgreSQL dump: it lacks the end marker '-- PostgreSQL database dump complete'");

        assertThat(backupsDirectory()).as("no new file, not even a temporary one; the older backup as it was").isEqualTo(before);
    }

    @Test
    void aMariadbDumpThatExitsZeroAfterCuttingItsOutputIsNotKept() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("CREATE TABLE a (id int PRIMARY KEY, v varchar(100)); INSERT INTO a SELECT seq, CONCAT('x', seq) FROM seq_1_to_3000;"
                + " CREATE TABLE b (id int PRIMARY KEY); INSERT INTO b SELECT seq FROM seq_1_to_3000;");
        ClientsOnPath clients = ClientsOnPath.create(root.resolve("clients"), Map.of("MYSQL_HOST", db.host(),
                "MYSQL_TCP_PORT", String.valueOf(db.port())));
        // the dump loses its last table and its end marker, and says nothing
        clients.wrap("mariadb-dump", ClientsOnPath.installed("mariadb-dump"), "\"$REAL\" \"$@\" | head -c 30000\nexit 0");
        BackupEngine engine = new BackupEngine(project(root, service("mariadb", DatabaseType.MARIADB, db.host(), db.port(),
                db.name(), db.user(), db.password())), settings(root, Via.COMPOSE, clients.dockerCommand(), null), log);

        assertThatThrownBy(() -> engine.backup(null)).isInstanceOf(IOException.class)
                .hasMessageContaining("is an incomplete MySQL/MariaDB dump: it lacks the end marker '-- Dump completed'");

        assertThat(backupsDirectory()).isEmpty();
    }

    /** A backup whose gzip stream and checksum are fine, holding {@code content}. */
    private Path handMade(String name, String content) throws IOException {
        Path dir = Files.createDirectories(root.resolve("backups"));
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(name + ".sha256"), sha256(file) + "  " + name + "\n");
        return file;
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void verifyListAndRestoreRefuseADumpCutShortInAWholeGzip() throws Exception {
        PostgresDatabase db = postgres();
        BackupEngine engine = postgresEngine(db, Via.LOCAL, "docker");
        Path good = engine.backup(null).get(0);
        String dump = gunzip(good);
        // cut just before the indexes and triggers: a restore of it would drop them and succeed
        // newer than the good one, so that it is latest, and not future-dated (latest skips those)
        String name = BackupFileName.of("postgres", DatabaseType.POSTGRES, soon(2)).fileName();
        Path cut = handMade(name, dump.substring(0, dump.indexOf("CREATE INDEX t_note")));
        String problem = "Backup " + cut + " is an incomplete PostgreSQL dump: it lacks the end marker"
                + " '-- PostgreSQL database dump complete' (the dump was cut short).";

        assertThat(engine.verify()).filteredOn(v -> !v.good()).extracting(v -> v.problem().orElseThrow()).containsExactly(problem);
        assertThat(engine.list()).filteredOn(l -> l.backup().file().equals(cut))
                .singleElement().satisfies(l -> assertThat(l.verdict().problem()).hasValue(problem));

        db.sql("INSERT INTO t VALUES (-1, 'after the backup');");
        Map<String, String> before = backupsDirectory();
        assertThatThrownBy(() -> engine.restore("latest", null, question -> true))
                .isInstanceOf(InvalidInputException.class).hasMessage(problem + " Nothing was restored.");
        assertThat(db.sql("SELECT count(*) FROM t; SELECT count(*) FROM pg_trigger WHERE tgname = 't_touch';"))
                .isEqualTo("5001\n1\n");
        assertThat(backupsDirectory()).as("no safety copy for a refused restore").isEqualTo(before);
    }

    @Test
    void aRestoreRefusesBadContentBeforeItConnects() throws Exception {
        int closedPort = FreePort.find();
        BackupEngine nowhere = new BackupEngine(project(root, service("postgres", DatabaseType.POSTGRES, "127.0.0.1", closedPort,
                "demo", "demo", "secret")), settings(root, Via.LOCAL), log);
        Path cut = handMade("postgres-2030-01-01T00-00-00.sql.gz", Dumps.postgres("CREATE TABLE t (x int);")
                .replace("-- PostgreSQL database dump complete", ""));

        assertThatThrownBy(() -> nowhere.restore(cut.getFileName().toString(), null, question -> {
            throw new AssertionError("asked to confirm a restore of a file that is not whole");
        })).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("Backup " + cut + " is an incomplete PostgreSQL dump");
    }

    @Test
    void aGzipOfTheWrongTypeIsRefusedWithOneSentenceNamingTheFile() throws Exception {
        PostgresDatabase db = postgres();
        BackupEngine engine = postgresEngine(db, Via.LOCAL, "docker");
        Path mariadbDump = handMade("postgres-2030-01-01T00-00-00.sql.gz",
                Dumps.mariadb("DROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (`id` int);"));
        Path notADump = handMade("postgres-2030-01-02T00-00-00.sql.gz", "DROP TABLE t;\n");
        String state = db.sql("SELECT count(*) FROM t;");

        assertThatThrownBy(() -> engine.restore(mariadbDump.getFileName().toString(), null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Backup " + mariadbDump + " is not a PostgreSQL dump: it does not start with the header pg_dump writes."
                        + " Nothing was restored.");
        assertThatThrownBy(() -> engine.restore(notADump.getFileName().toString(), null, question -> true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Backup " + notADump + " is not a PostgreSQL dump: it does not start with the header pg_dump writes."
                        + " Nothing was restored.");
        assertThat(engine.verify()).filteredOn(v -> !v.good()).extracting(BackupVerifier.Verdict::file)
                .containsExactlyInAnyOrder(mariadbDump, notADump);
        assertThat(db.sql("SELECT count(*) FROM t;")).isEqualTo(state);
    }

    // --- links (issue 11, item 14)

    @Test
    void aSymbolicLinkInBackupsIsRefusedWhereverItPoints() throws Exception {
        PostgresDatabase db = postgres();
        BackupEngine engine = postgresEngine(db, Via.LOCAL, "docker");
        Path good = engine.backup(null).get(0);
        Path outside = Files.createTempDirectory("ds-outside");
        try {
            Path planted = Files.copy(good, outside.resolve(good.getFileName()));
            String linkName = BackupFileName.of("postgres", DatabaseType.POSTGRES, soon(2)).fileName();
            Path link = Files.createSymbolicLink(root.resolve("backups").resolve(linkName), planted);
            Files.writeString(root.resolve("backups").resolve(linkName + ".sha256"),
                    sha256(planted) + "  " + linkName + "\n");
            Path inside = Files.createSymbolicLink(root.resolve("backups")
                    .resolve(BackupFileName.of("postgres", DatabaseType.POSTGRES, soon(3)).fileName()), good);
            db.sql("INSERT INTO t VALUES (-1, 'after the backup');");

            for (String requested : List.of(linkName, "latest", "backups/" + linkName, link.toString(), inside.getFileName().toString())) {
                assertThatThrownBy(() -> engine.restore(requested, null, question -> true)).as(requested)
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("is a symbolic link; dockstart restores only regular files");
            }
            assertThat(engine.verify()).filteredOn(v -> !v.good()).extracting(BackupVerifier.Verdict::file)
                    .containsExactlyInAnyOrder(link, inside);
            assertThat(db.sql("SELECT count(*) FROM t;")).isEqualTo("5001\n");
        } finally {
            io.github.dockstart.testing.servers.TempDirs.deleteRecursively(outside);
        }
    }

    @Test
    void aPathThroughALinkedDirectoryThatLeavesTheProjectIsRefused() throws Exception {
        PostgresDatabase db = postgres();
        BackupEngine engine = postgresEngine(db, Via.LOCAL, "docker");
        Path good = engine.backup(null).get(0);
        Path outside = Files.createTempDirectory("ds-outside");
        try {
            Files.copy(good, outside.resolve(good.getFileName()));
            Files.copy(good.resolveSibling(good.getFileName() + ".sha256"), outside.resolve(good.getFileName() + ".sha256"));
            Files.createSymbolicLink(root.resolve("backups").resolve("elsewhere"), outside);

            assertThatThrownBy(() -> engine.restore("backups/elsewhere/" + good.getFileName(), null, question -> true))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("resolves to " + outside.toRealPath().resolve(good.getFileName()))
                    .hasMessageContaining(", outside " + root.toRealPath());
            assertThatThrownBy(() -> engine.restore("../" + outside.getFileName() + "/" + good.getFileName(), null, question -> true))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("points outside the project");
        } finally {
            io.github.dockstart.testing.servers.TempDirs.deleteRecursively(outside);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A backup time a few minutes from now: the newest, yet not future-dated (the engine's zone is UTC here). */
    private static LocalDateTime soon(int minutes) {
        return LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(minutes).withNano(0);
    }

}
