package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A developer who is not root on the host starts the dev container with the Dev Containers CLI:
 * the app container runs as a non-root user with the developer's UID and GID, so what it writes
 * into the workspace is the developer's, and the sidecar's backups belong to the owner of
 * {@code backups/} (mode 0600 kept), so the developer reads them without sudo.
 */
class FilesBelongToTheUserEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    /** A host user that exists nowhere but in these files: no name, no home but the test's. */
    private static final int DEVELOPER = 4242;

    private Path project;
    private Path home;

    @AfterEach
    void deleteProject() {
        if (project != null) {
            TempDirs.deleteRecursively(project);
            TempDirs.deleteRecursively(home);
        }
    }

    @Test
    void theAppContainerWritesAsTheDeveloperAndBackupsBelongToTheDeveloper() throws IOException {
        project = TempDirs.create("ds-owner-");
        home = TempDirs.create("ds-home-");
        ProjectModel model = new ProjectModel(project, "owned", "17", List.of(new DatabaseService("postgres",
                DatabaseType.POSTGRES, "postgres:16-alpine", "localhost", 5432, "owned", "owned", "secret", null, false,
                List.of())), null, List.of());
        GeneratedStack stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT);
        chownRecursively(project, DEVELOPER);
        chownRecursively(home, DEVELOPER);

        Exec.Result up = docker.devcontainerAsUser(DEVELOPER, home, "up", "--workspace-folder", project.toString()).run();
        assertThat(up.exitCode()).as(up.toString()).isZero();

        Exec.Result inside = docker.devcontainerAsUser(DEVELOPER, home, "exec", "--workspace-folder", project.toString(),
                "sh", "-c", "id -u; id -g; id -un; mkdir -p target && echo built > target/probe.txt").run();
        assertThat(inside.exitCode()).as(inside.toString()).isZero();
        assertThat(inside.stdout().lines().toList()).containsExactly(String.valueOf(DEVELOPER), String.valueOf(DEVELOPER), "dev");
        Path probe = project.resolve("target/probe.txt");
        assertThat(probe).hasContent("built");
        assertThat(Files.getAttribute(probe, "unix:uid")).isEqualTo(DEVELOPER);
        assertThat(Files.getAttribute(probe, "unix:gid")).isEqualTo(DEVELOPER);

        Exec.Result backup = stack.exec(stack.container("db-backup"), "/usr/local/bin/backup.sh").run();
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        try (Stream<Path> files = Files.list(stack.backups())) {
            List<Path> written = files.filter(f -> f.getFileName().toString().startsWith("postgres-")).toList();
            assertThat(written).hasSize(2);
            for (Path file : written) {
                assertThat(Files.getAttribute(file, "unix:uid")).as(file.toString()).isEqualTo(DEVELOPER);
                assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
            Path dump = written.stream().filter(f -> f.toString().endsWith(".gz")).findFirst().orElseThrow();
            // the developer, not root, reads it
            Exec.Result read = Exec.of(Tools.require("setpriv", "util-linux").toString(), "--reuid=" + DEVELOPER,
                    "--regid=" + DEVELOPER, "--clear-groups", "--", "gzip", "-t", dump.toString()).run();
            assertThat(read.exitCode()).as(read.toString()).isZero();
        }
    }

    private static void chownRecursively(Path root, int uid) {
        Exec.of("chown", "-R", uid + ":" + uid, root.toString()).run().orFail();
    }
}
