package io.github.dockstart.maven;

import io.github.dockstart.access.Via;
import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.engine.StackTimeZone;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.settings.PropertyNames;
import io.github.dockstart.storage.BucketSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that work on the backups in {@code ./backups/} (and the bucket) without reaching a
 * database: {@code list}, {@code verify}, {@code rotate}. They take no connection settings; the
 * goals that do ({@code backup}, {@code restore}) add them in {@link AbstractEngineMojo}.
 */
abstract class AbstractBackupsMojo extends AbstractBucketMojo {

    /**
     * The age identity file (private key) that decrypts encrypted bucket copies for {@code restore},
     * and with which {@code list} downloads, decrypts and checks each of them; relative to the
     * project's root. Set with {@code -Ddockstart.ageIdentity}.
     */
    @Parameter(property = PropertyNames.AGE_IDENTITY)
    String ageIdentity;

    /**
     * The time zone of the times in backup names. Unset, the sidecar's {@code TZ} in
     * {@code .devcontainer/docker-compose.yml} (UTC without a sidecar), so that host and sidecar
     * name, compare and rotate backups by one clock. Set with {@code -Ddockstart.timeZone}.
     */
    @Parameter(property = PropertyNames.TIME_ZONE)
    String timeZone;

    /** The {@code docker} command, to ask the running stack (and for {@code via=compose}). Set with {@code -Ddockstart.docker}. */
    @Parameter(property = PropertyNames.DOCKER, defaultValue = "docker")
    String docker;

    /** The engine over the project's backups, reaching no database. */
    BackupEngine engine(Path projectRoot, DockstartLog log) {
        return engine(projectRoot, log, Via.AUTO, EngineSettings.ConnectionOverrides.NONE, null);
    }

    BackupEngine engine(Path projectRoot, DockstartLog log, Via via, EngineSettings.ConnectionOverrides overrides,
            Path redisDataDir) {
        EngineSettings settings = new EngineSettings(projectRoot, via, docker, overrides, redisDataDir,
                StackTimeZone.resolve(timeZone, ProjectLayout.composeFile(projectRoot), log), bucket(projectRoot));
        return new BackupEngine(new ProjectDetector(log).detect(projectRoot, effectivePoms()), settings, log);
    }

    /** The bucket with the host's age identity, resolved against the project's root. */
    Optional<BucketSettings> bucket(Path projectRoot) {
        return bucket().map(b -> ageIdentity == null || ageIdentity.isBlank() ? b
                : b.withAgeIdentity(projectRoot.resolve(ageIdentity.trim())));
    }
}
