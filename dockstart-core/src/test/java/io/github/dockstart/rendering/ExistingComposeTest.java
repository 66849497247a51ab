package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.existingCompose;
import static io.github.dockstart.rendering.Models.fromExistingCompose;
import static io.github.dockstart.rendering.Models.map;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own Compose file is included, not copied, under the name its own stack has: both
 * files mean one Compose project. Its ports that open to every interface are rebound to loopback.
 */
class ExistingComposeTest {

    private final ProjectModel model = new ProjectModel(Path.of("/tmp/demo"), "demo", "21", List.of(
            fromExistingCompose("db", DatabaseType.POSTGRES, "postgres:15-alpine"),
            fromExistingCompose("cache", DatabaseType.REDIS, "redis:7-alpine"), redis()),
            named(existingCompose(), "shop"), List.of());

    @TempDir
    Path root;

    private static ProjectModel.ExistingCompose named(ProjectModel.ExistingCompose compose, String projectName) {
        return new ProjectModel.ExistingCompose(compose.file(), compose.document(), projectName, "its name:");
    }

    @Test
    void theProjectsFileIsIncludedUnderItsOwnProjectNameNotCopied() {
        Map<String, Object> compose = compose(model);

        assertThat(compose.get("name")).isEqualTo("shop");
        assertThat(compose.get("include")).isEqualTo(List.of(
                Map.of("path", List.of("../compose.yaml", "docker-compose.loopback.yml"))));
        assertThat(submap(compose, "services").keySet()).containsExactly("app", "redis", "db-backup");
        assertThat(submap(compose, "volumes").keySet()).containsExactly("maven-repository", "redis-data");
        assertThat(compose).doesNotContainKeys("networks", "version");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeLoadsTheIncludedFileAsFromTheProjectRootWithItsPortsOnLoopback() throws IOException {
        List<GeneratedFile> files = new DevcontainerRenderer().render(model);
        GeneratedProject.write(root, files);
        DevcontainerRendererComposeTest.createWhatTheExistingComposeFileReferences(root, model);
        Files.writeString(root.resolve(".env"), "SHOP_PASSWORD=from-dot-env\n");

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(".devcontainer/docker-compose.yml"));
        assertThat(ComposeValidator.schemaErrors(root.resolve(".devcontainer/docker-compose.loopback.yml"))).isEmpty();

        Map<String, Object> services = submap(config, "services");
        assertThat(services.keySet()).contains("db", "web", "cache", "app", "redis", "db-backup");
        Map<String, Object> db = submap(services, "db");
        // the project's .env and paths, exactly as `docker compose up` at the root sees them
        assertThat(submap(db, "environment")).containsEntry("POSTGRES_PASSWORD", "from-dot-env");
        assertThat((List<?>) db.get("volumes")).anySatisfy(volume -> assertThat((Map<Object, Object>) volume)
                .containsEntry("source", root.resolve("initdb").toString()));
        assertThat((List<?>) db.get("ports")).singleElement().satisfies(port -> assertThat((Map<Object, Object>) port)
                .containsEntry("host_ip", "127.0.0.1").containsEntry("published", "5432").containsEntry("target", 5432));
        assertThat(submap(submap(config, "volumes"), "shop-data")).containsEntry("name", "shop_shop-data");
        assertThat(submap(submap(config, "networks"), "backend")).containsEntry("name", "shop_backend");
    }

    @Test
    void withoutPortsOnEveryInterfaceTheFileIsIncludedAlone() {
        ProjectModel.ExistingCompose loopbackOnly = new ProjectModel.ExistingCompose("compose.yaml",
                map("services", map("db", map("image", "postgres:16", "ports", List.of("127.0.0.1:5432:5432")))), "shop", "its name:");
        List<GeneratedFile> files = new DevcontainerRenderer().render(project(loopbackOnly,
                fromExistingCompose("db", DatabaseType.POSTGRES, "postgres:16")));

        assertThat(ComposeValidator.parse(file(files, ".devcontainer/docker-compose.yml").content()).get("include"))
                .isEqualTo(List.of("../compose.yaml"));
        assertThat(files).extracting(GeneratedFile::path).doesNotContain(".devcontainer/docker-compose.loopback.yml");
        assertThat(file(files, ".devcontainer/docker-compose.yml").content())
                .contains("#   db: 127.0.0.1:5432 -> 5432 (as compose.yaml says)\n");
    }

    @Test
    void portsOnEveryInterfaceAreReboundAndTheOthersKept() {
        List<Object> ports = List.of("5432", 6379, "5433:5432", "0.0.0.0:8080:80", "[::]:9000:9000/udp",
                "${DB_PORT:-5434}:5432", "127.0.0.1:8025:8025", "[::1]:1025:1025", "192.168.1.5:3000:3000",
                map("target", 5432, "published", "5435"), map("target", 80, "host_ip", "10.0.0.1"));
        LoopbackPorts loopback = new LoopbackPorts(map("services", map("web", map("image", "nginx", "ports", ports))));

        assertThat(loopback.ports()).extracting(LoopbackPorts.Port::describe, LoopbackPorts.Port::rebound).containsExactly(
                tuple("web: 127.0.0.1:(a port Docker picks) -> 5432", true),
                tuple("web: 127.0.0.1:(a port Docker picks) -> 6379", true),
                tuple("web: 127.0.0.1:5433 -> 5432", true),
                tuple("web: 127.0.0.1:8080 -> 80", true),
                tuple("web: 127.0.0.1:9000 -> 9000/udp", true),
                tuple("web: 127.0.0.1:${DB_PORT:-5434} -> 5432", true),
                tuple("web: 127.0.0.1:8025 -> 8025", false),
                tuple("web: [::1]:1025 -> 1025", false),
                tuple("web: 192.168.1.5:3000 -> 3000", false),
                tuple("web: 127.0.0.1:5435 -> 5432", true),
                tuple("web: 10.0.0.1:(a port Docker picks) -> 80", false));
        Map<String, Object> override = ComposeValidator.parse(loopback.overrideFile("compose.yaml"));
        assertThat(submap(submap(override, "services"), "web").get("ports")).isEqualTo(List.of(
                "127.0.0.1::5432", "127.0.0.1::6379", "127.0.0.1:5433:5432", "127.0.0.1:8080:80", "127.0.0.1:9000:9000/udp",
                "127.0.0.1:${DB_PORT:-5434}:5432", "127.0.0.1:8025:8025", "[::1]:1025:1025", "192.168.1.5:3000:3000",
                Map.of("target", 5432, "published", "5435", "host_ip", "127.0.0.1"), Map.of("target", 80, "host_ip", "10.0.0.1")));
        // replaces the list: merged, the every-interface binding would stay beside the new one
        assertThat(loopback.overrideFile("compose.yaml")).contains("    ports: !override\n");
    }

    @Test
    void theHeaderSaysWhereEachPortIsPublishedAndThatItIsOneStack() {
        String yaml = file(new DevcontainerRenderer().render(model), ".devcontainer/docker-compose.yml").content();

        assertThat(yaml).contains("# It includes ../compose.yaml and is the same Compose project, shop (its name:):\n",
                "#   db: 127.0.0.1:5432 -> 5432 (rebound to 127.0.0.1 by docker-compose.loopback.yml;"
                        + " compose.yaml publishes it on every interface)\n",
                "# The databases dockstart adds publish their ports on 127.0.0.1 only");
        assertThat(DevcontainerRenderer.reboundPorts(model)).containsExactly("db: 127.0.0.1:5432 -> 5432");
    }

    @Test
    void existingDatabasesAreWaitedForAndReachedOnTheirNetworks() {
        Map<String, Object> services = submap(compose(model), "services");

        for (String generated : List.of("app", "db-backup")) {
            Map<String, Object> service = submap(services, generated);
            assertThat(submap(service, "depends_on")).as(generated).containsExactly(
                    Map.entry("db", Map.of("condition", "service_healthy")),
                    // the project's cache has no health check, and Compose would refuse service_healthy
                    Map.entry("cache", Map.of("condition", "service_started")),
                    Map.entry("redis", Map.of("condition", "service_healthy")));
            assertThat(service.get("networks")).as(generated).isEqualTo(List.of("default", "backend"));
        }
        assertThat(submap(submap(services, "db-backup"), "environment")).containsEntry("DB_CONTAINERS", "db cache redis")
                .containsEntry("DB_DB_HOST", "db").containsEntry("CACHE_DB_HOST", "cache");
    }

    @Test
    void theDevServiceGivesWayToAProjectServiceNamedApp() {
        ProjectModel.ExistingCompose withApp = new ProjectModel.ExistingCompose("compose.yaml",
                map("services", map("app", map("image", "demo:latest"))));
        List<GeneratedFile> files = new DevcontainerRenderer().render(project(withApp, redis()));

        Map<String, Object> services = submap(ComposeValidator.parse(
                file(files, ".devcontainer/docker-compose.yml").content()), "services");
        assertThat(services).doesNotContainKey("app"); // the project's, in its own file
        assertThat(submap(services, "dev")).containsEntry("command", "sleep infinity");
        assertThat(file(files, ".devcontainer/devcontainer.json").content()).contains("\"service\": \"dev\"");
    }

    @Test
    void aProjectServiceWithTheNameOfAGeneratedDatabaseIsRefused() {
        ProjectModel.ExistingCompose withRedis = new ProjectModel.ExistingCompose("compose.yaml",
                map("services", map("redis", map("image", "redis:6"))));

        assertThatThrownBy(() -> new DevcontainerRenderer().render(project(withRedis, redis())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("compose.yaml")
                .hasMessageContaining("redis");
    }

    @Test
    void aProjectVolumeWithTheNameOfAGeneratedOneIsRefused() {
        ProjectModel.ExistingCompose withVolume = new ProjectModel.ExistingCompose("compose.yaml",
                map("services", map("web", map("image", "nginx")), "volumes", map("redis-data", map())));

        assertThatThrownBy(() -> new DevcontainerRenderer().render(project(withVolume, redis())))
                .isInstanceOf(InvalidInputException.class).hasMessage("compose.yaml already defines a volume named redis-data,"
                        + " which dockstart needs for its own; rename that volume.");
    }

    private static Map<String, Object> compose(ProjectModel model) {
        return ComposeValidator.parse(file(new DevcontainerRenderer().render(model),
                ".devcontainer/docker-compose.yml").content());
    }
}
