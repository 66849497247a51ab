package io.github.dockstart.backup;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The project's {@code backups/} directory: what is in it, and which file a user means. Safety
 * copies, taken before a restore replaces data, live in its folder {@value #SAFETY_FOLDER}: they
 * are not backups, so {@link #list()}, {@code latest} and the keep-minimum never see them.
 */
public final class BackupDirectory {

    public static final String LATEST = "latest";

    /** The folder of safety copies inside the backup directory; the sidecar's {@code restore.sh} uses the same. */
    public static final String SAFETY_FOLDER = ProjectLayout.SAFETY_FOLDER;

    private final Path directory;
    private final Path projectRoot;
    private final Clock clock;

    /** With a UTC clock, the sidecar's default time zone. */
    public BackupDirectory(Path directory, Path projectRoot) {
        this(directory, projectRoot, Clock.systemUTC());
    }

    /**
     * @param directory   where backups are kept
     * @param projectRoot paths a user gives must lie inside it, so that a typo or a hostile name
     *                    ({@code ../../x}) cannot point a restore at an arbitrary file
     * @param clock       now, in the zone backup names are written in (the stack's {@code TZ}):
     *                    what {@code latest} and future-dated are judged by
     */
    public BackupDirectory(Path directory, Path projectRoot, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.projectRoot = projectRoot.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path path() {
        return directory;
    }

    /** Where safety copies go: {@code backups/safety/}. */
    public Path safetyPath() {
        return directory.resolve(SAFETY_FOLDER);
    }

    /** Every file named like a backup, newest first; files of a running backup (hidden temporaries) are not. */
    public List<StoredBackup> list() {
        return listIn(directory);
    }

    /** The safety copies taken before restores, newest first. */
    public List<StoredBackup> safetyCopies() {
        return listIn(safetyPath());
    }

    private static List<StoredBackup> listIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                    .filter(Files::isRegularFile)
                    .flatMap(file -> BackupFileName.parse(file.getFileName().toString())
                            .map(name -> stored(file, name)).stream())
                    .sorted(Comparator.comparing((StoredBackup b) -> b.name().takenAt()).reversed()
                            .thenComparing(b -> b.name().container()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + directory + ": " + e.getMessage(), e);
        }
    }

    public List<StoredBackup> listOf(String container) {
        return list().stream().filter(b -> b.name().container().equals(container)).toList();
    }

    /**
     * The file a user named: {@code latest} (the newest backup of {@code container}), a bare
     * file name in this directory, or a path (relative to the project root, or absolute) inside
     * the project.
     *
     * @throws InvalidInputException when nothing fits, naming what was asked for
     */
    public Path resolve(String requested, String container) {
        if (requested == null || requested.isBlank()) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, "No backup given: set " + PropertyNames.BACKUP + " to a file name in "
                    + directory + ", a path, or 'latest'.");
        }
        if (requested.equals(LATEST)) {
            return requirePlainFileWithin(latest(container), requested, directory);
        }
        boolean bareName = !requested.contains("/") && !requested.contains("\\");
        if (bareName) {
            if (requested.equals("..") || requested.equals(".")) {
                throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested
                        + " is not a backup file name.");
            }
            return requirePlainFileWithin(existing(directory.resolve(requested), requested), requested, directory);
        }
        Path file = projectRoot.resolve(requested).normalize();
        if (!file.startsWith(projectRoot)) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested
                    + " points outside the project " + projectRoot
                    + "; copy the file into " + directory + " and give its name.");
        }
        return requirePlainFileWithin(existing(file, requested), requested, projectRoot);
    }

    /**
     * A restore reads only regular files that really lie in {@code root}: a symbolic link (wherever
     * it points) or a path through a linked directory that resolves elsewhere is refused, so that a
     * file planted in backups/ cannot lead a restore to data outside it. The same rule as restore.sh.
     */
    private static Path requirePlainFileWithin(Path file, String requested, Path root) {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested + ": " + file
                    + " is a symbolic link; dockstart restores only regular files, never what a link points to.");
        }
        try {
            Path real = file.toRealPath();
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested + ": " + file
                        + " resolves to " + real
                        + ", outside " + root + " (a linked directory); copy the file into " + root + " and give its name.");
            }
            return file;
        } catch (IOException e) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested + ": " + file
                    + " cannot be read: " + e.getMessage() + ".");
        }
    }

    /**
     * The newest backup of {@code container} in real time: its name's time read in the clock's zone.
     * A future-dated one ({@link BackupFileName#isFutureDated}) is skipped: a clock that jumped
     * ahead would otherwise make it {@code latest} for good; it can still be restored by its name.
     */
    private Path latest(String container) {
        LocalDateTime now = LocalDateTime.now(clock);
        List<StoredBackup> all = listOf(container);
        return all.stream()
                .filter(b -> !b.name().isFutureDated(now))
                .max(Comparator.comparing((StoredBackup b) -> b.name().instant(clock.getZone())))
                .map(StoredBackup::file)
                .orElseThrow(() -> new InvalidSettingException(PropertyNames.BACKUP, LATEST, all.isEmpty()
                        ? PropertyNames.BACKUP + "=latest: there is no backup of service '" + container + "' in " + directory + "."
                        : PropertyNames.BACKUP + "=latest: every backup of service '" + container + "' in " + directory
                                + " is future-dated (taken after now, " + now.withNano(0) + " " + clock.getZone().getId()
                                + ": a clock was wrong when it was written, or is now); name one to restore it, e.g. "
                                + PropertyNames.BACKUP + "=" + all.get(0).name().fileName() + "."));
    }

    private static Path existing(Path file, String requested) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested
                    + ": no such backup file " + file + ".");
        }
        return file;
    }

    private static StoredBackup stored(Path file, BackupFileName name) {
        try {
            boolean good = BackupVerifier.readChecksum(file.resolveSibling(name.checksumFileName()), name.fileName()).isPresent();
            return new StoredBackup(file, name, Files.size(file), good);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<StoredBackup> find(Path file) {
        return BackupFileName.parse(file.getFileName().toString()).map(name -> stored(file, name));
    }
}
