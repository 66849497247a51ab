package io.github.dockstart.settings;

/**
 * The names of the user's settings, in one place so that a name is spelt once: the Maven plugin
 * uses them as {@code @Parameter(property = ...)} (set on the command line with {@code -D}), and the
 * core's messages name a setting by them. A second front end maps them to its own spelling; the
 * {@link io.github.dockstart.model.InvalidSettingException} it catches carries the name.
 */
public final class PropertyNames {

    /** Skip every dockstart goal. */
    public static final String SKIP = "dockstart.skip";
    /** {@code detect}: also write the model as JSON to this file. */
    public static final String OUTPUT = "dockstart.output";
    /** {@code generate}: overwrite files edited by hand since dockstart wrote them. */
    public static final String FORCE = "dockstart.force";
    /** {@code generate}, {@code rotate}: show what would change, change nothing. */
    public static final String DRY_RUN = "dockstart.dryRun";

    /** {@code generate}: SQLite backups stop the app container around the copy (mounts the Docker socket into the sidecar). */
    public static final String SQLITE_STOP_APP = "dockstart.sqlite.stopApp";

    // the backup, restore, list, rotate and verify goals
    /** The one service to act on when several exist. */
    public static final String SERVICE = "dockstart.service";
    /** {@code restore}: a backup file name in {@code ./backups/}, a path, or {@code latest}. */
    public static final String BACKUP = "dockstart.backup";
    /** {@code restore}: confirm without asking. */
    public static final String YES = "dockstart.yes";
    /**
     * {@code verify}: also a restore drill of the newest backup of each service (or of {@code dockstart.backup}):
     * restored into a throwaway database or copy, compared with the live one, the verdict kept as {@code {backup}.restore-test}.
     */
    public static final String RESTORE_TEST = "dockstart.restoreTest";

    /** generate: when the sidecar drills a restore of its newest backups ({@code BACKUP_RESTORE_TEST}). */
    public static final String RESTORE_TEST_SCHEDULE = "dockstart.restoreTestSchedule";
    /** {@code restore}: {@code false} restores without a safety copy of the current data (e.g. a read-only {@code backups/}). */
    public static final String SAFETY_COPY = "dockstart.safetyCopy";
    /** How to reach the database: {@code compose}, {@code local} or {@code auto}. */
    public static final String VIA = "dockstart.via";
    /** {@code via=local}: override the detected host. */
    public static final String HOST = "dockstart.host";
    /** {@code via=local}: override the detected port. */
    public static final String PORT = "dockstart.port";
    /** {@code via=local}: override the detected user. */
    public static final String USER = "dockstart.user";
    /**
     * Deprecated: override the detected password on the command line, where every user of the
     * machine can read it; read from the user properties, never as a parameter (which {@code -X}
     * prints). Use the environment variable {@code DOCKSTART_PASSWORD} or {@link #SERVER_ID}.
     */
    public static final String PASSWORD = "dockstart.password";
    /** The id of a {@code <server>} in {@code settings.xml} whose password (and username) to use. */
    public static final String SERVER_ID = "dockstart.serverId";
    /** {@code via=local}: override the detected database name. */
    public static final String DATABASE = "dockstart.database";
    /** {@code via=local}: the local Redis server's data directory, where a restore puts {@code dump.rdb}. */
    public static final String REDIS_DATA_DIR = "dockstart.redis.dataDir";

    // the backup sidecar's settings (checked by rendering.SidecarSettings)
    /** {@code generate}: whether the sidecar runs: {@code always}, {@code on-demand} (Compose profile {@code backup}) or {@code off}. */
    public static final String SIDECAR = "dockstart.sidecar";
    /** {@code generate}: the sidecar's cron schedule ({@code BACKUP_SCHEDULE}). */
    public static final String SCHEDULE = "dockstart.schedule";
    /** {@code generate}, {@code rotate}: delete backups older than this many days (sidecar and host alike). */
    public static final String RETENTION_DAYS = "dockstart.retentionDays";
    /** {@code generate}, {@code rotate}: never keep fewer good backups of a service than this. */
    public static final String KEEP_MIN = "dockstart.keepMin";
    /** {@code generate}, {@code rotate}: also keep the newest backup of each of the last so many days that have one. */
    public static final String KEEP_DAILY = "dockstart.keepDaily";
    /** {@code generate}, {@code rotate}: also keep the newest backup of each of the last so many ISO weeks that have one. */
    public static final String KEEP_WEEKLY = "dockstart.keepWeekly";
    /** {@code generate}, {@code rotate}: also keep the newest backup of each of the last so many months that have one. */
    public static final String KEEP_MONTHLY = "dockstart.keepMonthly";
    /** {@code rotate}: how many safety copies (taken before restores, in {@code backups/safety/}) to keep per service. */
    public static final String SAFETY_KEEP = "dockstart.safetyKeep";
    /** {@code generate} and the backup goals: the time zone of the schedule and of the times in backup names. */
    public static final String TIME_ZONE = "dockstart.timeZone";
    /** {@code generate}: the sidecar compresses every backup with zlib at this level, 1 to 9. */
    public static final String GZIP_LEVEL = "dockstart.gzipLevel";
    /** The {@code docker} command used with {@code via=compose}; a path, or a name on the PATH. */
    public static final String DOCKER = "dockstart.docker";

    /** {@code generate}: the sidecar's alerts: {@code failure} (default once a URL is given), {@code always} or {@code off}. */
    public static final String NOTIFY_ON = "dockstart.notify.on";
    /** {@code generate}: the URL the sidecar POSTs its alerts to, written literally into the Compose file. */
    public static final String NOTIFY_URL = "dockstart.notify.url";
    /** {@code generate}: a file of the project holding the alert URL, mounted as a Compose secret. */
    public static final String NOTIFY_URL_FILE = "dockstart.notify.urlFile";

    /** The S3-compatible bucket backups are copied to (sidecar, {@code backup}), rotated, listed and restored from. */
    public static final String S3_BUCKET = "dockstart.s3.bucket";
    /** Key prefix of the backups in the bucket, e.g. {@code demo/}. */
    public static final String S3_PREFIX = "dockstart.s3.prefix";
    /** The store's endpoint URL; empty for AWS S3. */
    public static final String S3_ENDPOINT = "dockstart.s3.endpoint";
    /** The bucket's region; {@code us-east-1} by default. */
    public static final String S3_REGION = "dockstart.s3.region";
    /** A file of the project holding the access key id: mounted as a Compose secret, read by the host goals. */
    public static final String S3_ACCESS_KEY_ID_FILE = "dockstart.s3.accessKeyIdFile";
    /** A file of the project holding the secret access key: mounted as a Compose secret, read by the host goals. */
    public static final String S3_SECRET_ACCESS_KEY_FILE = "dockstart.s3.secretAccessKeyFile";
    /** age public keys (space or comma separated): copies sent to the bucket are encrypted for them. */
    public static final String S3_ENCRYPT_RECIPIENTS = "dockstart.s3.encryptRecipients";
    /** Backups larger than this many MiB go to the bucket in parts (multipart upload); 1 to 5120, default 100. */
    public static final String S3_MULTIPART_THRESHOLD_MB = "dockstart.s3.multipartThresholdMb";
    /** The size of those parts in MiB; 5 to 5120, default 64 (grown when a backup would need more than 10000). */
    public static final String S3_PART_SIZE_MB = "dockstart.s3.partSizeMb";
    /** The age identity file that decrypts encrypted bucket copies for {@code restore} and {@code list}. */
    public static final String AGE_IDENTITY = "dockstart.ageIdentity";

    private PropertyNames() {
    }
}
