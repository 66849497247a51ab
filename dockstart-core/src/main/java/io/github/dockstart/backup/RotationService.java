package io.github.dockstart.backup;

import io.github.dockstart.log.DockstartLog;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

/** Applies a {@link RetentionPolicy} to a backup directory, deleting each doomed backup with its checksum. */
public final class RotationService {

    private final DockstartLog log;

    public RotationService(DockstartLog log) {
        this.log = log;
    }

    /**
     * @param dryRun only report what would go
     * @return the backups deleted (or that would be)
     */
    public List<StoredBackup> rotate(BackupDirectory directory, RetentionPolicy policy, Set<String> containers,
                                     LocalDateTime now, boolean dryRun) throws IOException {
        List<StoredBackup> doomed = policy.toDelete(directory.list(), containers, now);
        for (StoredBackup backup : doomed) {
            if (dryRun) {
                log.info("Would delete " + backup.file().getFileName());
            } else {
                Files.deleteIfExists(backup.file());
                Files.deleteIfExists(backup.checksumFile());
                log.info("Deleted " + backup.file().getFileName());
            }
        }
        return doomed;
    }
}
