package io.github.dockstart.backup;

import io.github.dockstart.model.DatabaseType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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

    // strict: a time that does not exist (2026-02-30, 24-00-00) is no backup's, on both sides
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** The same rule as lib.sh's is_backup_name, for the names parse accepts (NamePatternParityTest). */
    public static final Pattern PATTERN = Pattern.compile(
            "(?<container>[A-Za-z0-9][A-Za-z0-9_.-]*)-(?<time>\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})\\.(?<ext>sql|rdb|db)\\.gz");

    public static final String CHECKSUM_SUFFIX = ".sha256";
    /** What a restore drill wrote about a backup lies beside it under its name plus this (restore.sh --drill too). */
    public static final String DRILL_RESULT_SUFFIX = ".restore-test";

    /**
     * How far a backup's time may lie ahead of the clock before it counts as future-dated: enough
     * for a host and a container clock a little apart and for a name moved on by a second or two
     * (two writers in one second), far less than a clock that jumped. The same 300 seconds as
     * {@code FUTURE_TOLERANCE_SECONDS} in the sidecar's {@code lib.sh}.
     */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

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

    /**
     * Whether this backup's time lies in the future (beyond {@link #FUTURE_TOLERANCE}) as seen at
     * {@code now}, both in the backups' time zone: a clock that jumped forward wrote it (or the
     * clock now is behind). Such a backup is kept and listed, but is not what {@code latest} means
     * and does not count towards the good backups that {@code keepMin} protects.
     */
    public boolean isFutureDated(LocalDateTime now) {
        return takenAt.isAfter(now.plus(FUTURE_TOLERANCE));
    }

    /**
     * The real time this backup was taken: the name's local time in {@code zone}, the stack's
     * {@code TZ} that both the sidecar and the host name files in (the earlier instant of a
     * repeated hour at the end of summer time).
     */
    public Instant instant(ZoneId zone) {
        return takenAt.atZone(zone).toInstant();
    }

    /** The same backup's name one second later: where a backup goes when its name is already taken. */
    public BackupFileName nextSecond() {
        return new BackupFileName(container, takenAt.plusSeconds(1), extension);
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
