package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.mariadb;
import static io.github.dockstart.rendering.Models.mysql;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static io.github.dockstart.rendering.Models.sqlite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import io.github.dockstart.testing.validation.ShellChecks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The Dockerfiles, the scripts and the backup sidecar's configuration. */
class DevcontainerRendererFilesTest {

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    @Test
    void withPostgresTheBackupImageIsThePostgresImageAndAddsNoPostgresPackage() {
        String dockerfile = backupDockerfile(project(postgres("postgres", "postgres:15-alpine", 5432, "demo")));

        assertThat(dockerfile).containsPattern("(?m)^FROM postgres:15-alpine3\\.\\d+$");
        assertThat(apkPackages(dockerfile)).contains("supercronic", "tzdata", "isa-l", "pigz")
                .noneMatch(p -> p.startsWith("postgresql")).doesNotContain("mariadb-client", "valkey-cli", "sqlite");
    }

    @Test
    void backupImageHasOnlyTheClientsOfTheTypesPresent() {
        assertThat(backupDockerfile(project(redis()))).containsPattern("(?m)^FROM alpine:3\\.22$");
        assertThat(apkPackages(backupDockerfile(project(redis())))).contains("valkey-cli")
                .noneMatch(p -> p.startsWith("postgresql")).doesNotContain("mariadb-client", "sqlite");
        assertThat(backupDockerfile(project(redis()))).contains("ln -s /usr/bin/valkey-cli /usr/local/bin/redis-cli");
        assertThat(backupDockerfile(project(postgres()))).doesNotContain("valkey");
        assertThat(apkPackages(backupDockerfile(project(mysql())))).contains("mariadb-client", "mariadb-connector-c")
                .doesNotContain("valkey-cli", "sqlite");
        assertThat(apkPackages(backupDockerfile(project(mariadb())))).contains("mariadb-client")
                .doesNotContain("valkey-cli", "sqlite", "mariadb-connector-c");
        assertThat(apkPackages(backupDockerfile(project(sqlite())))).contains("sqlite")
                .doesNotContain("valkey-cli", "mariadb-client");
    }

    /** Alpine 3.24 (the postgres images' release) has Redis's own package: its server is what the restore drill loads into. */
    @Test
    void onAnAlpineReleaseWithRedisTheSidecarGetsRedisServerAndClientInsteadOfValkeyCli() {
        String dockerfile = backupDockerfile(project(postgres("postgres", "postgres:16-alpine", 5432, "demo"), redis()));

        assertThat(dockerfile).containsPattern("(?m)^FROM postgres:16-alpine3\\.24$");
        assertThat(apkPackages(dockerfile)).contains("redis").doesNotContain("valkey-cli");
        assertThat(dockerfile).doesNotContain("valkey");
    }

    @Test
    void backupImageRunsTheScriptsFromUsrLocalBin() {
        String dockerfile = backupDockerfile(project(postgres()));

        assertThat(dockerfile).contains("COPY scripts/*.sh /usr/local/bin/", "COPY scripts/*.sql /usr/local/bin/", "chmod 0755 /usr/local/bin/*.sh",
                "ENTRYPOINT [\"/usr/local/bin/entrypoint.sh\"]", "CMD [\"/usr/local/bin/healthcheck.sh\"]");
    }

    @Test
    void devImageHasTheProjectsJdkAndOnlyTheClientsNeeded() {
        String dockerfile = file(renderer.render(project(postgres(), redis())), ".devcontainer/Dockerfile").content();

        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-21\n")
                .contains("postgresql-client redis-tools").doesNotContain("mariadb-client", "sqlite3", "$");
        String withoutDatabases = file(renderer.render(project()), ".devcontainer/Dockerfile").content();
        assertThat(withoutDatabases).doesNotContain("apt-get");
    }

    @Test
    void theDevContainerRunsAsANonRootUserThatTakesTheDevelopersUid() throws IOException {
        List<GeneratedFile> files = renderer.render(project(postgres()));
        String dockerfile = file(files, ".devcontainer/Dockerfile").content();
        Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(file(files, ".devcontainer/devcontainer.json").content(), Map.class);
        Map<String, Object> app = submap(submap(compose(project(postgres())), "services"), "app");

        assertThat(dockerfile).contains("useradd --uid 1000 --user-group --create-home --shell /bin/bash dev")
                .endsWith("USER dev\n");
        assertThat(json).containsEntry("remoteUser", "dev").containsEntry("updateRemoteUserUID", true);
        assertThat((List<Object>) app.get("volumes")).contains("maven-repository:/home/dev/.m2");
    }

    @Test
    void javaVersionsBecomeImageTags() {
        assertThat(DevImageTag.jdkFor("1.8")).isEqualTo(8);
        assertThat(DevImageTag.jdkFor("17")).isEqualTo(17);
        assertThat(DevImageTag.jdkFor(" 25 ")).isEqualTo(25);
        assertThat(DevImageTag.jdkFor("${java.version}")).isEqualTo(17);
        assertThat(DevImageTag.jdkFor(null)).isEqualTo(17);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26})
    void everyJavaReleaseGetsAPublishedImageThatCompilesForIt(int release) {
        int jdk = DevImageTag.jdkFor(String.valueOf(release));

        assertThat(DevImageTag.PUBLISHED_JDKS).contains(jdk);
        assertThat(jdk).isGreaterThanOrEqualTo(release);
        assertThat(DevImageTag.PUBLISHED_JDKS).noneMatch(published -> published >= release && published < jdk);
        assertThat(file(renderer.render(new ProjectModel(Path.of("/p"), "demo", String.valueOf(release), List.of(), null,
                List.of())), ".devcontainer/Dockerfile").content()).contains("FROM maven:3.9-eclipse-temurin-" + jdk + "\n");
    }

    @Test
    void releasesThatNeverHadTheirOwnImageGetTheNextOne() {
        assertThat(DevImageTag.jdkFor("9")).isEqualTo(11);
        assertThat(DevImageTag.jdkFor("16")).isEqualTo(17);
        assertThat(DevImageTag.jdkFor("22")).isEqualTo(25);
        assertThat(DevImageTag.jdkFor("1.7")).isEqualTo(8);
        assertThatThrownBy(() -> DevImageTag.jdkFor("27")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Java 27").hasMessageContaining("maven:3.9-eclipse-temurin-26");
    }

    @Test
    void scriptsAreCopiedVerbatimExecutableAndPassTheShellChecks(@TempDir Path root) throws IOException {
        List<GeneratedFile> files = renderer.render(project(postgres()));
        GeneratedProject.write(root, files);

        for (String script : SidecarScripts.ALL) {
            GeneratedFile generated = file(files, ".devcontainer/scripts/" + script);
            assertThat(generated.executable()).as(script).isTrue();
            assertThat(generated.content()).as(script).isEqualTo(resource(script));
            ShellChecks.assertClean(root.resolve(generated.path()));
        }
    }

    @Test
    void withoutDatabasesThereIsNoSidecar() {
        List<GeneratedFile> files = renderer.render(project());

        assertThat(files).extracting(GeneratedFile::path).containsExactly(".devcontainer/devcontainer.json",
                ".devcontainer/docker-compose.yml", ".devcontainer/Dockerfile", "backups/.gitkeep");
        Map<String, Object> services = submap(compose(project()), "services");
        assertThat(services).containsOnlyKeys("app");
        assertThat(submap(services, "app")).doesNotContainKey("depends_on");
    }

    @Test
    void theStackIsNamedAfterTheProjectSoThatTwoProjectsNeverShareContainers() {
        ProjectModel project = new ProjectModel(Path.of("/work/Order Service"), "Order_Service.API", "17",
                List.of(postgres()), null, List.of());

        Map<String, Object> compose = compose(project);

        assertThat(compose).containsEntry("name", "order_service-api");
        assertThat(submap(submap(compose, "services"), "db-backup"))
                .containsEntry("container_name", "order_service-api-db-backup");
        assertThat(new ProjectModel(Path.of("/x"), "--", "17", List.of(), null, List.of()).composeProjectName())
                .isEqualTo("project");
    }

    @Test
    void sqliteBackupsStopTheAppOnlyWhenAskedAndThenGetTheDockerSocket() {
        ProjectModel project = project(sqlite());
        RenderOptions stopApp = RenderOptions.DEFAULT.withSqliteStopsApp(true);
        List<GeneratedFile> files = renderer.render(project, stopApp);

        Map<String, Object> sidecar = submap(submap(ComposeValidator.parse(file(files, ".devcontainer/docker-compose.yml")
                .content()), "services"), "db-backup");
        assertThat(submap(sidecar, "environment")).containsEntry("SQLITE_STOP_CONTAINER", "demo-app-1");
        assertThat((List<Object>) sidecar.get("volumes"))
                .contains("${DOCKSTART_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock");
        assertThat(apkPackages(file(files, ".devcontainer/Dockerfile.backup").content())).contains("docker-cli");

        Map<String, Object> plain = submap(submap(compose(project), "services"), "db-backup");
        assertThat(submap(plain, "environment")).doesNotContainKey("SQLITE_STOP_CONTAINER");
        assertThat(plain.get("volumes").toString()).doesNotContain("docker.sock");
        assertThat(apkPackages(backupDockerfile(project))).doesNotContain("docker-cli");
        // no SQLite, nothing to stop: the socket stays out
        assertThat(file(renderer.render(project(postgres()), stopApp), ".devcontainer/docker-compose.yml").content())
                .doesNotContain("docker.sock");
    }

    @Test
    void oneDatabaseUsesTheSingleSidecarForm() {
        Map<String, Object> sidecar = submap(submap(compose(project(postgres())), "services"), "db-backup");

        assertThat(submap(sidecar, "environment")).containsExactly(
                Map.entry("DB_CONTAINER", "postgres"), Map.entry("DB_TYPE", "postgres"),
                Map.entry("DB_HOST", "postgres"), Map.entry("DB_PORT", "5432"), Map.entry("DB_NAME", "demo"),
                Map.entry("DB_USER", "demo"), Map.entry("DB_PASSWORD", "secret"),
                Map.entry("BACKUP_SCHEDULE", "0 3 * * *"), Map.entry("BACKUP_RETENTION_DAYS", "7"),
                Map.entry("BACKUP_KEEP_MIN", "3"), Map.entry("BACKUP_DIR", "/backups"), Map.entry("TZ", "UTC"));
        assertThat(sidecar).containsEntry("container_name", "demo-db-backup").containsEntry("restart", "unless-stopped")
                .containsEntry("build", Map.of("context", ".", "dockerfile", "Dockerfile.backup"))
                .containsEntry("volumes", List.of("../backups:/backups"))
                .containsEntry("depends_on", Map.of("postgres", Map.of("condition", "service_healthy")));
        assertThat(submap(sidecar, "healthcheck").get("test").toString()).contains("/usr/local/bin/healthcheck.sh");
    }

    @Test
    void severalDatabasesUseThePrefixedSidecarForm() {
        ProjectModel model = project(postgres("orders-db", "postgres:16-alpine", 5432, "orders"), redis(), sqlite());
        Map<String, Object> sidecar = submap(submap(compose(model), "services"), "db-backup");
        Map<String, Object> env = submap(sidecar, "environment");

        assertThat(env).containsEntry("DB_CONTAINERS", "orders-db redis sqlite")
                .containsEntry("ORDERS_DB_DB_TYPE", "postgres").containsEntry("ORDERS_DB_DB_HOST", "orders-db")
                .containsEntry("ORDERS_DB_DB_NAME", "orders").containsEntry("REDIS_DB_TYPE", "redis")
                .containsEntry("REDIS_DB_PASSWORD", "secret").containsEntry("REDIS_DB_NAME", "0")
                .containsEntry("SQLITE_DB_TYPE", "sqlite").containsEntry("SQLITE_DB_PATH", "/workspace/data/app.db")
                .doesNotContainKeys("DB_TYPE", "DB_CONTAINER", "REDIS_DB_USER", "SQLITE_DB_HOST");
        assertThat(sidecar.get("volumes")).isEqualTo(List.of("../backups:/backups", "..:/workspace"));
        assertThat(submap(sidecar, "depends_on")).containsOnlyKeys("orders-db", "redis");
    }

    @Test
    void containerNamesThatCollideAsVariablePrefixesAreRefused() {
        ProjectModel model = project(postgres("pg-1", "postgres:16-alpine", 5432, "a"),
                postgres("pg_1", "postgres:16-alpine", 5433, "b"));

        assertThatThrownBy(() -> renderer.render(model)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pg-1").hasMessageContaining("pg_1").hasMessageContaining("PG_1");
    }

    @Test
    void aDatabaseNamedLikeAGeneratedServiceIsRefused() {
        for (String taken : List.of("app", "db-backup")) {
            ProjectModel model = project(postgres(taken, "postgres:16-alpine", 5432, "demo"));

            assertThatThrownBy(() -> renderer.render(model)).as(taken).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(taken);
        }
    }

    @Test
    void databaseServicesHaveVolumesHealthChecksAndStandardCredentials() {
        Map<String, Object> services = submap(compose(project(postgres(), mysql(), redis())), "services");

        Map<String, Object> pg = submap(services, "postgres");
        assertThat(pg).containsEntry("image", "postgres:16-alpine")
                .containsEntry("volumes", List.of("postgres-data:/var/lib/postgresql/data"));
        assertThat(submap(pg, "environment")).containsEntry("POSTGRES_DB", "demo").containsEntry("POSTGRES_USER", "demo")
                .containsEntry("POSTGRES_PASSWORD", "secret");
        assertThat(submap(pg, "healthcheck").get("test").toString()).contains("pg_isready");
        Map<String, Object> mysqlService = submap(services, "mysql");
        assertThat(submap(mysqlService, "environment")).containsEntry("MYSQL_DATABASE", "demo")
                .containsEntry("MYSQL_USER", "demo").containsEntry("MYSQL_PASSWORD", "secret")
                .containsEntry("MYSQL_ROOT_PASSWORD", "secret");
        assertThat(submap(mysqlService, "healthcheck").get("test").toString()).contains("mysqladmin, ping");
        Map<String, Object> redisService = submap(services, "redis");
        assertThat(submap(redisService, "environment")).containsOnlyKeys("REDISCLI_AUTH");
        assertThat(submap(redisService, "healthcheck").get("test").toString()).contains("redis-cli ping");
        assertThat(submap(services, "app").get("depends_on")).isEqualTo(Map.of(
                "postgres", Map.of("condition", "service_healthy"), "mysql", Map.of("condition", "service_healthy"),
                "redis", Map.of("condition", "service_healthy")));
        assertThat(submap(compose(project(postgres(), mysql(), redis())), "volumes"))
                .containsKeys("postgres-data", "mysql-data", "redis-data");
    }

    @Test
    void theAppContainerMountsTheWorkspaceAndWaits() {
        Map<String, Object> app = submap(submap(compose(project(postgres())), "services"), "app");

        assertThat(app).containsEntry("command", "sleep infinity")
                .containsEntry("build", Map.of("context", ".", "dockerfile", "Dockerfile"));
        assertThat(app.get("volumes").toString()).contains("..:/workspaces/demo:cached");
    }

    private String backupDockerfile(ProjectModel model) {
        return file(renderer.render(model), ".devcontainer/Dockerfile.backup").content();
    }

    private static List<String> apkPackages(String dockerfile) {
        return dockerfile.lines().filter(line -> line.startsWith("RUN apk add --no-cache "))
                .flatMap(line -> List.of(line.substring("RUN apk add --no-cache ".length()).split(" ")).stream())
                .toList();
    }

    private Map<String, Object> compose(ProjectModel model) {
        return ComposeValidator.parse(file(renderer.render(model), ".devcontainer/docker-compose.yml").content());
    }

    private static String resource(String script) throws IOException {
        try (InputStream in = DevcontainerRenderer.class.getResourceAsStream(
                "/io/github/dockstart/rendering/scripts/" + script)) {
            assertThat(in).as(script).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
