package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A goal that cannot write where it must (here a file stands where a directory belongs, which
 * fails for root too, unlike a read-only directory) fails naming that file and why, not as an
 * internal error of dockstart.
 */
class FileFailureTest {

    @TempDir
    Path root;

    @Test
    void generateNamesTheFileInTheWayOfDevcontainer() throws Exception {
        Files.writeString(root.resolve("pom.xml"), POM);
        Files.writeString(root.resolve(".devcontainer"), "not a directory\n");
        GenerateMojo mojo = new GenerateMojo();
        setUp(mojo);

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining(root.resolve(".devcontainer").toString())
                .hasMessageContaining("is a file, where a directory is needed")
                .hasMessageNotContaining("Internal error");
        assertThat(Files.readString(root.resolve(".devcontainer"))).isEqualTo("not a directory\n");
    }

    @Test
    void backupNamesTheFileInTheWayOfBackups() throws Exception {
        Files.writeString(root.resolve("pom.xml"), POM);
        Files.createDirectories(root.resolve("src/main/resources"));
        Files.writeString(root.resolve("src/main/resources/application.properties"),
                "spring.datasource.url=jdbc:sqlite:data/app.db\n");
        Files.createDirectories(root.resolve("data"));
        Process sqlite = new ProcessBuilder("sqlite3", root.resolve("data/app.db").toString(),
                "CREATE TABLE t(x); INSERT INTO t VALUES (1);").inheritIO().start();
        assertThat(sqlite.waitFor()).isZero();
        Files.writeString(root.resolve("backups"), "not a directory\n");
        BackupMojo mojo = new BackupMojo();
        setUp(mojo);
        mojo.via = "local";

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining(root.resolve("backups").toString())
                .hasMessageContaining("is a file, where a directory is needed")
                .hasMessageNotContaining("Internal error");
    }

    private void setUp(AbstractDockstartMojo mojo) {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setFile(new File(root.toFile(), "pom.xml"));
        project.setExecutionRoot(true);
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, new DefaultMavenExecutionRequest(),
                new DefaultMavenExecutionResult());
        session.setProjects(List.of(project));
        session.getRequest().setPom(project.getFile());
        mojo.project = project;
        mojo.session = session;
        if (mojo instanceof AbstractBackupsMojo backups) {
            backups.docker = "docker";
        }
    }

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>demo</artifactId>
              <version>1.0.0</version>
              <dependencies>
                <dependency>
                  <groupId>org.xerial</groupId>
                  <artifactId>sqlite-jdbc</artifactId>
                  <version>3.50.3.0</version>
                </dependency>
              </dependencies>
            </project>
            """;

}
