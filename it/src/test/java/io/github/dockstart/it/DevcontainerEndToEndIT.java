package io.github.dockstart.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user does, end to end, under a real Docker engine: {@code mvn dockstart:generate}, the
 * stack started by the Dev Containers CLI (as VS Code starts it) or by {@code docker compose}
 * from the project root, and the host goals reaching that stack by themselves ({@code via=auto}).
 */
class DevcontainerEndToEndIT {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private static Maven maven;
    /** The developer's UID on the host, not root's. */
    private static final int DEVELOPER = 4243;
    private Path project;
    private Path home;

    @BeforeAll
    static void maven() throws IOException {
        maven = Maven.forIntegrationTests();
    }

    @AfterEach
    void deleteProject() {
        if (project != null) {
            TempDirs.deleteRecursively(project);
        }
        if (home != null) {
            TempDirs.deleteRecursively(home);
            home = null;
        }
    }

    private Maven.Build mvn(String goal, String... properties) throws Exception {
        return maven.run(project, docker.environment(), goal, properties);
    }

    @Test
    void theDemoComesUpWithTheDevContainersCliAndTheGoalsReachItsStack() throws Exception {
        project = copyOfTheDemo();
        mvn("generate").succeeded();

        Exec.Result up = devcontainer("up", "--workspace-folder", project.toString()).run();

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.stdout()).contains("\"outcome\":\"success\"");
        // the Dev Containers CLI and `docker compose -f` from the project root mean the same stack
        assertThat(compose("ps", "--status", "running", "--services").run().orFail().stdout().lines().sorted().toList())
                .containsExactly("app", "db-backup", "postgres", "redis");
        for (String service : List.of("postgres", "redis", "db-backup")) {
            awaitHealthy(container(service));
        }
        assertThat(docker.docker("inspect", "--format", "{{index .Config.Labels \"com.docker.compose.project\"}}",
                container("app")).run().orFail().stdout().trim()).isEqualTo("demo");
        Exec.Result pwd = devcontainer("exec", "--workspace-folder", project.toString(), "pwd").run();
        assertThat(pwd.exitCode()).as(pwd.toString()).isZero();
        assertThat(pwd.stdout().trim()).isEqualTo("/workspaces/demo");

        String postgres = container("postgres");
        String redis = container("redis");
        psql(postgres, "CREATE TABLE greeting (id int PRIMARY KEY, text text);"
                + " INSERT INTO greeting SELECT i, 'Grüße ' || i FROM generate_series(1, 400) i;");
        String before = psql(postgres, "SELECT count(*), md5(string_agg(text, ',' ORDER BY id)) FROM greeting;");
        docker.docker("exec", redis, "redis-cli", "RPUSH", "queue", "eins", "zwei", "drei").run().orFail();

        Maven.Build backup = mvn("backup").succeeded();
        assertThat(backup.log()).contains("PostgreSQL service postgres (docker compose)");
        assertThat(backups("postgres-", ".sql.gz")).hasSize(1);
        assertThat(backups("redis-", ".rdb.gz")).hasSize(1);
        assertThat(mvn("list").succeeded().log()).containsPattern("postgres\\s+postgres\\s+\\d{4}-\\d{2}-\\d{2}T")
                .containsPattern("redis\\s+redis\\s+\\d{4}-\\d{2}-\\d{2}T");
        mvn("verify").succeeded();

        psql(postgres, "DELETE FROM greeting WHERE id > 3;");
        docker.docker("exec", redis, "redis-cli", "DEL", "queue").run().orFail();
        mvn("restore", "-Ddockstart.service=postgres", "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();
        Maven.Build redisRestore = mvn("restore", "-Ddockstart.service=redis", "-Ddockstart.backup=latest",
                "-Ddockstart.yes").succeeded();

        assertThat(psql(postgres, "SELECT count(*), md5(string_agg(text, ',' ORDER BY id)) FROM greeting;")).isEqualTo(before);
        redis = container("redis");
        awaitHealthy(redis);
        assertThat(docker.docker("exec", redis, "redis-cli", "LRANGE", "queue", "0", "-1").run().orFail().stdout())
                .isEqualTo("eins\nzwei\ndrei\n");
        assertThat(redisRestore.log()).contains("(docker compose)");
        assertThat(backup.log() + redisRestore.log()).doesNotContain("demo-secret");
    }

    /**
     * The demo, unchanged and configured for localhost, started inside the dev container as a
     * developer starts it, reaches PostgreSQL and Redis of the stack through the environment that
     * {@code generate} gave the app service; the sidecar's backup then holds what the app wrote.
     * The jar is built on the host: the containers here cannot download dependencies.
     */
    @Test
    void theDemoAppStartedInTheDevContainerReachesItsDatabasesAndTheBackupHoldsWhatItWrote() throws Exception {
        project = copyOfTheDemo();
        maven.build(project, "-q", "package").succeeded();
        mvn("generate").succeeded();
        Exec.Result up = devcontainer("up", "--workspace-folder", project.toString()).run();
        assertThat(up.exitCode()).as(up.toString()).isZero();

        // in the background, as in a terminal of the editor: the exec returns, the app keeps running
        inDevContainer("sh", "-c", "nohup java -jar target/demo-0.0.1-SNAPSHOT.jar >target/app.log 2>&1 </dev/null &")
                .orFail();
        String first = awaitAnswer("curl", "-fsS", "-X", "POST", "http://localhost:8080/visits/ada");
        String second = inDevContainer("curl", "-fsS", "-X", "POST", "http://localhost:8080/visits/ada").orFail().stdout();

        assertThat(first).isEqualTo("{\"name\":\"ada\",\"rows\":1,\"lastVisitor\":\"ada\",\"redisCount\":1}");
        assertThat(second).isEqualTo("{\"name\":\"ada\",\"rows\":2,\"lastVisitor\":\"ada\",\"redisCount\":2}");
        awaitHealthy(container("db-backup"));
        docker.docker("exec", "demo-db-backup", "/usr/local/bin/backup.sh").run().orFail();
        String dump = GeneratedStack.gunzip(backups("postgres-", ".sql.gz").get(0));
        assertThat(dump).contains("CREATE TABLE public.visit").containsPattern("(?m)(^|\t)ada(\t|$)");
        String snapshot = GeneratedStack.gunzip(backups("redis-", ".rdb.gz").get(0));
        assertThat(snapshot).startsWith("REDIS").contains("demo:last-visitor", "demo:visits:ada");

        // the restore drill in the sidecar: the Redis snapshot loads into the image's own redis-server
        Exec.Result drill = docker.docker("exec", "demo-db-backup", "/usr/local/bin/drill.sh").run();
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(Files.readString(Path.of(backups("redis-", ".rdb.gz").get(0) + ".restore-test")))
                .contains("verdict: passed", "keys db0 2", "string db0 2");
        assertThat(Files.readString(Path.of(backups("postgres-", ".sql.gz").get(0) + ".restore-test")))
                .contains("verdict: passed", "table public.visit 2");
    }

    /** Quarkus, configured for localhost: {@code QUARKUS_DATASOURCE_*} bring it to PostgreSQL of the stack. */
    @Test
    void theQuarkusSampleConnectsFromTheDevContainer() throws Exception {
        Exec.Result check = runInTheDevContainer("quarkus", "java", "-jar", "target/quarkus-app/quarkus-run.jar");

        assertThat(check.stdout()).as(check.toString()).contains("postgres: database fruits as fruits");
    }

    /** Micronaut, configured for localhost: {@code DATASOURCES_DEFAULT_*} and {@code REDIS_URI} bring it to MariaDB and Redis. */
    @Test
    void theMicronautSampleConnectsFromTheDevContainer() throws Exception {
        Exec.Result check = runInTheDevContainer("micronaut", "java", "-jar", "target/micronaut-demo.jar");

        assertThat(check.stdout()).as(check.toString())
                .contains("mariadb: database inventory as inventory@", "redis: micronaut:check=ok");
    }

    /** examples/NAME built on the host, generated, started with the Dev Containers CLI, and the command's run in it. */
    private Exec.Result runInTheDevContainer(String example, String... command) throws Exception {
        project = copyOfExample(example);
        maven.build(project, "-q", "package").succeeded();
        mvn("generate").succeeded();
        Exec.Result up = devcontainer("up", "--workspace-folder", project.toString()).run();
        assertThat(up.exitCode()).as(up.toString()).isZero();
        Exec.Result result = inDevContainer(command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void goalsReachAStackStartedWithComposeFromTheProjectRoot() throws Exception {
        project = TempDirs.create("ds-e2e-");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>it</groupId><artifactId>ledger</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>org.mariadb.jdbc</groupId><artifactId>mariadb-java-client</artifactId><version>3.5.1</version></dependency>
                    <dependency><groupId>org.xerial</groupId><artifactId>sqlite-jdbc</artifactId><version>3.47.0.0</version></dependency>
                  </dependencies>
                </project>
                """);
        Path resources = Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(resources.resolve("application.properties"), """
                spring.datasource.url=jdbc:mariadb://localhost:3306/ledger
                spring.datasource.username=ledger
                spring.datasource.password=Led-ger$'1 x
                app.cache.url=jdbc:sqlite:data/cache.db
                """);
        Path sqlite = Files.createDirectories(project.resolve("data")).resolve("cache.db");
        sqlite3(sqlite, "CREATE TABLE entry (id INTEGER PRIMARY KEY, body TEXT);"
                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700)"
                + " INSERT INTO entry SELECT i, 'Eintrag ' || i FROM n;");
        mvn("generate").succeeded();
        compose("up", "-d", "--build").timeout(Duration.ofMinutes(10)).run().orFail();
        String mariadb = container("mariadb");
        mariadb(mariadb, "CREATE TABLE booking (id int PRIMARY KEY, text varchar(100)) DEFAULT CHARSET=utf8mb4;"
                + " INSERT INTO booking SELECT seq, CONCAT('Buchung ', seq, ' ü') FROM seq_1_to_800;");
        String before = mariadb(mariadb, "SELECT COUNT(*), SUM(CRC32(text)) FROM booking;");

        Maven.Build backup = mvn("backup").succeeded();
        assertThat(backup.log()).contains("MariaDB service mariadb (docker compose)");
        mvn("verify").succeeded();
        mariadb(mariadb, "DELETE FROM booking WHERE id > 5;");
        sqlite3(sqlite, "DELETE FROM entry;");
        mvn("restore", "-Ddockstart.service=mariadb", "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();
        String sqliteService = backups("", ".db.gz").get(0).getFileName().toString().replaceFirst("-\\d{4}-.*", "");
        mvn("restore", "-Ddockstart.service=" + sqliteService, "-Ddockstart.backup=latest", "-Ddockstart.yes").succeeded();

        assertThat(mariadb(mariadb, "SELECT COUNT(*), SUM(CRC32(text)) FROM booking;")).isEqualTo(before);
        assertThat(sqlite3(sqlite, "SELECT count(*) FROM entry;")).isEqualTo("700");
        assertThat(backup.log()).doesNotContain("Led-ger$'1 x");
    }

    /**
     * The Dev Containers CLI as the developer uses it: a non-root host user who owns the workspace
     * (what generate and the host build wrote as root is handed over first), so the app container's
     * user gets that UID and writes target/ as it would on a developer's machine.
     */
    private Exec devcontainer(String... args) {
        if (home == null) {
            home = TempDirs.create("ds-home-");
        }
        Exec.of("chown", "-R", DEVELOPER + ":" + DEVELOPER, project.toString(), home.toString()).run().orFail();
        return docker.devcontainerAsUser(DEVELOPER, home, args);
    }

    private Exec.Result inDevContainer(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("exec", "--workspace-folder", project.toString()));
        args.addAll(List.of(command));
        return devcontainer(args.toArray(String[]::new)).timeout(Duration.ofMinutes(2)).run();
    }

    /** curl's output in the dev container once the app listens (it takes a while to start). */
    private String awaitAnswer(String... curl) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        Exec.Result result = inDevContainer(curl);
        // 7: could not connect, nothing listens yet; any other failure is the answer
        while (result.exitCode() == 7 && Instant.now().isBefore(deadline)) {
            GeneratedStack.sleep(Duration.ofSeconds(3));
            result = inDevContainer(curl);
        }
        if (result.exitCode() == 0) {
            return result.stdout();
        }
        Path log = project.resolve("target/app.log");
        throw new AssertionError("no answer from the app: " + result + "\napp.log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    /** The backup's content, as the sidecar's gzip wrote it; ISO-8859-1 keeps every byte of a snapshot. */
    private Path copyOfTheDemo() throws IOException {
        return copyOfExample("demo");
    }

    /** examples/NAME without what a build or generate left there. */
    private static Path copyOfExample(String name) throws IOException {
        Path copy = TempDirs.create("ds-" + name + "-");
        Path demo = Maven.ROOT.resolve("examples").resolve(name);
        try (Stream<Path> files = Files.walk(demo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = demo.relativize(file);
                if (relative.startsWith(".devcontainer") || relative.startsWith("backups") || relative.startsWith("target")) {
                    continue;
                }
                Files.createDirectories(copy.resolve(relative).getParent());
                Files.copy(file, copy.resolve(relative));
            }
        }
        return copy;
    }

    /** The stack as `docker compose -f .devcontainer/docker-compose.yml` from the project root sees it. */
    private GeneratedStack stack() {
        return GeneratedStack.existing(docker, project);
    }

    private Exec compose(String... args) {
        return stack().compose(args);
    }

    private String container(String service) {
        return stack().container(service);
    }

    private void awaitHealthy(String container) {
        stack().awaitHealthy(container, Duration.ofMinutes(3));
    }

    private String psql(String container, String sql) {
        return stack().psql(container, "demo", "demo", sql);
    }

    private String mariadb(String container, String sql) {
        return docker.docker("exec", "-e", "MYSQL_PWD=Led-ger$'1 x", container, "mariadb", "-N", "-B", "-uledger", "ledger",
                "-e", sql).run().orFail().stdout().trim();
    }

    private static String sqlite3(Path database, String sql) {
        return Exec.of(Tools.require("sqlite3", "sqlite3").toString(), database.toString(), sql).run().orFail().stdout().trim();
    }

    private List<Path> backups(String prefix, String suffix) {
        return stack().backups(prefix, suffix);
    }
}
