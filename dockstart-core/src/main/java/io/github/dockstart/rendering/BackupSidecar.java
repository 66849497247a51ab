package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.storage.BucketSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code db-backup} Compose service: the Alpine sidecar that backs up every database of the
 * project, configured through the sidecar environment contract that its scripts read.
 */
final class BackupSidecar {

    static final String SERVICE_NAME = SidecarSettings.SERVICE;
    static final String SQLITE_WORKSPACE = "/workspace";

    private BackupSidecar() {
    }

    /** The Compose profile of an on-demand sidecar: {@code docker compose --profile backup up -d} starts it. */
    static final String PROFILE = "backup";

    /**
     * @param composeProject the stack's Compose project name
     * @param databases      every database of the project, in model order
     * @param dependsOn      the server databases to wait for, with their Compose condition
     * @param settings       schedule, retention, time zone, compression, and whether it starts with the stack
     */
    static Map<String, Object> service(String composeProject, List<DatabaseService> databases,
            Map<String, Object> dependsOn, Optional<BucketSettings> remoteStorage, SidecarSettings settings) {
        Map<String, Object> service = new LinkedHashMap<>();
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("context", ".");
        build.put("dockerfile", "Dockerfile.backup");
        service.put("build", build);
        // `docker exec PROJECT-db-backup backup.sh`: the project's name keeps two projects' sidecars apart
        service.put("container_name", containerName(composeProject));
        if (settings.mode() == SidecarSettings.Mode.ON_DEMAND) {
            // a service with a profile is left out of a plain `up`
            service.put("profiles", List.of(PROFILE));
        }
        service.put("restart", "unless-stopped");
        Map<String, Object> environment = environment(databases, settings);
        remoteStorage.ifPresent(storage -> putRemoteStorage(environment, storage));
        service.put("environment", environment);
        List<String> volumes = new ArrayList<>();
        volumes.add("../" + ProjectLayout.BACKUP_DIRECTORY + ":/backups");
        if (databases.stream().anyMatch(db -> db.type() == DatabaseType.SQLITE)) {
            // SQLite is a file of the project: the sidecar reads (and restores) it in place
            volumes.add("..:" + SQLITE_WORKSPACE);
        }
        service.put("volumes", volumes);
        if (!dependsOn.isEmpty()) {
            service.put("depends_on", dependsOn);
        }
        Map<String, Object> healthcheck = new LinkedHashMap<>();
        healthcheck.put("test", List.of("CMD", "/usr/local/bin/healthcheck.sh"));
        healthcheck.put("interval", "1m");
        healthcheck.put("timeout", "30s");
        healthcheck.put("retries", 3);
        healthcheck.put("start_period", "1m");
        service.put("healthcheck", healthcheck);
        return service;
    }

    /** The sidecar's container name: {@code PROJECT-db-backup}. */
    static String containerName(String composeProject) {
        return composeProject + "-" + SERVICE_NAME;
    }

    static Map<String, Object> environment(List<DatabaseService> databases, SidecarSettings settings) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (databases.size() == 1) {
            putDatabase(env, "", databases.get(0));
        } else {
            env.put("DB_CONTAINERS", databases.stream().map(DatabaseService::name).collect(Collectors.joining(" ")));
            Map<String, String> prefixOwners = new HashMap<>();
            for (DatabaseService db : databases) {
                String prefix = variablePrefix(db.name());
                String earlier = prefixOwners.putIfAbsent(prefix, db.name());
                if (earlier != null) {
                    throw new InvalidInputException("The database services " + earlier + " and " + db.name()
                            + " both map to the backup variable prefix " + prefix + "_; rename one of them.");
                }
                putDatabase(env, prefix + "_", db);
            }
        }
        env.put("BACKUP_SCHEDULE", settings.schedule());
        env.put("BACKUP_RETENTION_DAYS", String.valueOf(settings.retentionDays()));
        env.put("BACKUP_KEEP_MIN", String.valueOf(settings.keepMin()));
        // written only when set, so that a stack without them keeps its Compose file as it was
        putPeriod(env, "BACKUP_KEEP_DAILY", settings.generations().daily());
        putPeriod(env, "BACKUP_KEEP_WEEKLY", settings.generations().weekly());
        putPeriod(env, "BACKUP_KEEP_MONTHLY", settings.generations().monthly());
        if (!settings.restoreTest().equals(SidecarSettings.RESTORE_TEST_OFF)) {
            env.put("BACKUP_RESTORE_TEST", settings.restoreTest());
        }
        env.put("BACKUP_DIR", "/backups");
        env.put("TZ", settings.timeZone());
        settings.gzipLevel().ifPresent(level -> env.put("BACKUP_GZIP_LEVEL", String.valueOf(level)));
        return env;
    }

    private static void putPeriod(Map<String, Object> env, String name, int count) {
        if (count > 0) {
            env.put(name, String.valueOf(count));
        }
    }

    /** SQLite copies with the app stopped: the sidecar names the app's container (Compose v2 names it {@code PROJECT-SERVICE-1}). */
    @SuppressWarnings("unchecked")
    static void stopAppForSqlite(Map<String, Object> sidecar, String composeProject, String devService) {
        ((Map<String, Object>) sidecar.get("environment")).put("SQLITE_STOP_CONTAINER", composeProject + "-" + devService + "-1");
    }

    /**
     * The Docker socket for {@link #stopAppForSqlite}, the only case that needs it, added to the
     * escaped document: its host path is a deliberate interpolation, {@code /var/run/docker.sock}
     * unless {@code DOCKSTART_DOCKER_SOCKET} names another (rootless Docker keeps it elsewhere).
     */
    @SuppressWarnings("unchecked")
    static void addDockerSocket(Map<String, Object> services) {
        Map<String, Object> sidecar = (Map<String, Object>) services.get(SERVICE_NAME);
        ((List<String>) sidecar.get("volumes")).add("${DOCKSTART_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock");
    }

    /** The bucket settings, literal values (the credentials are added after escaping, as references). */
    private static void putRemoteStorage(Map<String, Object> env, BucketSettings storage) {
        env.put("BACKUP_S3_BUCKET", storage.bucket());
        env.put("BACKUP_S3_PREFIX", storage.prefix());
        env.put("BACKUP_S3_ENDPOINT", storage.endpoint());
        env.put("BACKUP_S3_REGION", storage.region());
        if (storage.encrypts()) {
            // public keys, not secrets: s3.sh encrypts the bucket copies for them
            env.put("BACKUP_ENCRYPT_RECIPIENTS", String.join(" ", storage.encryptRecipients()));
        }
        if (!storage.multipart().isDefault()) {
            // s3.sh's own defaults are the host's: only settings that differ are written
            env.put("BACKUP_S3_MULTIPART_THRESHOLD_MB", String.valueOf(storage.multipart().thresholdMb()));
            env.put("BACKUP_S3_PART_SIZE_MB", String.valueOf(storage.multipart().partSizeMb()));
        }
    }

    /**
     * Adds the S3 credentials to the sidecar of an escaped Compose document, as references only:
     * {@code ${AWS_ACCESS_KEY_ID:-}} from the environment of whoever starts the stack (empty when
     * unset, so that the stack still starts and the upload fails loudly), or a Compose secret
     * mounted from a file of the project and named by the {@code _FILE} variable.
     */
    @SuppressWarnings("unchecked")
    static void addCredentialReferences(Map<String, Object> services, Map<String, Object> document, BucketSettings storage) {
        Map<String, Object> sidecar = (Map<String, Object>) services.get(SERVICE_NAME);
        Map<String, Object> env = (Map<String, Object>) sidecar.get("environment");
        List<String> secrets = new ArrayList<>();
        addCredential(env, secrets, document, "AWS_ACCESS_KEY_ID", storage.accessKeyIdFile());
        addCredential(env, secrets, document, "AWS_SECRET_ACCESS_KEY", storage.secretAccessKeyFile());
        if (!secrets.isEmpty()) {
            sidecar.put("secrets", secrets);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addCredential(Map<String, Object> env, List<String> secrets, Map<String, Object> document,
            String variable, String file) {
        if (file == null) {
            env.put(variable, "${" + variable + ":-}");
            return;
        }
        String secret = "dockstart_" + variable.toLowerCase(Locale.ROOT);
        Object existing = document.get("secrets");
        Map<String, Object> definitions = existing instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        if (definitions.containsKey(secret)) {
            throw new InvalidInputException("The project's Compose file already defines a secret named " + secret
                    + ", which dockstart needs for " + variable + "; rename that secret.");
        }
        // relative to .devcontainer/, where the Compose file is; $ doubled, as the path is literal
        definitions.put(secret, Map.of("file", ("../" + file.replace('\\', '/')).replace("$", "$$")));
        document.put("secrets", definitions);
        secrets.add(secret);
        env.put(variable + "_FILE", "/run/secrets/" + secret);
    }

    /**
     * The literal alert settings (escaped with the rest): when to post, and the name the messages
     * give the sidecar; the URL itself only when the user gave it literally.
     */
    @SuppressWarnings("unchecked")
    static void putAlerts(Map<String, Object> sidecar, String composeProject, AlertSettings alerts) {
        Map<String, Object> env = (Map<String, Object>) sidecar.get("environment");
        env.put("BACKUP_NOTIFY_ON", alerts.on());
        env.put("BACKUP_NOTIFY_SOURCE", containerName(composeProject));
        if (alerts.url() != null) {
            env.put("BACKUP_NOTIFY_URL", alerts.url());
        }
    }

    /**
     * The alert URL of an escaped Compose document when it is a secret: a Compose secret mounted from
     * the project's file and named by {@code BACKUP_NOTIFY_URL_FILE}, or {@code ${BACKUP_NOTIFY_URL:-}}
     * from the environment of whoever starts the stack (empty when unset: no alerts, the stack starts).
     */
    @SuppressWarnings("unchecked")
    static void addAlertUrlReference(Map<String, Object> services, Map<String, Object> document, AlertSettings alerts) {
        if (alerts.url() != null) {
            return;
        }
        Map<String, Object> sidecar = (Map<String, Object>) services.get(SERVICE_NAME);
        Map<String, Object> env = (Map<String, Object>) sidecar.get("environment");
        List<String> secrets = new ArrayList<>();
        addCredential(env, secrets, document, "BACKUP_NOTIFY_URL", alerts.urlFile());
        if (!secrets.isEmpty()) {
            Object existing = sidecar.get("secrets");
            List<String> all = existing instanceof List<?> list ? new ArrayList<>((List<String>) list) : new ArrayList<>();
            all.addAll(secrets);
            sidecar.put("secrets", all);
        }
    }

    /** The contract's K: the container name upper-cased, every char outside [A-Z0-9] replaced by {@code _}. */
    static String variablePrefix(String containerName) {
        return containerName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void putDatabase(Map<String, Object> env, String prefix, DatabaseService db) {
        if (prefix.isEmpty()) {
            env.put("DB_CONTAINER", db.name());
        }
        env.put(prefix + "DB_TYPE", db.type().id());
        if (db.type() == DatabaseType.SQLITE) {
            env.put(prefix + "DB_PATH", SQLITE_WORKSPACE + "/" + relativePath(db));
            return;
        }
        env.put(prefix + "DB_HOST", db.name());
        // inside the Compose network the server listens on its image's own port
        env.put(prefix + "DB_PORT", String.valueOf(db.type().defaultPort()));
        putIfPresent(env, prefix + "DB_NAME", db.database());
        putIfPresent(env, prefix + "DB_USER", db.user());
        putIfPresent(env, prefix + "DB_PASSWORD", db.password());
    }

    private static String relativePath(DatabaseService db) {
        String path = db.path() == null ? "" : db.path().replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.isEmpty() || path.startsWith("/") || path.startsWith("../")) {
            throw new InvalidInputException("The SQLite database of service " + db.name() + " is at '" + db.path()
                    + "', which is not a file inside the project; the backup sidecar can only reach files of the project.");
        }
        return path;
    }

    private static void putIfPresent(Map<String, Object> env, String key, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(key, value);
        }
    }
}
