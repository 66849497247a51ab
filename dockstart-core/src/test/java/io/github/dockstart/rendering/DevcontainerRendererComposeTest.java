package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.existingCompose;
import static io.github.dockstart.rendering.Models.fromExistingCompose;
import static io.github.dockstart.rendering.Models.mariadb;
import static io.github.dockstart.rendering.Models.mysql;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static io.github.dockstart.rendering.Models.sqlite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import io.github.dockstart.testing.validation.DevcontainerValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of project renders a stack that the Compose schema and docker-compose accept. */
class DevcontainerRendererComposeTest {

    private static final String COMPOSE = ".devcontainer/docker-compose.yml";

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    static Stream<Arguments> projects() {
        return Stream.of(
                named("postgres only", project(postgres())),
                named("mysql", project(mysql())),
                named("mariadb", project(mariadb())),
                named("redis", project(redis())),
                named("sqlite only", project(sqlite())),
                named("postgres and redis", project(postgres(), redis())),
                named("two postgres", project(postgres("orders", "postgres:15-alpine", 5432, "orders"),
                        postgres("billing", "postgres:17-alpine", 5433, "billing"))),
                named("existing compose kept", project(existingCompose(),
                        fromExistingCompose("db", DatabaseType.POSTGRES, "postgres:15-alpine"),
                        fromExistingCompose("cache", DatabaseType.REDIS, "redis:7-alpine"), redis())),
                named("no database", project()));
    }

    private static Arguments named(String name, ProjectModel model) {
        return Arguments.of(Named.of(name, model));
    }

    @ParameterizedTest
    @MethodSource("projects")
    void composeFileIsValidAndAcceptedByDockerCompose(ProjectModel model, @TempDir Path root) throws IOException {
        List<GeneratedFile> files = renderer.render(model);
        GeneratedProject.write(root, files);
        createWhatTheExistingComposeFileReferences(root, model);

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));

        Map<String, Object> services = submap(config, "services");
        assertThat(services).containsKey("app");
        assertThat(services.containsKey("db-backup")).isEqualTo(model.hasDatabases());
        for (DatabaseService db : model.services()) {
            if (db.type().hasServer()) {
                assertThat(services).containsKey(db.name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("projects")
    void devcontainerJsonIsValid(ProjectModel model) {
        String json = file(renderer.render(model), ".devcontainer/devcontainer.json").content();

        assertThat(DevcontainerValidator.schemaErrors(json)).as(json).isEmpty();
        assertThat(json).contains("\"dockerComposeFile\": \"docker-compose.yml\"", "\"service\": \"app\"",
                "\"shutdownAction\": \"stopCompose\"", "\"workspaceFolder\": \"/workspaces/demo\"");
    }

    @ParameterizedTest
    @MethodSource("projects")
    void outputIsDeterministicAndEveryFileEndsWithANewline(ProjectModel model) {
        List<GeneratedFile> first = renderer.render(model);

        assertThat(renderer.render(model)).isEqualTo(first);
        assertThat(first).filteredOn(f -> !f.content().isEmpty())
                .allSatisfy(f -> assertThat(f.content()).as(f.path()).endsWith("\n"));
        assertThat(first).filteredOn(f -> f.content().isEmpty()).extracting(GeneratedFile::path)
                .containsExactly("backups/.gitkeep");
    }

    @ParameterizedTest
    @MethodSource("projects")
    void generatedDatabasePortsArePublishedOnLoopbackOnlyOnAPortDockerPicks(ProjectModel model) {
        Map<String, Object> services = submap(compose(model), "services");

        for (DatabaseService db : model.services()) {
            if (db.type().hasServer() && !db.fromExistingCompose()) {
                assertThat(submap(services, db.name()).get("ports")).as(db.name())
                        .isEqualTo(List.of("127.0.0.1::" + db.type().defaultPort()));
            }
        }
        for (String generated : List.of("app", "db-backup")) {
            if (services.containsKey(generated)) {
                assertThat(submap(services, generated)).doesNotContainKey("ports");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("projects")
    void portsAreQuotedInTheYamlText(ProjectModel model) {
        String yaml = file(renderer.render(model), COMPOSE).content();

        assertThat(yaml.lines().filter(line -> line.contains("127.0.0.1:") && !line.startsWith("#")))
                .allSatisfy(line -> assertThat(line.trim()).startsWith("- \"127.0.0.1:").endsWith("\""));
        assertThat(yaml).doesNotStartWith("---");
    }

    private Map<String, Object> compose(ProjectModel model) {
        return ComposeValidator.parse(file(renderer.render(model), COMPOSE).content());
    }

    /** The project's own Compose file, which the stack includes, and what it references (docker-compose checks they exist). */
    static void createWhatTheExistingComposeFileReferences(Path root, ProjectModel model) throws IOException {
        if (model.existingCompose() != null) {
            Files.writeString(root.resolve(model.existingCompose().file()), ComposeYaml.write(model.existingCompose().document()));
        }
        Files.createDirectories(root.resolve("web"));
        Files.createDirectories(root.resolve("initdb"));
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve(".env"), "GREETING=hello\n");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> submap(Map<String, Object> map, String key) {
        assertThat(map).containsKey(key);
        return (Map<String, Object>) map.get(key);
    }
}
