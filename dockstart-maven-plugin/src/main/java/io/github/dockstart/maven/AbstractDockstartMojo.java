package io.github.dockstart.maven;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every dockstart goal does around its own work: honour {@code dockstart.skip}, act once per
 * build on the top project of the reactor (the project root dockstart works on), and turn the
 * core's exceptions into Maven's: a user error ({@link InvalidInputException}) fails the build
 * with its one sentence, anything else is an internal error.
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
        MavenProject top = topLevelProject();
        if (!sameProject(project, top)) {
            // the root holds the one .devcontainer/; modules' databases are found from there
            getLog().debug("dockstart runs for the top project " + top.getArtifactId() + " only, not for module "
                    + project.getArtifactId() + ".");
            return;
        }
        Path projectRoot = top.getBasedir().toPath().toAbsolutePath().normalize();
        try {
            doExecute(projectRoot, new MavenDockstartLog(getLog()));
        } catch (InvalidInputException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
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
            throws MojoExecutionException, MojoFailureException;

    private MavenProject topLevelProject() {
        MavenProject top = session == null ? null : session.getTopLevelProject();
        return top == null ? project : top;
    }

    private static boolean sameProject(MavenProject a, MavenProject b) {
        File aDir = a.getBasedir();
        File bDir = b.getBasedir();
        return a == b || (aDir != null && bDir != null
                && aDir.getAbsoluteFile().toPath().normalize().equals(bDir.getAbsoluteFile().toPath().normalize()));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }
}
