package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A project with its own {@code compose.yaml} (PostgreSQL on every interface, a named data volume,
 * no {@code name:}): {@code docker compose up} at the project root, which is also what Spring
 * Boot's Compose support runs on the host, and the generated dev stack are one Compose project:
 * one PostgreSQL container, one data volume, the same rows through either file.
 */
class ExistingComposeEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private static final String COMPOSE_YAML = """
            services:
              db:
                image: postgres:16-alpine
                environment:
                  POSTGRES_DB: shop
                  POSTGRES_USER: shop
                  POSTGRES_PASSWORD: ${SHOP_DB_PASSWORD}
                ports:
                  - "5432:5432"
                volumes:
                  - shop-data:/var/lib/postgresql/data
                healthcheck:
                  test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U shop -d shop"]
                  interval: 2s
                  retries: 60
            volumes:
              shop-data:
            """;

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>shop</artifactId>
              <version>1.0</version>
              <properties><maven.compiler.release>17</maven.compiler.release></properties>
              <dependencies>
                <dependency>
                  <groupId>org.postgresql</groupId>
                  <artifactId>postgresql</artifactId>
                  <version>42.7.4</version>
                </dependency>
              </dependencies>
            </project>
            """;

    private final List<Path> projects = new ArrayList<>();

    @AfterEach
    void deleteProjects() {
        projects.forEach(TempDirs::deleteRecursively);
    }

    @Test
    void theProjectsFileAtTheRootAndTheDevStackStartOneDatabaseWithOneVolume() throws IOException {
        Path root = project("ds-Shop.App-");
        ProjectModel model = new ProjectDetector(DockstartLog.SILENT).detect(root);
        String project = model.composeProjectName();
        assertThat(project).as("the name Compose derives from the directory").isEqualTo(
                root.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9_-]", ""));

        GeneratedStack dev = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT).up();
        String db = dev.container("db");
        dev.compose("exec", "-T", "db", "psql", "-X", "-q", "-U", "shop", "-d", "shop", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE TABLE visit (who text); INSERT INTO visit VALUES ('through the dev stack');").run().orFail();
        assertThat(hostIp(dev, db)).as("the dev stack publishes the project's database on loopback").isEqualTo("127.0.0.1");
        assertThat(published(dev, db)).isEqualTo("5432");

        // what Spring Boot's Compose support asks before it starts anything: the root file's stack runs already
        assertThat(atRoot(root, "ps", "--format", "{{.Service}}", "--status", "running").run().orFail().stdout().lines())
                .contains("db");

        atRoot(root, "up", "-d", "--wait").timeout(Duration.ofMinutes(5)).run().orFail();

        assertThat(dbContainers()).as("one PostgreSQL container in the engine").hasSize(1);
        assertThat(docker.docker("volume", "ls", "-q").run().orFail().stdout().lines())
                .filteredOn(volume -> volume.contains("shop-data")).containsExactly(project + "_shop-data");
        assertThat(docker.docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project).run()
                .orFail().stdout().lines()).containsExactlyInAnyOrder(project + "_shop-data", project + "_maven-repository");
        String rootDb = dbContainers().get(0);
        assertThat(dev.inspect(rootDb, "{{range .Mounts}}{{.Name}} {{end}}").trim()).isEqualTo(project + "_shop-data");
        // the root file publishes as it says (every interface); it is the same container name, recreated
        assertThat(hostIp(dev, rootDb)).isIn("", "0.0.0.0");
        assertThat(dev.inspect(rootDb, "{{.Name}}")).isEqualTo("/" + db);

        assertThat(atRoot(root, "exec", "-T", "db", "psql", "-X", "-q", "-t", "-A", "-U", "shop", "-d", "shop",
                "-c", "INSERT INTO visit VALUES ('through the root file'); SELECT who FROM visit ORDER BY who;")
                .run().orFail().stdout().lines()).containsExactly("through the dev stack", "through the root file");
        assertThat(dev.compose("exec", "-T", "db", "psql", "-X", "-q", "-t", "-A", "-U", "shop", "-d", "shop",
                "-c", "SELECT count(*) FROM visit;").run().orFail().stdout().trim()).isEqualTo("2");
        // the dev stack started again takes its loopback binding back, on the same container name and volume
        dev.up();
        assertThat(dbContainers()).hasSize(1);
        assertThat(hostIp(dev, dev.container("db"))).isEqualTo("127.0.0.1");
        assertThat(dev.psql(dev.container("db"), "shop", "shop", "SELECT count(*) FROM visit;")).isEqualTo("2");
        // the dev stack's sidecar backs up that same database
        assertThat(dev.exec(dev.container("db-backup"), "/usr/local/bin/backup.sh", "db").run().exitCode()).isZero();
        assertThat(GeneratedStack.gunzip(dev.backups("db-", ".sql.gz").get(0))).contains("through the root file");
    }

    @Test
    void theDevContainerOpenedAfterUpAtTheRootJoinsThatStackAndItsDatabase() throws IOException {
        Path root = project("ds-cli-");
        String project = new ProjectDetector(DockstartLog.SILENT).detect(root).composeProjectName();
        GeneratedStack.generate(docker, new ProjectDetector(DockstartLog.SILENT).detect(root), RenderOptions.DEFAULT);
        atRoot(root, "up", "-d", "--wait").timeout(Duration.ofMinutes(5)).run().orFail();
        atRoot(root, "exec", "-T", "db", "psql", "-X", "-q", "-U", "shop", "-d", "shop", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE TABLE visit (who text); INSERT INTO visit VALUES ('before the dev container');").run().orFail();

        // as VS Code opens it
        Exec.Result up = docker.devcontainer("up", "--workspace-folder", root.toString()).run();
        assertThat(up.exitCode()).as(up.toString()).isZero();

        assertThat(dbContainers()).hasSize(1);
        String app = docker.docker("ps", "-q", "--filter", "label=com.docker.compose.service=app").run().orFail().stdout().trim();
        assertThat(docker.docker("inspect", "--format", "{{index .Config.Labels \"com.docker.compose.project\"}}", app)
                .run().orFail().stdout().trim()).isEqualTo(project);
        // the app, configured for localhost:5432, reaches the database of the root's stack through its environment
        Exec.Result inside = docker.devcontainer("exec", "--workspace-folder", root.toString(), "sh", "-c",
                "PGPASSWORD=$SPRING_DATASOURCE_PASSWORD psql -X -t -A -h db -U \"$SPRING_DATASOURCE_USERNAME\" -d shop"
                        + " -c 'SELECT who FROM visit;'; echo \"$SPRING_DATASOURCE_URL\"").run();
        assertThat(inside.exitCode()).as(inside.toString()).isZero();
        assertThat(inside.stdout().lines().toList()).containsExactly("before the dev container", "jdbc:postgresql://db:5432/shop");
    }

    private Path project(String prefix) throws IOException {
        Path root = TempDirs.create(prefix);
        projects.add(root);
        Files.writeString(root.resolve("pom.xml"), POM);
        Files.writeString(root.resolve("compose.yaml"), COMPOSE_YAML);
        // the password only in .env: the dev stack must read the root's .env as Compose does there
        Files.writeString(root.resolve(".env"), "SHOP_DB_PASSWORD=shop-pw\n");
        Files.createDirectories(root.resolve("src/main/resources"));
        Files.writeString(root.resolve("src/main/resources/application.properties"), """
                spring.datasource.url=jdbc:postgresql://localhost:5432/shop
                spring.datasource.username=shop
                spring.datasource.password=shop-pw
                """);
        return root;
    }

    /** {@code docker compose ARGS} in the project root, with no {@code -f}: the project's own file, as a user runs it. */
    private static Exec atRoot(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("compose"));
        command.addAll(List.of(args));
        return docker.docker(command.toArray(String[]::new)).directory(root);
    }

    private static List<String> dbContainers() {
        return docker.docker("ps", "-a", "-q", "--filter", "label=com.docker.compose.service=db").run().orFail()
                .stdout().lines().toList();
    }

    private static String hostIp(GeneratedStack stack, String container) {
        return stack.inspect(container, "{{(index (index .HostConfig.PortBindings \"5432/tcp\") 0).HostIp}}");
    }

    private static String published(GeneratedStack stack, String container) {
        return stack.inspect(container, "{{(index (index .HostConfig.PortBindings \"5432/tcp\") 0).HostPort}}");
    }
}
