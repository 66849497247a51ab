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

    /** The suffix of an encrypted copy: {@code NAME.age} holds backup {@code NAME} encrypted with age. */
    public static final String ENCRYPTED_SUFFIX = ".age";

    /** Whether this is an encrypted copy ({@code NAME.age}, with {@code NAME.age.sha256} and the plain {@code NAME.sha256}). */
    public boolean encrypted() {
        return key.endsWith(ENCRYPTED_SUFFIX);
    }

    /** The file name of the object: the backup's name, with {@code .age} when encrypted. */
    public String objectName() {
        return name.fileName() + (encrypted() ? ENCRYPTED_SUFFIX : "");
    }
}
