package io.github.dockstart.maven;

import io.github.dockstart.backup.ProgressMeter;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.RemoteBackup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lists the backups in {@code ./backups/}: service, type, taken at, age, size, verified or not; and,
 * while the stack runs, where each database is published on this machine.
 */
@Mojo(name = "list", requiresProject = true, threadSafe = true)
public class ListMojo extends AbstractEngineMojo {

    private static final String ROW = "%-20s %-8s %-19s %8s %10s  %s";

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) {
        BackupEngine engine = engine(projectRoot, log);
        List<BackupEngine.Listing> listings = engine.list();
        if (listings.isEmpty()) {
            log.info("No backups in " + engine.directory().path() + ".");
        } else {
            table(listings, log);
            warnFutureDated(engine, log);
        }
        List<BackupEngine.Listing> safety = engine.listSafetyCopies();
        if (!safety.isEmpty()) {
            log.info("Safety copies, taken before restores (" + engine.directory().safetyPath()
                    + "; not backups: never 'latest', not counted by keepMin):");
            table(safety, log);
        }
        engine.safetyDatabases().forEach((service, copies) -> copies.forEach(copy ->
                log.info("Safety database of " + service + " (kept by a restore; rotate keeps the newest few, latest never means it): "
                        + copy.name() + ", " + ProgressMeter.size(copy.bytes()))));
        if (hasBucket()) {
            listRemote(engine.listRemote(), engine.now(), log);
        }
        engine.publishedAddresses().forEach((service, address) ->
                log.info("Database " + service + " of the running stack is reachable from this machine at " + address + "."));
    }

    private static void table(List<BackupEngine.Listing> listings, DockstartLog log) {
        log.info(String.format(ROW, "SERVICE", "TYPE", "TAKEN AT", "AGE", "SIZE", "VERIFIED"));
        for (BackupEngine.Listing l : listings) {
            log.info(String.format(ROW, l.backup().name().container(), l.type(), l.backup().name().takenAt(),
                    l.futureDated() ? "FUTURE" : age(l.age()),
                    ProgressMeter.size(l.backup().size()), l.verdict().good() ? "yes" : "NO: " + l.verdict().problem().orElseThrow()));
        }
    }

    /** Names each future-dated backup and what that means; shared with {@code verify}. */
    static void warnFutureDated(BackupEngine engine, DockstartLog log) {
        engine.futureDated().forEach(b -> log.warn("FUTURE-DATED " + b.file().getFileName() + ": taken at "
                + b.name().takenAt() + ", after now (" + engine.now() + " " + engine.zone().getId()
                + "); a clock was wrong when it was written, or is now. It is kept, but latest skips it and it does not"
                + " count towards keepMin; restore it by its name."));
    }

    private static void listRemote(List<RemoteBackup> remote, LocalDateTime now, DockstartLog log) {
        if (remote.isEmpty()) {
            log.info("No remote backups.");
            return;
        }
        log.info("Remote backups:");
        log.info(String.format(ROW, "SERVICE", "EXT", "TAKEN AT", "AGE", "SIZE", "CHECKSUM / ADDRESS"));
        for (RemoteBackup b : remote) {
            log.info(String.format(ROW, b.name().container(), b.name().extension(), b.name().takenAt(),
                    age(Duration.between(b.name().takenAt(), now)), ProgressMeter.size(b.size()),
                    (b.good() ? "yes " : "MISSING ") + b.uri()));
        }
    }

    private static String age(Duration age) {
        if (age.toDays() > 0) {
            return age.toDays() + "d " + age.toHoursPart() + "h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + "h " + age.toMinutesPart() + "m";
        }
        return Math.max(age.toMinutes(), 0) + "m";
    }
}
