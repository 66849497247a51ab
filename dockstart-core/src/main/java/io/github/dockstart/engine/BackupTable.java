package io.github.dockstart.engine;

import io.github.dockstart.access.PostgresAccess;
import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.backup.RememberedVerdicts;
import io.github.dockstart.backup.StoredBackup;
import io.github.dockstart.restore.RestoreDrill;
import io.github.dockstart.settings.PropertyNames;
import io.github.dockstart.storage.RemoteBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of backups that {@code list} prints: service, type, taken at, age, size, verified or
 * not; the same for the safety copies and the bucket. Lines of text, so that every front end prints the same table.
 */
public final class BackupTable {

    private static final String ROW = "%-20s %-8s %-19s %8s %10s  %s";
    /** The local backups' rows have a column for the last restore drill. */
    private static final String LOCAL_ROW = "%-20s %-8s %-19s %8s %10s  %-17s  %s";

    private BackupTable() {
    }

    /** The local backups, newest first, or one line saying there are none in {@code directory}. */
    public static List<String> local(List<BackupEngine.Listing> listings, Path directory) {
        if (listings.isEmpty()) {
            return List.of("No backups in " + directory + ".");
        }
        List<String> lines = rows(listings, new ArrayList<>());
        long remembered = listings.stream().filter(BackupEngine.Listing::remembered).count();
        if (remembered > 0) {
            lines.add(remembered + " of " + listings.size() + " verdicts are remembered from an earlier full check of the"
                    + " unchanged file (" + RememberedVerdicts.FILE_NAME + "); dockstart:verify reads every file again.");
        }
        return lines;
    }

    /** The safety copies taken before restores, in a section of their own; nothing when there are none. */
    public static List<String> safetyCopies(List<BackupEngine.Listing> listings, Path directory) {
        if (listings.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Safety copies, taken before restores (" + directory
                + "; not backups: never 'latest', not counted by keepMin):");
        return rows(listings, lines);
    }

    /** The PostgreSQL databases a swap restore kept (the data before each restore), one line each. */
    public static List<String> safetyDatabases(Map<String, List<PostgresAccess.SafetyDatabase>> byService) {
        List<String> lines = new ArrayList<>();
        byService.forEach((service, copies) -> copies.forEach(copy -> lines.add("Safety database of " + service
                + " (kept by a restore; rotate keeps the newest few, latest never means it): " + copy.name() + ", "
                + ProgressMeter.size(copy.bytes()))));
        return lines;
    }

    private static List<String> rows(List<BackupEngine.Listing> listings, List<String> lines) {
        lines.add(String.format(LOCAL_ROW, "SERVICE", "TYPE", "TAKEN AT", "AGE", "SIZE", "RESTORE DRILL", "VERIFIED"));
        for (BackupEngine.Listing l : listings) {
            lines.add(String.format(LOCAL_ROW, l.backup().name().container(), l.type(), l.backup().name().takenAt(),
                    l.futureDated() ? "FUTURE" : age(l.age()), ProgressMeter.size(l.backup().size()), drill(l.drill()),
                    l.verdict().good() ? "yes" : "NO: " + l.verdict().problem().orElseThrow()));
        }
        return lines;
    }

    /** The last restore drill's verdict and day ({backup}.restore-test), FAILED in capitals; "-" when there was none. */
    static String drill(Optional<RestoreDrill.Summary> drill) {
        return drill.map(d -> (d.failed() ? "FAILED" : d.verdict()) + (d.date().length() >= 10 ? " " + d.date().substring(0, 10) : ""))
                .orElse("-");
    }

    /** A warning for each future-dated backup, and what that means. */
    public static List<String> futureDated(List<StoredBackup> backups, LocalDateTime now, ZoneId zone) {
        return backups.stream().map(b -> "FUTURE-DATED " + b.file().getFileName() + ": taken at "
                + b.name().takenAt() + ", after now (" + now + " " + zone.getId()
                + "); a clock was wrong when it was written, or is now. It is kept, but latest skips it and it does not"
                + " count towards keepMin; restore it by its name.").toList();
    }

    /**
     * The backups in the bucket, their age as of {@code now}: complete or not (its checksum objects
     * are there), and for an encrypted copy whether its content was decrypted and checked or, without
     * the identity, only its checksum objects were seen.
     */
    public static List<String> remote(List<BackupEngine.RemoteListing> remote, LocalDateTime now) {
        if (remote.isEmpty()) {
            return List.of("No remote backups.");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Remote backups:");
        lines.add(String.format(ROW, "SERVICE", "EXT", "TAKEN AT", "AGE", "SIZE", "CHECKED / ADDRESS"));
        for (BackupEngine.RemoteListing l : remote) {
            RemoteBackup b = l.backup();
            lines.add(String.format(ROW, b.name().container(), b.name().extension(), b.name().takenAt(),
                    age(Duration.between(b.name().takenAt(), now)), ProgressMeter.size(b.size()), checked(l)));
        }
        long unread = remote.stream().filter(l -> l.backup().encrypted() && l.backup().good() && !l.contentChecked()).count();
        if (unread > 0) {
            lines.add(unread + " encrypted " + (unread == 1 ? "copy was" : "copies were") + " checked by their checksum"
                    + " objects only (complete, content not read); -D" + PropertyNames.AGE_IDENTITY
                    + "=FILE decrypts and checks each, downloading it.");
        }
        return lines;
    }

    private static String checked(BackupEngine.RemoteListing l) {
        RemoteBackup b = l.backup();
        if (!b.good()) {
            return "MISSING checksum " + b.uri();
        }
        if (!b.encrypted()) {
            return "yes " + b.uri();
        }
        if (!l.contentChecked()) {
            return "checksum only (encrypted) " + b.uri();
        }
        return l.problem().map(problem -> "NO (encrypted) " + b.uri() + ": " + problem)
                .orElse("yes (encrypted, decrypted and checked) " + b.uri());
    }

    static String age(Duration age) {
        if (age.toDays() > 0) {
            return age.toDays() + "d " + age.toHoursPart() + "h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + "h " + age.toMinutesPart() + "m";
        }
        return Math.max(age.toMinutes(), 0) + "m";
    }
}
