package io.github.dockstart.backup;

import io.github.dockstart.access.CommandFailedException;
import io.github.dockstart.access.DatabaseAccess;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;

/** Takes backups from the host: the same names, format and checksum as the sidecar's. */
public final class BackupService {

    private final BackupDirectory directory;
    private final Clock clock;
    private final DockstartLog log;
    private final BackupWriter writer = new BackupWriter();

    /** @param clock its zone is the one the file names are written in (the sidecar's {@code TZ}) */
    public BackupService(BackupDirectory directory, Clock clock, DockstartLog log) {
        this.directory = directory;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Backs up one service now.
     *
     * @return the backup's final path
     * @throws InvalidInputException when the database cannot be reached with the settings given
     * @throws IOException           when the dump or the write fails (nothing is left under a final name)
     */
    public Path backup(DatabaseService service, DatabaseAccess access) throws IOException {
        requireReachable(access);
        return write(service, access.describe(), access::dump);
    }

    /** Writes what {@code dump} produces as a backup of {@code service}, named for now. */
    public Path write(DatabaseService service, String description, DatabaseAccess.Dump dump) throws IOException {
        return write(directory.path(), service, "Backing up " + description, dump);
    }

    /**
     * Writes the data a restore is about to replace into {@code backups/safety/}: named, checked and
     * kept like a backup, but apart from them, so that it never counts as one.
     */
    public Path writeSafetyCopy(DatabaseService service, String description, DatabaseAccess.Dump dump) throws IOException {
        Path folder = directory.safetyPath();
        if (!java.nio.file.Files.isDirectory(folder)) {
            // private like the copies in it, as the sidecar creates it
            java.nio.file.Files.createDirectories(folder);
            if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                java.nio.file.Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        }
        return write(folder, service, "Safety copy of " + description, dump);
    }

    /** Where {@link #writeSafetyCopy} writes. */
    public Path safetyFolder() {
        return directory.safetyPath();
    }

    private Path write(Path folder, DatabaseService service, String what, DatabaseAccess.Dump dump) throws IOException {
        BackupFileName name = freshName(service);
        log.info(what + " into " + folder);
        ProgressMeter progress = new ProgressMeter(log, service.name());
        Path file;
        try {
            file = writer.write(folder, name, dump, progress);
        } catch (CommandFailedException e) {
            throw new IOException("Backup of " + service.name() + " failed: " + e.getMessage(), e);
        }
        if (!file.getFileName().toString().equals(name.fileName())) {
            log.info(name.fileName() + " was taken (another backup in the same second); this one is " + file.getFileName() + ".");
        }
        log.info(progress.summary() + " -> " + file.getFileName());
        return file;
    }

    /**
     * The name for now. When a file of that name exists already (another writer in the same
     * second, such as the sidecar), {@link BackupWriter} moves on to the next free second and the
     * name it used is reported.
     */
    private BackupFileName freshName(DatabaseService service) {
        return BackupFileName.of(service.name(), service.type(), LocalDateTime.now(clock));
    }

    /** Turns "cannot connect" into one sentence for the user, before anything else happens. */
    public static void requireReachable(DatabaseAccess access) throws IOException {
        try {
            access.checkReachable();
        } catch (CommandFailedException e) {
            throw new InvalidInputException("Cannot reach " + access.describe() + ": " + e.getMessage()
                    + (e.getMessage().endsWith(".") ? "" : "."), e);
        }
    }
}
