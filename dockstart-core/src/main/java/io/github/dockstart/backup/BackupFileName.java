package io.github.dockstart.backup;

import io.github.dockstart.model.DatabaseType;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of a backup's file name, shared by the host engine and (as the same
 * pattern) the sidecar's scripts: {@code {container}-{YYYY-MM-DD}T{HH-MM-SS}.{ext}.gz}, where ext
 * is {@code sql}, {@code rdb} or {@code db} and the time is local to the backup's time zone.
 */
public record BackupFileName(String container, LocalDateTime takenAt, String extension) {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss");

    /** Also used by the tests to check that rotate.sh uses the same pattern. */
    public static final Pattern PATTERN = Pattern.compile(
            "(?<container>[A-Za-z0-9][A-Za-z0-9_.-]*)-(?<time>\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})\\.(?<ext>sql|rdb|db)\\.gz");

    public static final String CHECKSUM_SUFFIX = ".sha256";

    public static BackupFileName of(String container, DatabaseType type, LocalDateTime takenAt) {
        return new BackupFileName(container, takenAt.withNano(0), type.fileExtension());
    }

    /** Parses a file name (not a path); empty when it is not a backup's name. */
    public static Optional<BackupFileName> parse(String fileName) {
        Matcher m = PATTERN.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime time = LocalDateTime.parse(m.group("time"), TIMESTAMP);
            return Optional.of(new BackupFileName(m.group("container"), time, m.group("ext")));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // e.g. month 13: not one of ours
        }
    }

    /** Whether a backup of this name can be restored into a database of the given type. */
    public boolean fits(DatabaseType type) {
        return type.fileExtension().equals(extension);
    }

    public String fileName() {
        return container + "-" + TIMESTAMP.format(takenAt) + "." + extension + ".gz";
    }

    public String checksumFileName() {
        return fileName() + CHECKSUM_SUFFIX;
    }

    @Override
    public String toString() {
        return fileName();
    }
}
