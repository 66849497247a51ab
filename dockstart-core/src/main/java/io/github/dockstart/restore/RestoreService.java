package io.github.dockstart.restore;

import io.github.dockstart.access.CommandFailedException;
import io.github.dockstart.access.DatabaseAccess;
import io.github.dockstart.access.PostgresAccess;
import io.github.dockstart.backup.BackupService;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidFileException;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Restores a backup: verify the file, confirm, check the database answers, take a safety copy
 * of what is there now (into {@code backups/safety/}, apart from the backups), then stream the
 * decompressed dump into the database. Nothing touches the database before the file has passed
 * verification and the user has agreed; when the restore fails, the message says what state the
 * database is in and which file brings its data back.
 * PostgreSQL, where the user may create databases, is built beside and swapped in
 * ({@link PostgresSwapRestore}) instead: the replaced database itself is the safety copy.
 */
public final class RestoreService {

    private static final int BUFFER = 1 << 16;

    /** The setting that turns the safety copy off, named where a missing one stops a restore. */
    public static final String SAFETY_COPY_SETTING = PropertyNames.SAFETY_COPY;

    private final BackupService backups;
    private final BackupVerifier verifier = new BackupVerifier();
    private final DockstartLog log;
    private final boolean safetyCopy;
    private final Clock clock;

    public RestoreService(BackupService backups, DockstartLog log) {
        this(backups, log, true);
    }

    /** @param safetyCopy false only when the user said so: the current data is then replaced for good */
    public RestoreService(BackupService backups, DockstartLog log, boolean safetyCopy) {
        this(backups, log, safetyCopy, Clock.systemUTC());
    }

    /** @param clock names the databases a PostgreSQL restore builds and keeps (in its zone) */
    public RestoreService(BackupService backups, DockstartLog log, boolean safetyCopy, Clock clock) {
        this.backups = backups;
        this.log = log;
        this.safetyCopy = safetyCopy;
        this.clock = clock;
    }

    /**
     * @return the safety backup taken of the data before, if there was any
     */
    public Optional<Path> restore(RestoreTarget target, DatabaseAccess access, Confirmation confirmation) throws IOException {
        Path file = target.file();
        DatabaseType type = target.service().type();
        // PostgreSQL built beside and swapped in: the live database is untouched until the swap, so
        // the file's full check rides on the load (one pass), and only its start is checked first
        Optional<String> inPlaceBecause = Optional.empty();
        if (access instanceof PostgresAccess pg) {
            refuseIfBad(verifier.verifyStart(file, type));
            inPlaceBecause = swapRefusal(pg);
        }
        boolean swap = access instanceof PostgresAccess && inPlaceBecause.isEmpty();
        if (swap) {
            log.info("Checked the start of " + file.getFileName() + " (checksum file, gzip header, " + type
                    + " header); its checksum, gzip stream and end marker are checked while it loads, before the swap.");
        } else {
            // the content too (a whole dump of the service's type), before the safety copy and before loading
            refuseIfBad(verifier.verify(file, Optional.of(type)));
            log.info("Verified " + file.getFileName() + " (gzip stream, checksum and " + type + " content).");
        }
        if (!confirmation.confirm("Replace the data of " + access.describe() + " with " + file.getFileName() + "?")) {
            throw new InvalidInputException("Restore of " + file.getFileName() + " was not confirmed; nothing was changed"
                    + " (set " + PropertyNames.YES + " to restore without asking).");
        }
        try {
            access.checkReadyForLoad();
        } catch (CommandFailedException e) {
            throw new InvalidInputException("Cannot restore into " + access.describe() + ": " + e.getMessage(), e);
        }
        if (swap) {
            // the old database itself is the safety copy: nothing to dump first
            ProgressMeter progress = new ProgressMeter(log, "restore " + target.service().name());
            new PostgresSwapRestore((PostgresAccess) access, log, clock).restore(file.getFileName().toString(),
                    () -> counting(verifier.checkedWhileRead(file, type), progress));
            log.info(progress.summary() + " restored from " + file.getFileName());
            return Optional.empty();
        }
        inPlaceBecause.ifPresent(why -> log.info("Method: in place, in one transaction (" + why + ")."));
        Optional<Path> safety = Optional.empty();
        Optional<DatabaseAccess.Dump> current = safetyCopy ? access.safetyDump() : Optional.empty();
        if (!safetyCopy) {
            log.warn("No safety copy (" + SAFETY_COPY_SETTING + "=false): the current data of " + access.describe()
                    + " is replaced for good.");
        }
        if (current.isPresent()) {
            safety = Optional.of(writeSafetyCopy(target, access, current.get()));
            log.info("Safety copy of the current data: " + safety.get() + " (not a backup: rotate keeps the newest few,"
                    + " latest never means it)");
        }
        ProgressMeter progress = new ProgressMeter(log, "restore " + target.service().name());
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
             InputStream dump = counting(new GZIPInputStream(raw, BUFFER), progress)) {
            access.load(dump);
        } catch (CommandFailedException e) {
            throw new IOException("Restore of " + file.getFileName() + " into " + target.service().name() + " failed: "
                    + e.getMessage() + inPlaceOutcome(access, file) + stateAfterFailure(target.service().type(), safety), e);
        }
        log.info(progress.summary() + " restored from " + file.getFileName());
        access.loadReport().ifPresent(log::info);
        access.loadWarning().ifPresent(log::warn);
        return safety;
    }

    private static void refuseIfBad(BackupVerifier.Verdict verdict) {
        if (!verdict.good()) {
            throw new InvalidFileException(verdict.file().toString(), 0, verdict.problem().orElseThrow() + " Nothing was restored.");
        }
    }

    /** Why PostgreSQL is restored in place rather than built beside and swapped, or empty when it is swapped. */
    private static Optional<String> swapRefusal(PostgresAccess pg) {
        try {
            return pg.swapRefusal();
        } catch (IOException e) {
            // not reachable now: the restore stops at the check that says so, after the file's full check
            return Optional.of("cannot read the database's facts: " + e.getMessage());
        }
    }

    /** What a failed restore left behind, said plainly, and how to go back. */
    private static String stateAfterFailure(DatabaseType type, Optional<Path> safety) {
        String back = safety.map(p -> " The data from before the restore is in " + p
                + "; bring it back with -D" + PropertyNames.BACKUP + "=" + p + ".").orElse("");
        return switch (type) {
            // every CREATE/DROP TABLE commits on its own: there is no transaction to roll back
            case MYSQL, MARIADB -> " The database is now partly restored: the tables before the failing statement were"
                    + " replaced, the rest are as they were." + back;
            default -> back;
        };
    }

    /**
     * The restore does not start without its safety copy. One that cannot be written where it goes
     * (a read-only or otherwise unwritable backups/) is the user's to fix: the message says why the
     * directory is written to at all, and names the explicit way round.
     */
    private Path writeSafetyCopy(RestoreTarget target, DatabaseAccess access, DatabaseAccess.Dump current) throws IOException {
        String failed = "The safety copy of " + target.service().name() + " (its current data, kept so that this restore"
                + " can be undone; into " + backups.safetyFolder() + ") failed, so the restore did not start; nothing was changed: ";
        try {
            return backups.writeSafetyCopy(target.service(), access.describe(), current);
        } catch (IOException e) {
            if (!isStorageProblem(e)) {
                throw new IOException(failed + e.getMessage(), e);
            }
            throw new InvalidInputException(failed + describe(e) + ". Make that folder writable, or restore without a safety"
                    + " copy by setting " + SAFETY_COPY_SETTING + "=false (the current data is then lost for good).", e);
        }
    }

    /** The file system refused the write (read-only, no permission, a file in the folder's place), not the dump. */
    private static boolean isStorageProblem(IOException e) {
        return e instanceof java.nio.file.FileSystemException && !(e instanceof java.nio.file.NoSuchFileException);
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + (fs.getReason() != null ? fs.getReason()
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way" : e.getClass().getSimpleName());
        }
        return e.getMessage();
    }

    /**
     * What a failed in-place PostgreSQL restore left: pg_dump writes large objects between a BEGIN
     * and a COMMIT of its own, which end psql's one transaction early, so what came before them
     * stays committed. Without them, the transaction was rolled back.
     */
    private static String inPlaceOutcome(DatabaseAccess access, Path file) {
        if (!(access instanceof PostgresAccess pg)) {
            return "";
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), BUFFER),
                StandardCharsets.UTF_8))) {
            if (lines.lines().noneMatch("BEGIN;"::equals)) {
                return " The transaction was rolled back; " + pg.database() + " is unchanged.";
            }
        } catch (IOException | UncheckedIOException e) {
            // unknown: say nothing that might be untrue
        }
        return " " + pg.database() + " may be partly restored: the backup holds large objects, which pg_dump commits in a"
                + " transaction of their own, so what came before them (tables, data) stayed.";
    }

    private static InputStream counting(InputStream in, ProgressMeter progress) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    progress.add(n);
                }
                return n;
            }
        };
    }
}
