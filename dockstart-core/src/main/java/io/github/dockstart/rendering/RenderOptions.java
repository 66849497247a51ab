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
 */
public record RenderOptions(Optional<BucketSettings> remoteStorage, boolean sqliteStopsApp, SidecarSettings sidecar) {

    public static final RenderOptions DEFAULT = new RenderOptions(Optional.empty(), false, SidecarSettings.DEFAULTS);

    public RenderOptions {
        remoteStorage = remoteStorage == null ? Optional.empty() : remoteStorage;
        sidecar = sidecar == null ? SidecarSettings.DEFAULTS : sidecar;
    }

    public RenderOptions withRemoteStorage(BucketSettings storage) {
        return new RenderOptions(Optional.ofNullable(storage), sqliteStopsApp, sidecar);
    }

    public RenderOptions withSqliteStopsApp(boolean stop) {
        return new RenderOptions(remoteStorage, stop, sidecar);
    }

    public RenderOptions withSidecar(SidecarSettings settings) {
        return new RenderOptions(remoteStorage, sqliteStopsApp, settings);
    }
}
