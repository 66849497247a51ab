package io.github.dockstart.maven;

import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.SafetyRetention;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the retention rules of the sidecar's {@code rotate.sh} to {@code ./backups/} and, with a
 * bucket set ({@code -Ddockstart.s3.bucket}), to the backups in the bucket, as the sidecar does.
 */
@Mojo(name = "rotate", requiresProject = true, threadSafe = true)
public class RotateMojo extends AbstractBackupsMojo {

    /**
     * Delete backups older than this many days; the same setting as the sidecar's retention.
     * Set with {@code -Ddockstart.retentionDays}.
     */
    @Parameter(property = PropertyNames.RETENTION_DAYS, defaultValue = "" + SidecarSettings.DEFAULT_RETENTION_DAYS)
    String retentionDays;

    /** Never keep fewer good backups of a service; the same setting as the sidecar's. Set with {@code -Ddockstart.keepMin}. */
    @Parameter(property = PropertyNames.KEEP_MIN, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_MIN)
    String keepMin;

    /** Also keep the newest backup of each of the last this many days that have one; the sidecar's setting. Set with {@code -Ddockstart.keepDaily}. */
    @Parameter(property = PropertyNames.KEEP_DAILY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_DAILY)
    String keepDaily;

    /** Also keep the newest backup of each of the last this many ISO weeks that have one. Set with {@code -Ddockstart.keepWeekly}. */
    @Parameter(property = PropertyNames.KEEP_WEEKLY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_WEEKLY)
    String keepWeekly;

    /** Also keep the newest backup of each of the last this many months that have one. Set with {@code -Ddockstart.keepMonthly}. */
    @Parameter(property = PropertyNames.KEEP_MONTHLY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_MONTHLY)
    String keepMonthly;

    /**
     * Keep this many safety copies (taken before restores, in {@code backups/safety/}) per service; the
     * sidecar's {@code BACKUP_SAFETY_KEEP}. The same number of PostgreSQL databases a restore replaced and kept
     * ({@code {db}_before_restore_{time}}) stay. Set with {@code -Ddockstart.safetyKeep}.
     */
    @Parameter(property = PropertyNames.SAFETY_KEEP, defaultValue = "" + SafetyRetention.DEFAULT_KEEP)
    String safetyKeep;

    /** Only list what would be deleted. Set with {@code -Ddockstart.dryRun}. */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    boolean dryRun;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws IOException {
        RetentionPolicy policy = new RetentionPolicy(SidecarSettings.retentionDays(retentionDays),
                SidecarSettings.keepMin(keepMin), SidecarSettings.generations(keepDaily, keepWeekly, keepMonthly));
        SafetyRetention safety = SafetyRetention.parse(safetyKeep);
        BackupEngine engine = engine(projectRoot, log);
        int count = engine.rotate(policy, dryRun).size();
        int databases = engine.rotateSafetyDatabases(safety.keep(), dryRun).size();
        if (databases > 0) {
            log.info((dryRun ? "Would drop " : "Dropped ") + databases + " PostgreSQL safety database(s) (keeping the newest "
                    + safety.keep() + " per service).");
        }
        log.info((dryRun ? "Would delete " : "Deleted ") + count + " backup(s) older than " + policy.retentionDays()
                + " days (keeping at least " + policy.keepMin() + " good ones per service"
                + (policy.generations().any() ? ", and " + policy.generations().describe() : "") + ").");
        int copies = engine.rotateSafetyCopies(safety, dryRun).size();
        log.info((dryRun ? "Would delete " : "Deleted ") + copies + " safety copies (keeping the newest " + safety.keep()
                + " per service).");
        if (hasBucket()) {
            int remote = engine.rotateBucket(policy, dryRun).size();
            log.info((dryRun ? "Would delete " : "Deleted ") + remote + " backup(s) in the bucket by the same rules.");
        }
    }
}
