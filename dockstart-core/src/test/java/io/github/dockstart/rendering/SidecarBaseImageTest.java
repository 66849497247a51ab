package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.mysql;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static io.github.dockstart.rendering.Models.sqlite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backup sidecar's base: the PostgreSQL server's own image, so that pg_dump has its major,
 * for every major there is a {@code postgres:NN-alpine} image of; plain Alpine without PostgreSQL;
 * and only apk packages that exist in the base's Alpine release.
 */
class SidecarBaseImageTest {

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    @ParameterizedTest
    @CsvSource({"13, 3.22", "14, 3.24", "15, 3.24", "16, 3.24", "17, 3.24", "18, 3.24"})
    void everyPostgresMajorFrom13To18GetsItsOwnAlpineImageWithEveryClientOfThatRelease(int major, String release) {
        // every package the sidecar can ask for: all database types, encrypted S3 uploads, the app stopped for SQLite
        ProjectModel model = project(postgres("postgres", "postgres:" + major + "-alpine", 5432, "demo"), mysql(),
                redis(), sqlite());
        RenderOptions everything = RenderOptions.DEFAULT.withSqliteStopsApp(true)
                .withRemoteStorage(BucketSettings.fromEnvironment("team-backups", "demo/", "", "")
                        .withEncryptRecipients("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"));

        String dockerfile = file(renderer.render(model, everything), ".devcontainer/Dockerfile.backup").content();

        assertThat(dockerfile).containsPattern("(?m)^FROM postgres:" + major + "-alpine" + release.replace(".", "\\.") + "$")
                .contains("PostgreSQL " + major + "'s own image (Alpine " + release + ")");
        assertThat(apkLine(dockerfile)).contains("mariadb-client", "mariadb-connector-c", "sqlite",
                "docker-cli", "curl", "age", "supercronic").noneMatch(p -> p.startsWith("postgresql"));
        // Redis's own package (server and client) where the release has it, else Valkey's client
        assertThat(apkLine(dockerfile)).contains(release.equals("3.24") ? "redis" : "valkey-cli")
                .doesNotContain(release.equals("3.24") ? "valkey-cli" : "redis");
        assertThat(SidecarBase.PACKAGE_RELEASES).allSatisfy((name, releases) -> {
            if (apkLine(dockerfile).contains(name)) {
                assertThat(releases).as(name).contains(release);
            }
        });
    }

    @Test
    void theListsCoverEveryMajorFrom13To18AndNameTheirSource() throws IOException {
        assertThat(SidecarBase.POSTGRES_IMAGES.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(13, 18).boxed().toList());
        assertThat(resource("postgres-alpine-images.txt")).contains("docker-library/official-images", "library/postgres",
                "37079fb336f5");
        assertThat(resource("alpine-packages.txt")).contains("pkgs.alpinelinux.org");
    }

    @Test
    void theNewestMajorOfTheProjectGivesTheBaseWhosePgDumpAlsoDumpsTheOlderServers() {
        String dockerfile = backupDockerfile(project(postgres("legacy", "postgres:13-alpine", 5432, "legacy"),
                postgres("orders", "postgres:18", 5433, "orders"), postgres("audit", "postgres:16.4-bookworm", 5434, "audit")));

        assertThat(dockerfile).containsPattern("(?m)^FROM postgres:18-alpine3\\.24$")
                .contains("a newer pg_dump also dumps older servers");
    }

    @ParameterizedTest
    @CsvSource({"postgres:12-alpine, 13-alpine3.22", "postgres:9.6, 13-alpine3.22", "postgres:latest, 18-alpine3.24",
            "postgres, 18-alpine3.24", "pgvector/pgvector:pg16, 16-alpine3.24", "pgvector/pgvector:0.8.0-pg17, 17-alpine3.24",
            "postgis/postgis:15-3.4-alpine, 15-alpine3.24", "timescale/timescaledb:latest-pg14, 14-alpine3.24"})
    void imagesOlderThan13GetThe13ImageAndImagesWithoutAMajorTheNewest(String image, String baseTag) {
        assertThat(backupDockerfile(project(postgres("db", image, 5432, "demo")))).contains("FROM postgres:" + baseTag + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres:19beta3-alpine", "postgres:19", "pgvector/pgvector:pg20"})
    void aMajorNewerThanEveryImageIsRefusedInOneSentenceNamingImageServiceAndTheNewest(String image) {
        ProjectModel model = project(postgres("orders", image, 5432, "demo"));

        assertThatThrownBy(() -> renderer.render(model)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(image).hasMessageContaining("service orders")
                .hasMessageContaining("postgres:18-alpine or older").hasMessageNotContaining("\n");
    }

    @Test
    void withoutPostgresTheSidecarStaysOnAlpine322() {
        String dockerfile = backupDockerfile(project(mysql(), redis()));

        assertThat(dockerfile).containsPattern("(?m)^FROM alpine:3\\.22$").doesNotContain("PostgreSQL");
    }

    @Test
    void aPackageMissingFromTheBasesReleaseIsNeverWritten() {
        SidecarBase base = new SidecarBase("alpine:3.22", "3.22", java.util.OptionalInt.empty());

        // Alpine replaced Redis by Valkey in 3.21, and took Redis back in 3.23: no "redis" in 3.22
        assertThatThrownBy(() -> base.checkPackages(List.of("supercronic", "redis")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis").hasMessageContaining("3.22");
        base.checkPackages(List.of("supercronic", "valkey-cli"));
        new SidecarBase("postgres:18-alpine3.24", "3.24", java.util.OptionalInt.of(18)).checkPackages(List.of("supercronic", "redis"));
    }

    @Test
    void postgres18ImagesKeepTheirDataOneDirectoryHigherAlsoBehindPgvectorTags() {
        for (DatabaseService db : List.of(postgres("postgres", "postgres:18-alpine", 5432, "demo"),
                postgres("postgres", "pgvector/pgvector:pg18", 5432, "demo"))) {
            Map<String, Object> service = submap(submap(compose(project(db)), "services"), "postgres");
            assertThat((List<Object>) service.get("volumes")).as(db.image()).containsExactly("postgres-data:/var/lib/postgresql");
        }
        Map<String, Object> pg17 = submap(submap(compose(project(postgres("postgres", "pgvector/pgvector:pg17", 5432,
                "demo"))), "services"), "postgres");
        assertThat((List<Object>) pg17.get("volumes")).containsExactly("postgres-data:/var/lib/postgresql/data");
    }

    private String backupDockerfile(ProjectModel model) {
        return file(renderer.render(model), ".devcontainer/Dockerfile.backup").content();
    }

    private Map<String, Object> compose(ProjectModel model) {
        return ComposeValidator.parse(file(renderer.render(model), ".devcontainer/docker-compose.yml").content());
    }

    private static List<String> apkLine(String dockerfile) {
        return dockerfile.lines().filter(line -> line.startsWith("RUN apk add --no-cache "))
                .flatMap(line -> List.of(line.substring("RUN apk add --no-cache ".length()).split(" ")).stream())
                .toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SidecarBase.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
