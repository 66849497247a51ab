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

import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own Compose services survive into the generated stack, their paths moved to .devcontainer/. */
class ExistingComposeTest {

    private final ProjectModel model = project(existingCompose(),
            fromExistingCompose("db", DatabaseType.POSTGRES, "postgres:15-alpine"),
            fromExistingCompose("cache", DatabaseType.REDIS, "redis:7-alpine"), redis());

    @Test
    void existingServicesAreKeptWithRelativePathsRewritten() {
        Map<String, Object> compose = compose(model);
        Map<String, Object> services = submap(compose, "services");

        assertThat(services.keySet()).containsExactly("db", "web", "cache", "app", "redis", "db-backup");
        Map<String, Object> db = submap(services, "db");
        assertThat(db.get("volumes")).isEqualTo(List.of("../initdb:/docker-entrypoint-initdb.d:ro",
                "shop-data:/var/lib/postgresql/data"));
        // kept as the project wrote it, interpolation included
        assertThat(submap(db, "environment")).containsEntry("POSTGRES_PASSWORD", "${SHOP_PASSWORD:-shop-secret}");
        assertThat(db.get("ports")).isEqualTo(List.of("5432:5432"));
        Map<String, Object> web = submap(services, "web");
        assertThat(web).containsEntry("build", "../web").containsEntry("env_file", "../.env")
                .containsEntry("volumes", List.of(Map.of("type", "bind", "source", "../config", "target", "/config")));
        assertThat(compose).doesNotContainKey("version");
        assertThat(submap(compose, "volumes")).containsKeys("shop-data", "redis-data");
        assertThat(submap(compose, "networks")).containsKey("backend");
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
        assertThat(submap(services, "app")).containsEntry("image", "demo:latest");
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
    void pathsAreRelocatedFromTheOriginalFilesDirectory() {
        ExistingComposeRelocation fromRoot = new ExistingComposeRelocation("compose.yaml", ".devcontainer");
        ExistingComposeRelocation fromDocker = new ExistingComposeRelocation("docker/compose.yml", ".devcontainer");

        assertThat(fromRoot.relocate("./x")).isEqualTo("../x");
        assertThat(fromRoot.relocate("x/")).isEqualTo("../x");
        assertThat(fromRoot.relocate(".")).isEqualTo("..");
        assertThat(fromRoot.relocate("../sibling")).isEqualTo("../../sibling");
        assertThat(fromDocker.relocate("./init")).isEqualTo("../docker/init");
        assertThat(fromDocker.relocate("..")).isEqualTo("..");
        assertThat(fromDocker.relocate("../app")).isEqualTo("../app");
        for (String unchanged : List.of("/abs/path", "~/data", "${DATA_DIR}", "https://github.com/x/y.git",
                "git@github.com:x/y.git")) {
            assertThat(fromRoot.relocate(unchanged)).isEqualTo(unchanged);
        }
    }

    @Test
    void buildContextsInMapFormAndDefaultContextsAreRelocated() {
        ExistingComposeRelocation relocation = new ExistingComposeRelocation("compose.yaml", ".devcontainer");

        assertThat(relocation.service(map("build", map("dockerfile", "Dockerfile.dev"))))
                .containsEntry("build", Map.of("dockerfile", "Dockerfile.dev", "context", ".."));
        assertThat(relocation.service(map("build", map("context", "./api"), "env_file", List.of("a.env",
                map("path", "./b.env", "required", false)))))
                .containsEntry("build", Map.of("context", "../api"))
                .containsEntry("env_file", List.of("../a.env", Map.of("path", "../b.env", "required", false)));
    }

    private static Map<String, Object> compose(ProjectModel model) {
        return ComposeValidator.parse(file(new DevcontainerRenderer().render(model),
                ".devcontainer/docker-compose.yml").content());
    }
}
