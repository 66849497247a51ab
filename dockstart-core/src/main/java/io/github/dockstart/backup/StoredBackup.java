package io.github.dockstart.backup;

import java.nio.file.Path;

/**
 * A backup file found in a directory.
 *
 * @param file  its path
 * @param name  its parsed name
 * @param size  its size in bytes
 * @param good  whether its checksum file is present beside it (a full check is {@link BackupVerifier}'s job)
 */
public record StoredBackup(Path file, BackupFileName name, long size, boolean good) {

    public Path checksumFile() {
        return file.resolveSibling(name.checksumFileName());
    }

    /** The result of the last restore drill of this backup, when there was one. */
    public Path drillResultFile() {
        return file.resolveSibling(name.fileName() + BackupFileName.DRILL_RESULT_SUFFIX);
    }
}
