package io.github.dockstart.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.output.ForeignFilesException;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bound generate is cheap when nothing changed, and never misses a change. */
class DevcontainerGeneratorTest {

    private static final WriteOptions NORMAL = new WriteOptions(false, false);

    @TempDir
    Path root;

    private final DevcontainerGenerator generator = new DevcontainerGenerator(DockstartLog.SILENT);

    @BeforeEach
    void springBootWithPostgres() throws IOException {
        Files.writeString(root.resolve("pom.xml"), """
                <project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>shop</artifactId><version>1</version>
                  <dependencies><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency></dependencies>
                </project>
                """);
        Path resources = Files.createDirectories(root.resolve("src/main/resources"));
        Files.writeString(resources.resolve("application.properties"), "spring.datasource.url=jdbc:postgresql://localhost:5432/shop\n");
    }

    private DevcontainerGenerator.Result run(String build) {
        return generator.generate(root, RenderOptions.DEFAULT, NORMAL, build);
    }

    @Test
    void aSecondRunWithNothingChangedStopsEarlyAndWritesNothing() {
        DevcontainerGenerator.Result first = run("v1");
        DevcontainerGenerator.Result second = run("v1");

        assertThat(first.upToDate()).isFalse();
        assertThat(first.report().written()).contains(".devcontainer/docker-compose.yml");
        assertThat(second.upToDate()).isTrue();
        assertThat(second.model()).isEmpty();
        assertThat(second.report().written()).isEmpty();
        assertThat(second.report().unchanged()).contains(".devcontainer/docker-compose.yml", "backups/.gitkeep");
    }

    @Test
    void aChangedConfigurationIsNoticed() throws IOException {
        run("v1");
        Files.writeString(root.resolve("src/main/resources/application.properties"),
                "spring.datasource.url=jdbc:postgresql://localhost:5432/orders\n");

        DevcontainerGenerator.Result again = run("v1");

        assertThat(again.upToDate()).isFalse();
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).content().contains("POSTGRES_DB: orders");
    }

    @Test
    void aNewProfileFileIsNoticed() throws IOException {
        run("v1");
        Files.writeString(root.resolve("src/main/resources/application-dev.properties"), "spring.data.redis.host=localhost\n");

        assertThat(run("v1").upToDate()).isFalse();
    }

    @Test
    void aDeletedFileIsWrittenAgain() throws IOException {
        run("v1");
        Files.delete(root.resolve(".devcontainer/Dockerfile"));

        DevcontainerGenerator.Result again = run("v1");

        assertThat(again.upToDate()).isFalse();
        assertThat(again.report().written()).containsExactly(".devcontainer/Dockerfile");
    }

    @Test
    void aHandEditedFileStopsEveryRunUntilForced() throws IOException {
        run("v1");
        Files.writeString(root.resolve(".devcontainer/Dockerfile"), "FROM scratch\n");

        assertThatThrownBy(() -> run("v2")).isInstanceOf(ForeignFilesException.class)
                .hasMessageContaining(".devcontainer/Dockerfile");
        assertThatThrownBy(() -> run("v2")).isInstanceOf(ForeignFilesException.class);
        assertThat(root.resolve(".devcontainer/Dockerfile")).hasContent("FROM scratch");
    }

    @Test
    void anotherDockstartBuildRendersAgain() {
        run("v1");

        assertThat(run("v2").upToDate()).isFalse();
        assertThat(run("v2").upToDate()).isTrue();
    }

    @Test
    void changedSidecarSettingsAreNoticedAndTurningItOffRemovesItsFiles() throws IOException {
        run("v1");
        RenderOptions hourly = RenderOptions.DEFAULT.withSidecar(SidecarSettings.of(null, "@hourly", "14", null, null, null));

        DevcontainerGenerator.Result changed = generator.generate(root, hourly, NORMAL, "v1");

        assertThat(changed.upToDate()).isFalse();
        assertThat(changed.report().written()).containsExactly(".devcontainer/docker-compose.yml");
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).content().contains("BACKUP_SCHEDULE: \"@hourly\"")
                .contains("BACKUP_RETENTION_DAYS: \"14\"");
        assertThat(generator.generate(root, hourly, NORMAL, "v1").upToDate()).isTrue();

        RenderOptions off = RenderOptions.DEFAULT.withSidecar(SidecarSettings.of("off", null, null, null, null, null));
        DevcontainerGenerator.Result turnedOff = generator.generate(root, off, NORMAL, "v1");

        assertThat(turnedOff.report().removed()).contains(".devcontainer/Dockerfile.backup",
                ".devcontainer/scripts/backup.sh", ".devcontainer/scripts/lib.sh");
        assertThat(root.resolve(".devcontainer/Dockerfile.backup")).doesNotExist();
        assertThat(root.resolve(".devcontainer/scripts")).doesNotExist();
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).content().doesNotContain("db-backup");
        assertThat(generator.generate(root, off, NORMAL, "v1").upToDate()).isTrue();
    }

    @Test
    void theOutputSaysTheStackIsTheProjectFilesAndNamesEachReboundPort() throws IOException {
        Files.writeString(root.resolve("compose.yaml"), """
                services:
                  db:
                    image: postgres:16
                    ports: ["5432:5432", "127.0.0.1:5433:5433"]
                """);
        RecordingLog log = new RecordingLog();

        new DevcontainerGenerator(log).generate(root, RenderOptions.DEFAULT, NORMAL, "v1");

        String name = root.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9_-]", "");
        var messages = log.lines.stream().filter(line -> !line.startsWith("DEBUG ")).map(line -> line.replaceFirst("^\\w+ ", "")).toList();
        assertThat(messages).contains(
                ".devcontainer/docker-compose.yml includes compose.yaml as the same Compose project, " + name
                        + " (the project directory's name): docker compose up at the project root and the dev stack start"
                        + " the same containers and volumes.",
                "compose.yaml has no name:, so its stack is named after the project's directory; add 'name: " + name
                        + "' to it, so that a copy of the project in another directory still means one stack.",
                "Rebound to 127.0.0.1 in the dev stack (compose.yaml publishes it on every interface): db: 127.0.0.1:5432 -> 5432");
        assertThat(messages).noneMatch(message -> message.contains("5433 -> 5433"));
    }
}
