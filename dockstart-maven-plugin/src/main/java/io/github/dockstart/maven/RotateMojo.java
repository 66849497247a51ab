package io.github.dockstart.maven;

import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.log.DockstartLog;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Applies the retention rules of the sidecar's {@code rotate.sh} to {@code ./backups/}. */
@Mojo(name = "rotate", requiresProject = true, threadSafe = true)
public class RotateMojo extends AbstractEngineMojo {

    /** Delete backups older than this many days. Set with {@code -Ddockstart.retentionDays}. */
    @Parameter(property = PropertyNames.RETENTION_DAYS, defaultValue = "7")
    int retentionDays;

    /** Never keep fewer good backups of a service. Set with {@code -Ddockstart.keepMin}. */
    @Parameter(property = PropertyNames.KEEP_MIN, defaultValue = "3")
    int keepMin;

    /** Only list what would be deleted. Set with {@code -Ddockstart.dryRun}. */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    boolean dryRun;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws MojoExecutionException {
        try {
            int count = engine(projectRoot, log).rotate(new RetentionPolicy(retentionDays, keepMin), dryRun).size();
            log.info((dryRun ? "Would delete " : "Deleted ") + count + " backup(s) older than " + retentionDays
                    + " days (keeping at least " + keepMin + " good ones per service).");
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
