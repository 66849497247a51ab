package io.github.dockstart.maven;

import io.github.dockstart.access.Via;
import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.engine.StackTimeZone;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.S3Settings;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that work on backups: they share how a database is reached and which service is meant. */
abstract class AbstractEngineMojo extends AbstractBucketMojo {

    /** The one service to act on; by default all (backup) or the one the backup's name tells (restore). Set with {@code -Ddockstart.service}. */
    @Parameter(property = PropertyNames.SERVICE)
    String service;

    /** How to reach the databases: {@code local}, {@code compose} or {@code auto}. Set with {@code -Ddockstart.via}. */
    @Parameter(property = PropertyNames.VIA, defaultValue = "auto")
    String via;

    /** Replaces the detected host. Set with {@code -Ddockstart.host}. */
    @Parameter(property = PropertyNames.HOST)
    String host;

    /** Replaces the detected port. Set with {@code -Ddockstart.port}. */
    @Parameter(property = PropertyNames.PORT)
    Integer port;

    /** Replaces the detected user. Set with {@code -Ddockstart.user}. */
    @Parameter(property = PropertyNames.USER)
    String user;

    /** Replaces the detected password. Set with {@code -Ddockstart.password}. */
    @Parameter(property = PropertyNames.PASSWORD)
    String password;

    /** Replaces the detected database name (for SQLite, the file). Set with {@code -Ddockstart.database}. */
    @Parameter(property = PropertyNames.DATABASE)
    String database;

    /** A local Redis server's data directory, where a restore puts {@code dump.rdb}. Set with {@code -Ddockstart.redis.dataDir}. */
    @Parameter(property = PropertyNames.REDIS_DATA_DIR)
    File redisDataDir;

    /**
     * The time zone of the times in backup names. Unset, the sidecar's {@code TZ} in
     * {@code .devcontainer/docker-compose.yml} (UTC without a sidecar), so that host and sidecar
     * name, compare and rotate backups by one clock. Set with {@code -Ddockstart.timeZone}.
     */
    @Parameter(property = PropertyNames.TIME_ZONE)
    String timeZone;

    /** The {@code docker} command for {@code via=compose}. Set with {@code -Ddockstart.docker}. */
    @Parameter(property = PropertyNames.DOCKER, defaultValue = "docker")
    String docker;

    BackupEngine engine(Path projectRoot, DockstartLog log) {
        Optional<S3Settings> remote = hasBucket()
                ? Optional.of(S3Settings.of(s3Bucket, s3Prefix, s3Endpoint, s3Region, null, null))
                : Optional.empty();
        EngineSettings settings = new EngineSettings(projectRoot, Via.parse(via), docker,
                new EngineSettings.ConnectionOverrides(host, port, user, password, database),
                redisDataDir == null ? null : redisDataDir.toPath().toAbsolutePath(),
                StackTimeZone.resolve(timeZone, projectRoot.resolve(EngineSettings.COMPOSE_FILE), log), remote);
        return new BackupEngine(new ProjectDetector(log).detect(projectRoot, effectivePoms()), settings, log);
    }
}
