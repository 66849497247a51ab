package io.github.dockstart.rendering;

import java.util.Optional;

/**
 * What a user asked for beyond what detection found.
 *
 * @param remoteStorage copies of the backups in an S3-compatible bucket, when asked for
 */
public record RenderOptions(Optional<RemoteStorage> remoteStorage) {

    public static final RenderOptions DEFAULT = new RenderOptions(Optional.empty());

    public RenderOptions {
        remoteStorage = remoteStorage == null ? Optional.empty() : remoteStorage;
    }

    public RenderOptions withRemoteStorage(RemoteStorage storage) {
        return new RenderOptions(Optional.ofNullable(storage));
    }
}
