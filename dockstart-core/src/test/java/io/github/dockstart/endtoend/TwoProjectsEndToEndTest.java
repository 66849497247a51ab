package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two generated projects that both use PostgreSQL and Redis on their default ports run at the same
 * time: their own containers and volumes, no host port clash, and each one's backups and restores
 * touch only its own databases.
 */
class TwoProjectsEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private final List<Path> projects = new ArrayList<>();

    @AfterEach
    void deleteProjects() {
        projects.forEach(TempDirs::deleteRecursively);
    }

    private ProjectModel project(String name) {
        Path root = TempDirs.create("ds-" + name + "-");
        projects.add(root);
        return new ProjectModel(root, name, "17", List.of(
                new DatabaseService("postgres", DatabaseType.POSTGRES, "postgres:16-alpine", "localhost", 5432, "app", "app",
                        "secret", null, false, List.of()),
                new DatabaseService("redis", DatabaseType.REDIS, "redis:7-alpine", "localhost", 6379, "0", null, null, null,
                        false, List.of())), null, List.of());
    }

    @Test
    void twoProjectsOnTheDefaultPortsRunSideBySideAndEachBacksUpOnlyItsOwnDatabases() throws IOException {
        ProjectModel alphaModel = project("alpha");
        ProjectModel betaModel = project("beta");
        GeneratedStack alpha = GeneratedStack.generate(docker, alphaModel, RenderOptions.DEFAULT).up();
        GeneratedStack beta = GeneratedStack.generate(docker, betaModel, RenderOptions.DEFAULT).up();

        assertThat(alpha.container("postgres")).isNotEqualTo(beta.container("postgres"));
        assertThat(volumesOf("alpha")).containsExactlyInAnyOrder("alpha_postgres-data", "alpha_redis-data", "alpha_maven-repository");
        assertThat(volumesOf("beta")).containsExactlyInAnyOrder("beta_postgres-data", "beta_redis-data", "beta_maven-repository");
        BackupEngine alphaEngine = engine(alphaModel);
        BackupEngine betaEngine = engine(betaModel);
        Map<String, String> alphaAddresses = alphaEngine.publishedAddresses();
        Map<String, String> betaAddresses = betaEngine.publishedAddresses();
        assertThat(alphaAddresses.keySet()).containsExactly("postgres", "redis");
        assertThat(alphaAddresses.values()).allMatch(address -> address.startsWith("127.0.0.1:"))
                .doesNotContainAnyElementsOf(betaAddresses.values());

        psql(alpha, "CREATE TABLE owner (name text); INSERT INTO owner VALUES ('alpha-row');");
        psql(beta, "CREATE TABLE owner (name text); INSERT INTO owner VALUES ('beta-row');");
        docker.docker("exec", alpha.container("redis"), "redis-cli", "SET", "owner", "alpha-key").run().orFail();
        docker.docker("exec", beta.container("redis"), "redis-cli", "SET", "owner", "beta-key").run().orFail();

        assertThat(alpha.exec(alpha.container("db-backup"), "/usr/local/bin/backup.sh").run().exitCode()).isZero();
        Path hostBackup = betaEngine.backup("postgres").get(0);

        String alphaDump = GeneratedStack.gunzip(only(alpha, "postgres-"));
        assertThat(alphaDump).contains("alpha-row").doesNotContain("beta-row");
        assertThat(GeneratedStack.gunzip(only(alpha, "redis-"))).contains("alpha-key").doesNotContain("beta-key");
        assertThat(GeneratedStack.gunzip(hostBackup)).contains("beta-row").doesNotContain("alpha-row");

        psql(beta, "DELETE FROM owner;");
        betaEngine.restore(hostBackup.getFileName().toString(), "postgres", question -> true);
        assertThat(psql(beta, "SELECT name FROM owner;")).isEqualTo("beta-row");
        assertThat(psql(alpha, "SELECT name FROM owner;")).isEqualTo("alpha-row");
    }

    private BackupEngine engine(ProjectModel model) {
        return new BackupEngine(model, new EngineSettings(model.root(), Via.AUTO,
                docker.dockerCommand(model.root()).toString(), EngineSettings.ConnectionOverrides.NONE, null, ZoneOffset.UTC,
                Optional.empty()), DockstartLog.SILENT);
    }

    private List<String> volumesOf(String project) {
        return docker.docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project).run().orFail()
                .stdout().lines().toList();
    }

    private static String psql(GeneratedStack stack, String sql) {
        return stack.psql(stack.container("postgres"), "app", "app", sql);
    }

    private static Path only(GeneratedStack stack, String prefix) {
        List<Path> found = stack.backups(prefix, ".gz");
        assertThat(found).as(prefix + "* in " + stack.backups()).hasSize(1);
        return found.get(0);
    }
}
