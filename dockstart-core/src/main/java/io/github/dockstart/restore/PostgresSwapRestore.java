package io.github.dockstart.restore;

import io.github.dockstart.access.CommandFailedException;
import io.github.dockstart.access.PostgresAccess;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * PostgreSQL: build, check, then swap. The backup is restored into a new database beside the live
 * one ({@code {db}_restoring_{time}}); if anything fails, that one is dropped and the live database
 * was never touched. Once it is complete, it takes over the live database's settings, owner and
 * grants, the sessions on the live database are ended (no new ones meanwhile) and two renames in
 * one transaction swap them. The old database stays as {@code {db}_before_restore_{time}}: the
 * safety copy, back by a rename. The same steps as the sidecar's {@code restore.sh}.
 */
final class PostgresSwapRestore {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final PostgresAccess db;
    private final DockstartLog log;
    private final Clock clock;

    PostgresSwapRestore(PostgresAccess db, DockstartLog log, Clock clock) {
        this.db = db;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param dump the decompressed backup, opened only once the new database exists; a read of it may throw
     *             {@link BackupVerifier.BadBackupException} (the file is checked while it loads): nothing is swapped then
     */
    void restore(String fileName, DumpSource dump) throws IOException {
        String live = db.database();
        String stamp = LocalDateTime.now(clock).format(STAMP);
        String building = live + "_restoring_" + stamp;
        String kept = live + PostgresAccess.SAFETY_INFIX + stamp;
        long liveBytes = db.size();
        List<PostgresAccess.SafetyDatabase> older = db.safetyDatabases();
        log.info("Method: build beside and swap. " + fileName + " is restored into a new database " + building + "; " + live
                + " stays untouched until that is complete.");
        log.info("Safety copy: the current " + live + " (" + ProgressMeter.size(liveBytes) + " on disk) will be kept as database "
                + kept + "; " + older.size() + " older safety copies of " + live + " take "
                + ProgressMeter.size(older.stream().mapToLong(PostgresAccess.SafetyDatabase::bytes).sum())
                + " (rotate keeps the newest few).");
        Set<String> rolesBefore = db.roles();
        try {
            db.createBeside(building);
        } catch (CommandFailedException e) {
            throw new IOException("Could not create the database " + building + " to restore into: " + e.getMessage()
                    + " " + live + " is unchanged.", e);
        }
        Optional<String> warning;
        try (InputStream in = dump.open()) {
            db.loadInto(building, in);
            db.copyPropertiesTo(building);
            warning = db.swapIn(building, kept);
        } catch (IOException | RuntimeException e) {
            String dropped = dropQuietly(building);
            Optional<BackupVerifier.BadBackupException> bad = badBackup(e);
            if (bad.isPresent()) {
                // found while loading: the new database held a bad file's content and is gone; the live one never saw it
                throw new InvalidFileException(fileName, 0, bad.get().getMessage() + " Nothing was restored: " + dropped + " "
                        + live + " was not touched and is unchanged.", e);
            }
            throw new IOException("Restore of " + fileName + " into " + live + " failed: " + e.getMessage() + " " + dropped
                    + " " + live + " was not touched and is unchanged.", e);
        }
        warning.ifPresent(log::warn);
        Set<String> created = new TreeSet<>(db.roles());
        created.removeAll(rolesBefore);
        if (!created.isEmpty()) {
            log.info("Created roles the backup needs: " + String.join(", ", created)
                    + " (without passwords: give one with ALTER ROLE ... PASSWORD to those that log in).");
        }
        log.info("Restored " + fileName + " into " + live + " by build and swap; the data from before is database " + kept
                + " (" + ProgressMeter.size(liveBytes) + "). To go back: ALTER DATABASE \"" + live + "\" RENAME TO \"" + live
                + "_discarded\"; ALTER DATABASE \"" + kept + "\" RENAME TO \"" + live + "\";");
    }

    /** The bad file behind a failed load (the runner wraps what reading the input threw), if that was the cause. */
    private static Optional<BackupVerifier.BadBackupException> badBackup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackupVerifier.BadBackupException bad) {
                return Optional.of(bad);
            }
        }
        return Optional.empty();
    }

    private String dropQuietly(String building) {
        try {
            db.drop(building);
            return "The unfinished database " + building + " was dropped;";
        } catch (IOException e) {
            return "The unfinished database " + building + " could not be dropped (" + e.getMessage() + "): drop it with DROP DATABASE \""
                    + building + "\";";
        }
    }

    /** Opens the decompressed backup. */
    @FunctionalInterface
    interface DumpSource {
        InputStream open() throws IOException;
    }
}
