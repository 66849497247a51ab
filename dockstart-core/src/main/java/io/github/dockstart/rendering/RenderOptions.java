package io.github.dockstart.rendering;

import io.github.dockstart.storage.BucketSettings;
import java.util.Optional;

/**
 * What a user asked for beyond what detection found. Part of {@code generate}'s up-to-date stamp
 * (through {@link #toString()}), so that changing any of it rewrites the files.
 *
 * @param remoteStorage  copies of the backups in an S3-compatible bucket, when asked for
 * @param sqliteStopsApp SQLite backups stop the app container around the copy (the sidecar gets the
 *                       Docker socket and client for that), instead of copying while the app runs
 * @param sidecar        whether and how the backup sidecar runs
 * @param alerts         the sidecar's failure alerts, when asked for
 */
public record RenderOptions(Optional<BucketSettings> remoteStorage, boolean sqliteStopsApp, SidecarSettings sidecar,
                            Optional<AlertSettings> alerts) {

    public static final RenderOptions DEFAULT = new RenderOptions(Optional.empty(), false, SidecarSettings.DEFAULTS,
            Optional.empty());

    public RenderOptions {
        remoteStorage = remoteStorage == null ? Optional.empty() : remoteStorage;
        sidecar = sidecar == null ? SidecarSettings.DEFAULTS : sidecar;
        alerts = alerts == null ? Optional.empty() : alerts;
    }

    public RenderOptions(Optional<BucketSettings> remoteStorage, boolean sqliteStopsApp, SidecarSettings sidecar) {
        this(remoteStorage, sqliteStopsApp, sidecar, Optional.empty());
    }

    public RenderOptions withRemoteStorage(BucketSettings storage) {
        return new RenderOptions(Optional.ofNullable(storage), sqliteStopsApp, sidecar, alerts);
    }

    public RenderOptions withSqliteStopsApp(boolean stop) {
        return new RenderOptions(remoteStorage, stop, sidecar, alerts);
    }

    public RenderOptions withSidecar(SidecarSettings settings) {
        return new RenderOptions(remoteStorage, sqliteStopsApp, settings, alerts);
    }

    public RenderOptions withAlerts(Optional<AlertSettings> settings) {
        return new RenderOptions(remoteStorage, sqliteStopsApp, sidecar, settings);
    }
}
