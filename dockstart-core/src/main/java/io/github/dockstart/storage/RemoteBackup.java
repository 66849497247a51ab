package io.github.dockstart.storage;

import io.github.dockstart.backup.BackupFileName;
import java.time.Instant;

/**
 * A backup in the bucket.
 *
 * @param key          its object key
 * @param uri          its {@code s3://bucket/key} address, which {@code dockstart.backup} accepts
 * @param name         its parsed file name
 * @param size         its size in bytes
 * @param lastModified when the store received it
 * @param good         whether its checksum object is present (uploaded last, so only after the backup was complete)
 */
public record RemoteBackup(String key, String uri, BackupFileName name, long size, Instant lastModified, boolean good) {
}
