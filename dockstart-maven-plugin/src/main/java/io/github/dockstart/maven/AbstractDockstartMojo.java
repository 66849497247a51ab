package io.github.dockstart.maven;

import io.github.dockstart.detection.EffectivePom;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.FileAccessException;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every dockstart goal does around its own work: honour {@code dockstart.skip}, act once per
 * build with the reactor's top directory as the project root, and turn the
 * core's exceptions into Maven's, here only: a user error ({@link InvalidInputException} and its
 * kinds, which carry the setting or file at fault) fails the build with its one sentence; a file
 * that cannot be read or written (an unwritable directory, a full disk) fails it naming the file;
 * anything else is an internal error.
 */
public abstract class AbstractDockstartMojo extends AbstractMojo {

    /** The project this execution runs for. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The build, to find the top project of the reactor. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Skip this goal. Set with {@code -Ddockstart.skip}. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("dockstart is skipped (" + PropertyNames.SKIP + ").");
            return;
        }
        Path projectRoot = reactorRoot();
        MavenProject runner = runningProject(projectRoot);
        if (!sameProject(project, runner)) {
            // one .devcontainer/ for the whole reactor; the modules' databases are found from its root
            getLog().debug("dockstart runs once per build, for " + runner.getArtifactId() + ", not for module "
                    + project.getArtifactId() + ".");
            return;
        }
        try {
            doExecute(projectRoot, new MavenDockstartLog(getLog()));
        } catch (InvalidInputException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
        } catch (FileAccessException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            // the JDK's exception names the file; the core's wrapper may only name the directory
            throw new MojoExecutionException(e.getCause() instanceof FileSystemException fs
                    ? FileAccessException.describe(fs) : describe(e), e);
        } catch (IOException e) {
            throw new MojoExecutionException(e instanceof FileSystemException fs ? FileAccessException.describe(fs)
                    : describe(e), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("Internal error in dockstart: " + describe(e), e);
        }
    }

    /**
     * The goal's own work.
     *
     * @param projectRoot the directory of the reactor's top pom
     * @param log         the core's log, writing to Maven's
     */
    protected abstract void doExecute(Path projectRoot, DockstartLog log)
            throws MojoExecutionException, MojoFailureException, IOException;

    /** Maven's effective model of the build's projects, for detection (inherited dependencies, interpolated properties). */
    protected List<EffectivePom> effectivePoms() {
        return session == null || session.getProjects() == null ? List.of() : MavenEffectivePoms.of(session.getProjects());
    }

    /**
     * The directory of the reactor's top pom, the one Maven was started with ({@code -f} or the
     * current directory). It stays the top when {@code -pl} leaves its project out of the build.
     */
    private Path reactorRoot() {
        File topPom = session == null || session.getRequest() == null ? null : session.getRequest().getPom();
        if (topPom != null && topPom.getAbsoluteFile().getParentFile() != null) {
            return topPom.getAbsoluteFile().getParentFile().toPath().normalize();
        }
        MavenProject top = session == null ? null : session.getTopLevelProject();
        return directory(top == null ? project : top);
    }

    /** The project whose execution does the work: the one at the root, else the first of the build. */
    private MavenProject runningProject(Path root) {
        List<MavenProject> projects = session == null || session.getProjects() == null ? List.of() : session.getProjects();
        return projects.stream()
                .filter(candidate -> root.equals(directory(candidate)))
                .findFirst()
                .orElse(projects.isEmpty() ? project : projects.get(0));
    }

    private static boolean sameProject(MavenProject a, MavenProject b) {
        return a == b || (a.getBasedir() != null && directory(a).equals(directory(b)));
    }

    private static Path directory(MavenProject project) {
        File basedir = project.getBasedir();
        return basedir == null ? null : basedir.toPath().toAbsolutePath().normalize();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
