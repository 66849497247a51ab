package io.github.dockstart.rendering;

import java.util.Optional;

/**
 * What a user asked for beyond what detection found.
 *
 * @param remoteStorage  copies of the backups in an S3-compatible bucket, when asked for
 * @param sqliteStopsApp SQLite backups stop the app container around the copy (the sidecar gets the
 *                       Docker socket and client for that), instead of copying while the app runs
 */
public record RenderOptions(Optional<RemoteStorage> remoteStorage, boolean sqliteStopsApp) {

    public static final RenderOptions DEFAULT = new RenderOptions(Optional.empty(), false);

    public RenderOptions {
        remoteStorage = remoteStorage == null ? Optional.empty() : remoteStorage;
    }

    public RenderOptions withRemoteStorage(RemoteStorage storage) {
        return new RenderOptions(Optional.ofNullable(storage), sqliteStopsApp);
    }

    public RenderOptions withSqliteStopsApp(boolean stop) {
        return new RenderOptions(remoteStorage, stop);
    }
}
