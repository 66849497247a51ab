package io.github.dockstart.model;

import java.nio.file.Path;

/**
 * Where dockstart's files are in a project, relative to its root: the generated
 * {@code .devcontainer/} with its Compose file, and {@code backups/}. Every class that names one
 * of these places takes it from here, so that moving one is a change of one line.
 */
public final class ProjectLayout {

    /** The directory of the generated dev container. */
    public static final String DEVCONTAINER_DIRECTORY = ".devcontainer";
    /** The generated Compose file, the stack the goals use with {@code via=compose}. */
    public static final String COMPOSE_FILE = DEVCONTAINER_DIRECTORY + "/docker-compose.yml";
    /** What {@code generate} wrote, to know a file edited by hand from its own. */
    public static final String MANIFEST = DEVCONTAINER_DIRECTORY + "/.dockstart-manifest";
    /** The backups, of the sidecar and of the host goals alike (bind-mounted into the sidecar). */
    public static final String BACKUP_DIRECTORY = "backups";
    /** The safety copies taken before restores, inside the backup directory (the sidecar's {@code SAFETY_DIR}). */
    public static final String SAFETY_FOLDER = "safety";

    private ProjectLayout() {
    }

    public static Path devcontainerDirectory(Path projectRoot) {
        return projectRoot.resolve(DEVCONTAINER_DIRECTORY);
    }

    public static Path composeFile(Path projectRoot) {
        return projectRoot.resolve(COMPOSE_FILE);
    }

    public static Path backupDirectory(Path projectRoot) {
        return projectRoot.resolve(BACKUP_DIRECTORY);
    }
}
