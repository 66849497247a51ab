package io.github.dockstart.maven;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.restore.Confirmation;
import io.github.dockstart.settings.PropertyNames;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores a backup into its database: verifies the file, asks (or needs {@code -Ddockstart.yes}),
 * takes a safety copy of the current data into {@code backups/safety/}, then restores.
 */
@Mojo(name = "restore", requiresProject = true, threadSafe = true)
public class RestoreMojo extends AbstractEngineMojo {

    /** The backup: a file name in {@code ./backups/}, a path inside the project, or {@code latest}. Set with {@code -Ddockstart.backup}. */
    @Parameter(property = PropertyNames.BACKUP)
    String backup;

    /** Restore without asking. Set with {@code -Ddockstart.yes}. */
    @Parameter(property = PropertyNames.YES, defaultValue = "false")
    boolean yes;

    /**
     * Keep a safety copy of the current data before restoring (default). Only where it cannot be
     * written (a read-only {@code backups/}) and the current data may go for good: {@code false}.
     * Set with {@code -Ddockstart.safetyCopy}.
     */
    @Parameter(property = PropertyNames.SAFETY_COPY, defaultValue = "true")
    boolean safetyCopy;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws IOException {
        engine(projectRoot, log).restore(backup, service, confirmation(), safetyCopy);
    }

    private Confirmation confirmation() {
        if (yes) {
            return question -> true;
        }
        Console console = System.console();
        if (session.getRequest().isInteractiveMode() && console != null) {
            return question -> {
                String answer = console.readLine("%s [y/N] ", question);
                return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
            };
        }
        // batch mode: nobody to ask, and no restore without an explicit yes
        return question -> false;
    }
}
