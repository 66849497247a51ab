package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.FileAccessException;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbstractDockstartMojoTest {

    @TempDir
    Path root;

    /** A goal that records the root it was given and throws what it is told to. */
    static final class RecordingMojo extends AbstractDockstartMojo {
        final List<Path> roots = new ArrayList<>();
        RuntimeException toThrow;

        @Override
        protected void doExecute(Path projectRoot, DockstartLog log) {
            roots.add(projectRoot);
            if (toThrow != null) {
                throw toThrow;
            }
        }
    }

    @Test
    void runsOnTheTopProjectWithItsDirectoryAsRoot() throws Exception {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top, project(root.resolve("app").toFile(), "app")));

        mojo.execute();

        assertThat(mojo.roots).containsExactly(root.toAbsolutePath());
    }

    @Test
    void doesNothingInAModuleOfAReactor() throws Exception {
        MavenProject top = project(root.toFile(), "top");
        MavenProject module = project(root.resolve("app").toFile(), "app");
        RecordingMojo mojo = mojo(module, session(top, module));

        mojo.execute();

        assertThat(mojo.roots).isEmpty();
    }

    @Test
    void runsOnceForTheReactorRootWhenPlLeavesTheTopProjectOut() throws Exception {
        MavenProject app = project(root.resolve("app").toFile(), "app");
        MavenProject domain = project(root.resolve("domain").toFile(), "domain");
        MavenSession session = session(domain, app);
        session.getRequest().setPom(root.resolve("pom.xml").toFile());
        RecordingMojo inDomain = mojo(domain, session);
        RecordingMojo inApp = mojo(app, session);

        inDomain.execute();
        inApp.execute();

        assertThat(inDomain.roots).containsExactly(root.toAbsolutePath());
        assertThat(inApp.roots).isEmpty();
    }

    @Test
    void skipStopsBeforeAnyWork() throws Exception {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.skip = true;

        mojo.execute();

        assertThat(mojo.roots).isEmpty();
    }

    @Test
    void invalidInputFailsTheBuildWithTheSameSentence() {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.toThrow = new InvalidInputException("src/main/resources/application.yml:3 is not valid YAML.");

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("src/main/resources/application.yml:3 is not valid YAML.");
    }

    @Test
    void aSettingErrorFailsTheBuildAndCarriesTheSettingAndValue() {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.toThrow = new InvalidSettingException("dockstart.via", "ssh", "dockstart.via=ssh is not one of local, compose, auto.");

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("dockstart.via=ssh is not one of local, compose, auto.")
                .cause().isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("dockstart.via");
                    assertThat(e.value()).isEqualTo("ssh");
                });
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedNotAnInternalError() {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.toThrow = new UncheckedIOException("Could not write into " + root,
                new AccessDeniedException(root.resolve(".devcontainer/.Dockerfile.tmp").toString()));

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessage("Could not access " + root.resolve(".devcontainer/.Dockerfile.tmp") + ": permission denied.");
    }

    @Test
    void aFullDiskNamesTheFileBeingWritten() {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.toThrow = new FileAccessException("write", root.resolve("backups/x.sql.gz"), new IOException("No space left on device"));

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessage("Could not write " + root.resolve("backups/x.sql.gz") + ": No space left on device.");
    }

    @Test
    void anyOtherFaultIsAnInternalError() {
        MavenProject top = project(root.toFile(), "top");
        RecordingMojo mojo = mojo(top, session(top));
        mojo.toThrow = new IllegalStateException("template missing");

        assertThatThrownBy(mojo::execute)
                .isExactlyInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("template missing")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    private static RecordingMojo mojo(MavenProject project, MavenSession session) {
        RecordingMojo mojo = new RecordingMojo();
        mojo.project = project;
        mojo.session = session;
        return mojo;
    }

    private static MavenProject project(File basedir, String artifactId) {
        MavenProject project = new MavenProject();
        project.setArtifactId(artifactId);
        project.setFile(new File(basedir, "pom.xml"));
        return project;
    }

    @SuppressWarnings("deprecation")
    private static MavenSession session(MavenProject top, MavenProject... modules) {
        // as Maven sets it up: the first project given is the one whose pom the build was started with
        top.setExecutionRoot(true);
        MavenSession session = new MavenSession(null, null, new DefaultMavenExecutionRequest(),
                new DefaultMavenExecutionResult());
        List<MavenProject> projects = new ArrayList<>(List.of(top));
        projects.addAll(List.of(modules));
        session.setProjects(projects);
        session.getRequest().setPom(top.getFile());
        return session;
    }
}
