package io.github.dockstart.backup;

import io.github.dockstart.log.DockstartLog;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link RetentionPolicy} to the backups of a directory and a {@link SafetyRetention} to
 * its safety copies, deleting each doomed file with its checksum.
 */
public final class RotationService {

    private final DockstartLog log;

    public RotationService(DockstartLog log) {
        this.log = log;
    }

    /**
     * @param extensions each container whose backups may go, with the extension of its type
     *                   ({@code sql}, {@code rdb}, {@code db}); a file of another type is not its backup
     * @param dryRun     only report what would go
     * @return the backups deleted (or that would be)
     */
    public List<StoredBackup> rotate(BackupDirectory directory, RetentionPolicy policy, Map<String, String> extensions,
                                     LocalDateTime now, boolean dryRun) throws IOException {
        List<StoredBackup> doomed = policy.toDelete(directory.list(), extensions, now);
        delete(doomed, "", dryRun);
        return doomed;
    }

    /** @return the safety copies deleted (or that would be) */
    public List<StoredBackup> rotateSafetyCopies(BackupDirectory directory, SafetyRetention retention, Map<String, String> extensions,
                                                 boolean dryRun) throws IOException {
        List<StoredBackup> doomed = retention.toDelete(directory.safetyCopies(), extensions);
        delete(doomed, BackupDirectory.SAFETY_FOLDER + "/", dryRun);
        return doomed;
    }

    private void delete(List<StoredBackup> doomed, String folder, boolean dryRun) throws IOException {
        for (StoredBackup backup : doomed) {
            if (dryRun) {
                log.info("Would delete " + folder + backup.file().getFileName());
            } else {
                Files.deleteIfExists(backup.file());
                Files.deleteIfExists(backup.checksumFile());
                Files.deleteIfExists(backup.drillResultFile());
                log.info("Deleted " + folder + backup.file().getFileName());
            }
        }
    }
}
