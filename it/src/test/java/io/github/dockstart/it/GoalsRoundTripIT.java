package io.github.dockstart.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.RemoteBackupStore;
import io.github.dockstart.testing.s3.S3ProxyServer;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup goals through real Maven: a sample project whose own configuration points at a
 * throwaway server is backed up with {@code dockstart:backup}, changed, and brought back with
 * {@code dockstart:restore}, for each database type.
 */
class GoalsRoundTripIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static Maven maven;

    @TempDir
    Path project;

    @BeforeAll
    static void maven() throws IOException {
        maven = Maven.forIntegrationTests();
    }

    private Maven.Build mvn(String goal, String... properties) throws Exception {
        return maven.run(project, Map.of(), goal, properties);
    }

    private Maven.Build mvn(Map<String, String> environment, String goal, String... properties) throws Exception {
        return maven.run(project, environment, goal, properties);
    }

    private void sampleProject(String dependency, String... applicationProperties) throws IOException {
        String[] coordinates = dependency.split(":");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>it</groupId><artifactId>roundtrip</artifactId><version>1</version>
                  <dependencies><dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>1.0</version></dependency></dependencies>
                </project>
                """.formatted(coordinates[0], coordinates[1]));
        Path resources = Files.createDirectories(project.resolve("src/main/resources"));
        Files.write(resources.resolve("application.properties"), List.of(applicationProperties));
    }

    private void postgresProject(PostgresDatabase db) throws IOException {
        sampleProject("org.postgresql:postgresql",
                "spring.datasource.url=jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + escaped(db.password()));
    }

    /** A value as a .properties file needs it: backslashes and leading spaces escaped. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace(" ", "\\ ");
    }

    @Test
    void postgres() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name text);"
                + " INSERT INTO t SELECT i, 'Zeile ' || i || ' – ü 東京' FROM generate_series(1, 3000) i;");
        String compare = "SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM t;";
        String before = db.sql(compare);
        postgresProject(db);

        Maven.Build backup = mvn("backup", "-Ddockstart.via=local").succeeded();
        db.sql("DELETE FROM t WHERE id > 10;");

        Maven.Build refused = mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.log()).contains("was not confirmed; nothing was changed");
        assertThat(db.sql("SELECT count(*) FROM t;").trim()).isEqualTo("10");

        Maven.Build restore = mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();
        assertThat(db.sql(compare)).isEqualTo(before);
        assertThat(restore.log()).contains("Safety copy of the current data");

        Maven.Build list = mvn("list").succeeded();
        assertThat(list.log()).contains("SERVICE").containsPattern("postgres\\s+postgres\\s+\\d{4}-\\d{2}-\\d{2}T");
        // the safety copy is listed apart from the backups, and rotated by its own setting
        assertThat(list.log().substring(list.log().indexOf("Safety copies, taken before restores")))
                .containsPattern("postgres\\s+postgres\\s+\\d{4}-\\d{2}-\\d{2}T");
        Maven.Build rotate = mvn("rotate", "-Ddockstart.safetyKeep=0").succeeded();
        assertThat(rotate.log()).contains("Deleted 0 backup(s)", "Deleted 1 safety copies (keeping the newest 0 per service)");
        assertThat(project.resolve("backups/safety").toFile().list((dir, name) -> name.endsWith(".gz"))).isEmpty();
        mvn("verify").succeeded();
        assertThat(backup.log() + restore.log() + list.log()).doesNotContain(db.password());
    }

    @Test
    void verifyNamesEachBadFile() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (x int); INSERT INTO t VALUES (1);");
        postgresProject(db);
        mvn("backup", "-Ddockstart.via=local").succeeded();
        Path backup;
        try (var files = Files.list(project.resolve("backups"))) {
            backup = files.filter(f -> f.toString().endsWith(".sql.gz")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(backup, bytes);

        Maven.Build verify = mvn("verify");

        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.log()).contains("1 of 1 backups failed verification: " + backup.getFileName());
    }

    /**
     * A pg_dump that cuts its output and exits 0 (a wrapper first on Maven's PATH): the backup goal
     * fails and keeps nothing; a whole gzip of a cut dump is named by verify and list and refused
     * by restore, which leaves the database alone.
     */
    @Test
    void aDumpCutShortIsNeverABackup() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name text); CREATE INDEX t_name ON t (name);"
                + " INSERT INTO t SELECT i, 'Zeile ' || i FROM generate_series(1, 5000) i;");
        postgresProject(db);
        Path wrappers = Files.createDirectories(project.resolve("wrappers"));
        Path pgDump = wrappers.resolve("pg_dump");
        Files.writeString(pgDump, "#!/bin/sh\n'" + io.github.dockstart.testing.servers.Tools.postgres("pg_dump")
                + "' \"$@\" | head -c 20000\nexit 0\n");
        Files.setPosixFilePermissions(pgDump, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        Maven.Build cut = mvn(Map.of("PATH", wrappers + ":" + System.getenv("PATH")), "backup", "-Ddockstart.via=local");

        assertThat(cut.exitCode()).isNotZero();
        assertThat(cut.log()).contains("is an incomplete PostgreSQL dump: it lacks the end marker '-- PostgreSQL database dump complete'");
        try (var files = Files.list(project.resolve("backups"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".sql.gz"));
        }

        mvn("backup", "-Ddockstart.via=local").succeeded();
        Path good;
        try (var files = Files.list(project.resolve("backups"))) {
            good = files.filter(f -> f.toString().endsWith(".sql.gz")).findFirst().orElseThrow();
        }
        String dump;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(good))) {
            dump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the newest backup, so that it is latest, yet not future-dated (latest skips those); UTC is the stack's zone here
        String halfName = "postgres-" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")) + ".sql.gz";
        Path half = project.resolve("backups").resolve(halfName);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(half))) {
            out.write(dump.substring(0, dump.indexOf("CREATE INDEX")).getBytes(StandardCharsets.UTF_8));
        }
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(half)));
        Files.writeString(project.resolve("backups").resolve(halfName + ".sha256"), hex + "  " + half.getFileName() + "\n");
        db.sql("INSERT INTO t VALUES (-1, 'after');");

        Maven.Build verify = mvn("verify");
        Maven.Build list = mvn("list").succeeded();
        Maven.Build restore = mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest", "-Ddockstart.yes");

        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.log()).contains("1 of 2 backups failed verification: " + half.getFileName(),
                "Backup " + half + " is an incomplete PostgreSQL dump");
        assertThat(list.log()).contains("NO: Backup " + half + " is an incomplete PostgreSQL dump");
        assertThat(restore.exitCode()).isNotZero();
        assertThat(restore.log()).contains("Backup " + half + " is an incomplete PostgreSQL dump").doesNotContain("Safety backup");
        assertThat(db.sql("SELECT count(*) FROM t; SELECT count(*) FROM pg_indexes WHERE indexname = 't_name';")).isEqualTo("5001\n1\n");
    }

    @Test
    void mariadb() throws Exception {
        MariaDbDatabase db = servers.newMariaDbDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO t SELECT seq, CONCAT('Zeile ', seq, ' ü') FROM seq_1_to_3000;");
        String compare = "SELECT COUNT(*), SUM(CRC32(name)) FROM t;";
        String before = db.sql(compare);
        sampleProject("org.mariadb.jdbc:mariadb-java-client",
                "spring.datasource.url=jdbc:mariadb://" + db.host() + ":" + db.port() + "/" + db.name(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + escaped(db.password()));

        mvn("backup", "-Ddockstart.via=local").succeeded();
        db.sql("DELETE FROM t WHERE id > 10;");
        mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();

        assertThat(db.sql(compare)).isEqualTo(before);
    }

    @Test
    void redis() throws Exception {
        RedisServer redis = servers.newRedis();
        redis.cli("RPUSH", "queue", "eins", "zwei", "drei");
        redis.cli("HSET", "user:1", "name", "Zoë");
        sampleProject("io.lettuce:lettuce-core",
                "spring.data.redis.host=" + redis.host(),
                "spring.data.redis.port=" + redis.port(),
                "spring.data.redis.password=" + escaped(redis.password()));

        mvn("backup", "-Ddockstart.via=local").succeeded();
        redis.cli("FLUSHALL");
        redis.stop();
        mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest", "-Ddockstart.yes",
                "-Ddockstart.redis.dataDir=" + redis.dataDir()).succeeded();
        redis.startAgain();

        assertThat(redis.cli("LRANGE", "queue", "0", "-1")).isEqualTo("eins\nzwei\ndrei\n");
        assertThat(redis.cli("HGET", "user:1", "name").trim()).isEqualTo("Zoë");
    }

    @Test
    void sqlite() throws Exception {
        Path database = Files.createDirectories(project.resolve("data")).resolve("app.db");
        Sqlite.sql(database, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                + " INSERT INTO notes SELECT i, 'Notiz ' || i FROM n;");
        sampleProject("org.xerial:sqlite-jdbc", "spring.datasource.url=jdbc:sqlite:data/app.db");

        mvn("backup", "-Ddockstart.via=local").succeeded();
        Sqlite.sql(database, "DELETE FROM notes;");
        mvn("restore", "-Ddockstart.via=local", "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();

        assertThat(Sqlite.sql(database, "SELECT count(*) FROM notes;").trim()).isEqualTo("2000");
    }

    @Test
    void postgresFromS3() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t SELECT i, 'Zeile ' || i FROM generate_series(1, 2000) i;");
        String compare = "SELECT count(*), md5(string_agg(name, ',' ORDER BY id)) FROM t;";
        String before = db.sql(compare);
        postgresProject(db);
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String bucket = s3.createBucket("dockstart-it");
            Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
            String[] remote = {"-Ddockstart.s3.bucket=" + bucket, "-Ddockstart.s3.endpoint=" + s3.endpoint(), "-Ddockstart.s3.prefix=demo/"};

            Maven.Build generate = mvn(credentials, "generate", remote).succeeded();
            String compose = Files.readString(project.resolve(".devcontainer/docker-compose.yml"));
            assertThat(compose).contains("BACKUP_S3_BUCKET: " + bucket).contains("${AWS_SECRET_ACCESS_KEY:-}")
                    .doesNotContain(s3.secretKey());

            // the goal copies its backup to the bucket, as the sidecar does
            mvn(credentials, "backup", remote[0], remote[1], remote[2], "-Ddockstart.via=local").succeeded();
            Path local;
            try (var files = Files.list(project.resolve("backups"))) {
                local = files.filter(f -> f.toString().endsWith(".sql.gz")).findFirst().orElseThrow();
            }
            try (RemoteBackupStore store = new RemoteBackupStore(BucketSettings.fromEnvironment(bucket, "demo/", s3.endpoint(), null),
                    Optional.of(new BucketCredentials(s3.accessKey(), s3.secretKey())), DockstartLog.SILENT)) {
                assertThat(store.list()).extracting(b -> b.name().fileName() + " " + b.good())
                        .containsExactly(local.getFileName() + " true");
            }
            Maven.Build rotate = mvn(credentials, "rotate", remote[0], remote[1], remote[2], "-Ddockstart.dryRun").succeeded();
            assertThat(rotate.log()).contains("Would delete 0 backup(s) in the bucket");
            Files.delete(local);
            Files.delete(local.resolveSibling(local.getFileName() + ".sha256"));
            db.sql("DELETE FROM t;");

            Maven.Build list = mvn(credentials, "list", remote).succeeded();
            assertThat(list.log()).contains("Remote backups:").contains("s3://" + bucket + "/demo/" + local.getFileName());

            String[] restore = {remote[0], remote[1], remote[2], "-Ddockstart.via=local", "-Ddockstart.yes",
                    "-Ddockstart.backup=s3://" + bucket + "/demo/" + local.getFileName()};
            Maven.Build restored = mvn(credentials, "restore", restore).succeeded();

            assertThat(db.sql(compare)).isEqualTo(before);
            assertThat(project.resolve("backups").resolve(local.getFileName())).exists();
            assertThat(generate.log() + rotate.log() + list.log() + restored.log()).doesNotContain(s3.secretKey());
        }
    }
}
