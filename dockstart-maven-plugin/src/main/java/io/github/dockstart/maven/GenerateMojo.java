package io.github.dockstart.maven;

import io.github.dockstart.generation.DevcontainerGenerator;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.output.SecretMask;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.output.WriteReport;
import io.github.dockstart.rendering.AlertSettings;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.settings.PropertyNames;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code .devcontainer/} (Compose stack, Dockerfiles, backup sidecar scripts) and
 * {@code backups/.gitkeep} for the detected databases, and keeps {@code backups/} in
 * {@code .gitignore}. Rewrites only files whose content changed; writes nothing at all when
 * {@code .devcontainer/} holds files it did not write or that were edited by hand, unless forced. Bound to {@code initialize} when used in an {@code <execution>}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = true, threadSafe = true)
public class GenerateMojo extends AbstractBucketMojo {

    static final String NO_DATABASE = "No database detected: the devcontainer has no backup sidecar.";
    static final String SIDECAR_OFF = "The backup sidecar is off (" + PropertyNames.SIDECAR
            + "=off): the devcontainer has no db-backup service and none of its files; mvn dockstart:backup backs up"
            + " from the host.";
    static final String SIDECAR_ON_DEMAND = "The backup sidecar starts on demand (" + PropertyNames.SIDECAR
            + "=on-demand): docker compose -f " + ProjectLayout.COMPOSE_FILE + " --profile backup up -d";

    /**
     * Overwrite generated files even when they were edited by hand since dockstart wrote them.
     * Set with {@code -Ddockstart.force}.
     */
    @Parameter(property = PropertyNames.FORCE, defaultValue = "false")
    boolean force;

    /** Print a unified diff of what would change and write nothing. Set with {@code -Ddockstart.dryRun}. */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    boolean dryRun;

    /**
     * SQLite backups stop the app container around the copy and start it again, instead of copying
     * while the app runs; the sidecar then mounts the Docker socket. Set with
     * {@code -Ddockstart.sqlite.stopApp}.
     */
    @Parameter(property = PropertyNames.SQLITE_STOP_APP, defaultValue = "false")
    boolean sqliteStopApp;

    /**
     * Whether the backup sidecar runs: {@code always} (it starts with the stack), {@code on-demand}
     * (in the Compose profile {@code backup}: {@code docker compose --profile backup up -d} starts it)
     * or {@code off} (no sidecar and none of its files; the backup goals still work from the host).
     * Set with {@code -Ddockstart.sidecar}.
     */
    @Parameter(property = PropertyNames.SIDECAR, defaultValue = SidecarSettings.DEFAULT_MODE)
    String sidecar;

    /**
     * When the sidecar backs up: a cron expression of five fields (minute hour day-of-month month
     * day-of-week) or {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}.
     * Set with {@code -Ddockstart.schedule}.
     */
    @Parameter(property = PropertyNames.SCHEDULE, defaultValue = SidecarSettings.DEFAULT_SCHEDULE)
    String schedule;

    /**
     * Backups older than this many days are deleted after each backup (and by {@code rotate}).
     * Set with {@code -Ddockstart.retentionDays}.
     */
    @Parameter(property = PropertyNames.RETENTION_DAYS, defaultValue = "" + SidecarSettings.DEFAULT_RETENTION_DAYS)
    String retentionDays;

    /** Rotation never keeps fewer good backups of a database than this. Set with {@code -Ddockstart.keepMin}. */
    @Parameter(property = PropertyNames.KEEP_MIN, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_MIN)
    String keepMin;

    /**
     * Rotation also keeps the newest backup of each of the last this many days that have one (0: off).
     * Set with {@code -Ddockstart.keepDaily}.
     */
    @Parameter(property = PropertyNames.KEEP_DAILY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_DAILY)
    String keepDaily;

    /**
     * Rotation also keeps the newest backup of each of the last this many ISO weeks (Monday to Sunday)
     * that have one (0: off). Set with {@code -Ddockstart.keepWeekly}.
     */
    @Parameter(property = PropertyNames.KEEP_WEEKLY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_WEEKLY)
    String keepWeekly;

    /**
     * Rotation also keeps the newest backup of each of the last this many months that have one (0: off).
     * Set with {@code -Ddockstart.keepMonthly}.
     */
    @Parameter(property = PropertyNames.KEEP_MONTHLY, defaultValue = "" + SidecarSettings.DEFAULT_KEEP_MONTHLY)
    String keepMonthly;

    /**
     * When the sidecar drills a restore of the newest backup of each database into a throwaway
     * database and compares it with the live one ({@code BACKUP_RESTORE_TEST}): {@code off},
     * {@code after-backup}, or a cron expression such as {@code @weekly}. Set with
     * {@code -Ddockstart.restoreTestSchedule}.
     */
    @Parameter(property = PropertyNames.RESTORE_TEST_SCHEDULE, defaultValue = SidecarSettings.RESTORE_TEST_OFF)
    String restoreTestSchedule;

    /**
     * The sidecar's time zone ({@code TZ}), an IANA name such as {@code Europe/Berlin}: its schedule
     * runs in it and the backups are named in it. Set with {@code -Ddockstart.timeZone}.
     */
    @Parameter(property = PropertyNames.TIME_ZONE, defaultValue = SidecarSettings.DEFAULT_TIME_ZONE)
    String timeZone;

    /**
     * Compress every backup with zlib at this level, 1 (fastest) to 9 (smallest); unset, SQL dumps
     * go through igzip and snapshots through pigz -6. Set with {@code -Ddockstart.gzipLevel}.
     */
    @Parameter(property = PropertyNames.GZIP_LEVEL)
    String gzipLevel;

    /**
     * When the sidecar POSTs an alert: {@code failure} (a failed backup, upload or rotation; the default
     * once a URL is set), {@code always} (every run) or {@code off}. Set alone, the URL comes from
     * {@code BACKUP_NOTIFY_URL} in the environment of whoever starts the stack. Set with
     * {@code -Ddockstart.notify.on}.
     */
    @Parameter(property = PropertyNames.NOTIFY_ON)
    String notifyOn;

    /**
     * The URL the sidecar POSTs its alerts to, written as given into the Compose file; for a URL that
     * holds a token, prefer {@code notifyUrlFile} or the environment. Set with {@code -Ddockstart.notify.url}.
     */
    @Parameter(property = PropertyNames.NOTIFY_URL)
    String notifyUrl;

    /** A file of the project holding the alert URL, mounted as a Compose secret. Set with {@code -Ddockstart.notify.urlFile}. */
    @Parameter(property = PropertyNames.NOTIFY_URL_FILE)
    String notifyUrlFile;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) {
        SidecarSettings sidecarSettings = SidecarSettings.of(sidecar, schedule, retentionDays, keepMin, timeZone, gzipLevel)
                .withGenerations(SidecarSettings.generations(keepDaily, keepWeekly, keepMonthly))
                .withRestoreTest(restoreTestSchedule);
        RenderOptions options = new RenderOptions(bucket(), sqliteStopApp, sidecarSettings)
                .withAlerts(AlertSettings.of(notifyOn, notifyUrl, notifyUrlFile));
        DevcontainerGenerator.Result result = new DevcontainerGenerator(log)
                .generate(projectRoot, effectivePoms(), options, new WriteOptions(force, dryRun), dockstartBuild());
        WriteReport report = result.report();

        boolean hasDatabases = result.model().map(ProjectModel::hasDatabases).orElse(true);
        if (!hasDatabases) {
            log.info(NO_DATABASE);
        } else if (sidecarSettings.mode() == SidecarSettings.Mode.OFF) {
            log.info(SIDECAR_OFF);
        } else if (sidecarSettings.mode() == SidecarSettings.Mode.ON_DEMAND) {
            log.info(SIDECAR_ON_DEMAND);
        }
        if (hasDatabases && sidecarSettings.mode() != SidecarSettings.Mode.OFF) {
            options.alerts().ifPresent(alerts -> log.info("The backup sidecar posts an alert on "
                    + (alerts.always() ? "every run" : "each failed run") + " to the URL from " + alerts.describeSource() + "."));
        }
        String verb = dryRun ? "Would write " : "Wrote ";
        report.written().forEach(path -> log.info(verb + path));
        report.removed().forEach(path -> log.info((dryRun ? "Would remove " : "Removed ") + path
                + " (no longer generated)"));
        report.unchanged().forEach(path -> log.debug("Unchanged " + path));
        if (dryRun) {
            if (report.diff().isEmpty()) {
                log.info("Dry run: nothing would change.");
            } else {
                log.info("Dry run, nothing written; this would change (passwords hidden):");
                SecretMask.of(result.model().orElseThrow()).apply(report.diff()).lines().forEach(log::info);
            }
        }
        log.info(summary(report));
    }

    /** The plugin's and the core's jars, by size and time: a rebuilt dockstart never counts as up to date. */
    private static String dockstartBuild() {
        return Stream.of(GenerateMojo.class, DevcontainerGenerator.class)
                .map(type -> type.getProtectionDomain().getCodeSource())
                .map(GenerateMojo::jarIdentity)
                .collect(Collectors.joining("+"));
    }

    private static String jarIdentity(CodeSource source) {
        if (source == null) {
            return "?";
        }
        try {
            File file = new File(source.getLocation().toURI());
            return file.getName() + ":" + file.length() + ":" + file.lastModified();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    private String summary(WriteReport report) {
        return "dockstart: " + report.written().size() + (dryRun ? " would be written, " : " written, ")
                + report.unchanged().size() + " unchanged"
                + (report.removed().isEmpty() ? "" : ", " + report.removed().size() + (dryRun ? " would be removed" : " removed"))
                + ".";
    }
}
