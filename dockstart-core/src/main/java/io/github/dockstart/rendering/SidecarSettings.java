package io.github.dockstart.rendering;

import io.github.dockstart.backup.Generations;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How the backup sidecar runs, as the user configures it (in Maven, the plugin's
 * {@code <configuration>} or {@code -D} properties): whether it runs at all, its schedule, the
 * retention of its backups, its time zone and its compression. The values land in the sidecar's
 * environment in the Compose file. The retention and the time zone are also what the host's goals
 * use ({@code rotate}, the time in a backup's name), so that one setting means the same on both.
 *
 * <p>Every value is checked here, before anything is written, so that a bad one fails
 * {@code generate} with one sentence naming the setting, instead of a sidecar that refuses to start.
 *
 * @param mode          whether and when the sidecar runs
 * @param schedule      {@code BACKUP_SCHEDULE}: a cron expression {@link CronSchedule} accepts
 * @param retentionDays {@code BACKUP_RETENTION_DAYS}: backups older than this many days are rotated away
 * @param keepMin       {@code BACKUP_KEEP_MIN}: never fewer good backups per database than this
 * @param timeZone      {@code TZ}: an IANA time zone, for the schedule and the time in backup names
 * @param gzipLevel     {@code BACKUP_GZIP_LEVEL}: zlib at this level (1-9) for every backup; empty for
 *                      the sidecar's own choice (igzip for SQL dumps, pigz -6 for snapshots)
 * @param generations   {@code BACKUP_KEEP_DAILY}, {@code BACKUP_KEEP_WEEKLY}, {@code BACKUP_KEEP_MONTHLY}:
 *                      also keep the newest backup of each of the last so many days, weeks and months
 * @param restoreTest   {@code BACKUP_RESTORE_TEST}: when the sidecar drills a restore of its newest
 *                      backups, {@code off}, {@code after-backup} or a cron expression
 */
public record SidecarSettings(Mode mode, String schedule, int retentionDays, int keepMin, String timeZone,
                              OptionalInt gzipLevel, Generations generations, String restoreTest) {

    // The names of the settings, which a message about a bad value names; spelt in PropertyNames.
    public static final String MODE_SETTING = PropertyNames.SIDECAR;
    public static final String SCHEDULE_SETTING = PropertyNames.SCHEDULE;
    public static final String RETENTION_DAYS_SETTING = PropertyNames.RETENTION_DAYS;
    public static final String KEEP_MIN_SETTING = PropertyNames.KEEP_MIN;
    public static final String KEEP_DAILY_SETTING = PropertyNames.KEEP_DAILY;
    public static final String KEEP_WEEKLY_SETTING = PropertyNames.KEEP_WEEKLY;
    public static final String KEEP_MONTHLY_SETTING = PropertyNames.KEEP_MONTHLY;
    public static final String TIME_ZONE_SETTING = PropertyNames.TIME_ZONE;
    public static final String GZIP_LEVEL_SETTING = PropertyNames.GZIP_LEVEL;
    public static final String RESTORE_TEST_SETTING = PropertyNames.RESTORE_TEST_SCHEDULE;

    /** The sidecar's Compose service, whose {@code TZ} the host's goals name backups in. */
    public static final String SERVICE = "db-backup";

    // The defaults, defined here only (constants, so that a Maven parameter can name them as its default).
    public static final String DEFAULT_MODE = "always";
    public static final String DEFAULT_SCHEDULE = "0 3 * * *";
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final int DEFAULT_KEEP_MIN = 3;
    // grandfather-father-son periods: off unless set
    public static final int DEFAULT_KEEP_DAILY = 0;
    public static final int DEFAULT_KEEP_WEEKLY = 0;
    public static final int DEFAULT_KEEP_MONTHLY = 0;
    public static final String DEFAULT_TIME_ZONE = "UTC";
    // restore drills: off unless set (the sidecar's restore_test_mode knows the same two words)
    public static final String RESTORE_TEST_OFF = "off";
    public static final String RESTORE_TEST_AFTER_BACKUP = "after-backup";

    public static final SidecarSettings DEFAULTS = new SidecarSettings(Mode.ALWAYS, DEFAULT_SCHEDULE,
            DEFAULT_RETENTION_DAYS, DEFAULT_KEEP_MIN, DEFAULT_TIME_ZONE, OptionalInt.empty(),
            new Generations(DEFAULT_KEEP_DAILY, DEFAULT_KEEP_WEEKLY, DEFAULT_KEEP_MONTHLY), RESTORE_TEST_OFF);

    /** Whether and when the sidecar runs. */
    public enum Mode {
        /** {@code always}: a service of the stack, started with it. */
        ALWAYS("always"),
        /** {@code on-demand}: in the Compose profile {@code backup}, started with {@code --profile backup}. */
        ON_DEMAND("on-demand"),
        /** {@code off}: no sidecar and none of its files; the host's goals still back up. */
        OFF("off");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The mode named {@code text} (any case); blank is the default. */
        public static Mode parse(String text) {
            String id = blank(text) ? DEFAULT_MODE : text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(mode -> mode.id.equals(id)).findFirst()
                    .orElseThrow(() -> new InvalidSettingException(MODE_SETTING, text, MODE_SETTING + "='" + text
                            + "' is not a sidecar mode; use always, on-demand or off."));
        }
    }

    /** Without grandfather-father-son periods. */
    public SidecarSettings(Mode mode, String schedule, int retentionDays, int keepMin, String timeZone, OptionalInt gzipLevel) {
        this(mode, schedule, retentionDays, keepMin, timeZone, gzipLevel, Generations.NONE, RESTORE_TEST_OFF);
    }

    public SidecarSettings {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        schedule = schedule(schedule);
        restoreTest = restoreTest(restoreTest);
        if (retentionDays < 0) {
            throw new InvalidSettingException(RETENTION_DAYS_SETTING, String.valueOf(retentionDays), RETENTION_DAYS_SETTING + "='" + retentionDays
                    + "' is not a whole number of days (0 or more).");
        }
        if (keepMin < 0) {
            throw new InvalidSettingException(KEEP_MIN_SETTING, String.valueOf(keepMin), KEEP_MIN_SETTING + "='" + keepMin + "' is not a whole number (0 or more).");
        }
        generations = generations == null ? Generations.NONE : generations;
        timeZone = zone(timeZone).getId();
        gzipLevel = gzipLevel == null ? OptionalInt.empty() : gzipLevel;
        if (gzipLevel.isPresent() && (gzipLevel.getAsInt() < 1 || gzipLevel.getAsInt() > 9)) {
            throw new InvalidSettingException(GZIP_LEVEL_SETTING, String.valueOf(gzipLevel.getAsInt()), GZIP_LEVEL_SETTING + "='" + gzipLevel.getAsInt()
                    + "' is not a gzip level; use 1 (fastest) to 9 (smallest), or leave it unset.");
        }
    }

    /**
     * The settings from their text, as a front end has them; a null or blank value is the default.
     *
     * @throws InvalidInputException naming the first setting whose value is not valid
     */
    public static SidecarSettings of(String mode, String schedule, String retentionDays, String keepMin,
            String timeZone, String gzipLevel) {
        return new SidecarSettings(Mode.parse(mode), schedule, retentionDays(retentionDays), keepMin(keepMin), timeZone,
                gzipLevel(gzipLevel));
    }

    /** {@code dockstart.retentionDays} from its text (blank: the default); shared with the host's rotation. */
    public static int retentionDays(String text) {
        return wholeNumber(RETENTION_DAYS_SETTING, text, DEFAULT_RETENTION_DAYS, "a whole number of days (0 or more)");
    }

    /** These settings with grandfather-father-son periods (from {@link #generations(String, String, String)}). */
    public SidecarSettings withGenerations(Generations periods) {
        return new SidecarSettings(mode, schedule, retentionDays, keepMin, timeZone, gzipLevel, periods, restoreTest);
    }

    /** These settings with the sidecar's restore drills ({@code dockstart.restoreTestSchedule}; blank: off). */
    public SidecarSettings withRestoreTest(String when) {
        return new SidecarSettings(mode, schedule, retentionDays, keepMin, timeZone, gzipLevel, generations, when);
    }

    /**
     * {@code dockstart.keepDaily}, {@code dockstart.keepWeekly} and {@code dockstart.keepMonthly} from
     * their text (blank: the default, 0, off); shared with the host's rotation.
     */
    public static Generations generations(String daily, String weekly, String monthly) {
        String expected = "a whole number (0 or more)";
        return new Generations(wholeNumber(KEEP_DAILY_SETTING, daily, DEFAULT_KEEP_DAILY, expected),
                wholeNumber(KEEP_WEEKLY_SETTING, weekly, DEFAULT_KEEP_WEEKLY, expected),
                wholeNumber(KEEP_MONTHLY_SETTING, monthly, DEFAULT_KEEP_MONTHLY, expected));
    }

    /** {@code dockstart.keepMin} from its text (blank: the default); shared with the host's rotation. */
    public static int keepMin(String text) {
        return wholeNumber(KEEP_MIN_SETTING, text, DEFAULT_KEEP_MIN, "a whole number (0 or more)");
    }

    /**
     * {@code dockstart.timeZone} from its text (blank: UTC): an IANA time zone that the sidecar's
     * tzdata knows, such as {@code Europe/Berlin}; also the zone of the times in backup names for the
     * host's goals.
     */
    public static ZoneId zone(String text) {
        if (blank(text)) {
            return ZoneId.of(DEFAULT_TIME_ZONE);
        }
        String id = text.trim();
        // a region id of the tz database, not an offset such as +02:00, which the sidecar's TZ would misread
        if (ZoneId.getAvailableZoneIds().contains(id)) {
            return ZoneId.of(id);
        }
        String hint = ZoneId.getAvailableZoneIds().stream().filter(known -> known.equalsIgnoreCase(id)).findFirst()
                .map(known -> " (did you mean " + known + "?)").orElse("");
        throw new InvalidSettingException(TIME_ZONE_SETTING, text, TIME_ZONE_SETTING + "='" + text + "' is not a known time zone" + hint
                + "; use a name of the tz database such as UTC or Europe/Berlin.");
    }

    private static String schedule(String text) {
        if (blank(text)) {
            return DEFAULT_SCHEDULE;
        }
        CronSchedule.problem(text).ifPresent(problem -> {
            throw new InvalidSettingException(SCHEDULE_SETTING, text, SCHEDULE_SETTING + "='" + text + "' is not a schedule the backup sidecar"
                    + " accepts: it " + problem + ".");
        });
        // one space between fields: the same schedule, always written the same way
        return text.trim().replaceAll(" +", " ");
    }

    private static String restoreTest(String text) {
        if (blank(text)) {
            return RESTORE_TEST_OFF;
        }
        String when = text.trim();
        if (when.equals(RESTORE_TEST_OFF) || when.equals(RESTORE_TEST_AFTER_BACKUP)) {
            return when;
        }
        CronSchedule.problem(when).ifPresent(problem -> {
            throw new InvalidSettingException(RESTORE_TEST_SETTING, text, RESTORE_TEST_SETTING + "='" + text + "' is neither off,"
                    + " after-backup nor a schedule the backup sidecar accepts: it " + problem + ".");
        });
        return when.replaceAll(" +", " ");
    }

    private static OptionalInt gzipLevel(String text) {
        if (blank(text)) {
            return OptionalInt.empty();
        }
        if (!text.trim().matches("[1-9]")) {
            throw new InvalidSettingException(GZIP_LEVEL_SETTING, text, GZIP_LEVEL_SETTING + "='" + text
                    + "' is not a gzip level; use 1 (fastest) to 9 (smallest), or leave it unset.");
        }
        return OptionalInt.of(Integer.parseInt(text.trim()));
    }

    private static int wholeNumber(String setting, String text, int defaultValue, String expected) {
        if (blank(text)) {
            return defaultValue;
        }
        String digits = text.trim();
        if (!digits.matches("[0-9]+")) {
            throw new InvalidSettingException(setting, text, setting + "='" + text + "' is not " + expected + ".");
        }
        if (digits.length() > 9) {
            throw new InvalidSettingException(setting, text, setting + "='" + text + "' is too large.");
        }
        return Integer.parseInt(digits);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
