package io.github.dockstart.engine;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.storage.BucketSettings;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How the host-side engine reaches databases and names files.
 *
 * @param projectRoot   the project's root; backups live in its {@code backups/}
 * @param via           local clients, the Compose stack, or auto
 * @param dockerProgram the {@code docker} command for {@link Via#COMPOSE}
 * @param overrides     connection settings that replace the detected ones (local clients)
 * @param redisDataDir  a local Redis server's data directory, for restores; may be null
 * @param zone          the zone of the times in backup names (the sidecar's {@code TZ}, UTC by default)
 * @param remote        the S3-compatible bucket the backups are copied to (by the sidecar and by {@code backup}), if any
 */
public record EngineSettings(Path projectRoot, Via via, String dockerProgram, ConnectionOverrides overrides,
                             Path redisDataDir, ZoneId zone, Optional<BucketSettings> remote) {

    public static final String BACKUP_DIRECTORY = ProjectLayout.BACKUP_DIRECTORY;
    public static final String COMPOSE_FILE = ProjectLayout.COMPOSE_FILE;

    public Path backupDirectory() {
        return ProjectLayout.backupDirectory(projectRoot);
    }

    public Path composeFile() {
        return ProjectLayout.composeFile(projectRoot);
    }

    /** Each non-null field replaces the detected value. */
    public record ConnectionOverrides(String host, Integer port, String user, String password, String database) {
        public static final ConnectionOverrides NONE = new ConnectionOverrides(null, null, null, null, null);
    }
}
