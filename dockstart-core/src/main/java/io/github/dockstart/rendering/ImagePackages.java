package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which operating-system packages the two images need: only the clients of the project's databases. */
final class ImagePackages {

    /** The Alpine release of the backup sidecar, pinned so that its client versions are known. */
    static final String ALPINE_VERSION = "3.22";
    /** PostgreSQL client majors that {@link #ALPINE_VERSION} packages as {@code postgresqlNN-client}. */
    static final int OLDEST_POSTGRES_CLIENT = 15;
    static final int NEWEST_POSTGRES_CLIENT = 17;

    private ImagePackages() {
    }

    /** Debian/Ubuntu packages for the dev image (the Maven images are Ubuntu based). */
    static List<String> devImage(List<DatabaseService> databases) {
        Set<DatabaseType> types = types(databases);
        List<String> packages = new ArrayList<>();
        if (types.contains(DatabaseType.POSTGRES)) {
            packages.add("postgresql-client");
        }
        if (types.contains(DatabaseType.MYSQL) || types.contains(DatabaseType.MARIADB)) {
            packages.add("mariadb-client");
        }
        if (types.contains(DatabaseType.REDIS)) {
            packages.add("redis-tools");
        }
        if (types.contains(DatabaseType.SQLITE)) {
            packages.add("sqlite3");
        }
        return packages;
    }

    /** Alpine packages for the backup sidecar. */
    static List<String> backupImage(List<DatabaseService> databases) {
        return backupImage(databases, false, false);
    }

    /**
     * Alpine packages for the backup sidecar; with remote storage, curl signs and sends the uploads;
     * when it stops the app around SQLite copies, the Docker client does that.
     */
    static List<String> backupImage(List<DatabaseService> databases, boolean remoteStorage, boolean stopsApp) {
        Set<DatabaseType> types = types(databases);
        // isa-l brings igzip, the fast compressor of SQL dumps; pigz compresses snapshots
        List<String> packages = new ArrayList<>(List.of("supercronic", "tzdata", "gzip", "isa-l", "pigz"));
        for (int major : postgresClientMajors(databases)) {
            packages.add("postgresql" + major + "-client");
        }
        if (types.contains(DatabaseType.MYSQL) || types.contains(DatabaseType.MARIADB)) {
            packages.add("mariadb-client");
        }
        if (types.contains(DatabaseType.MYSQL)) {
            // its plugins include caching_sha2_password, MySQL 8's default authentication
            packages.add("mariadb-connector-c");
        }
        if (needsRedisCli(databases)) {
            // Alpine ships Valkey, the wire-compatible Redis fork, in place of Redis since 3.21;
            // its CLI reads REDISCLI_AUTH and takes --rdb, and the image links it as redis-cli
            packages.add("valkey-cli");
        }
        if (types.contains(DatabaseType.SQLITE)) {
            packages.add("sqlite");
        }
        if (stopsApp) {
            packages.add("docker-cli");
        }
        if (remoteStorage) {
            // --aws-sigv4 is all S3 needs: no AWS CLI, no Python
            packages.add("curl");
        }
        return packages;
    }

    static boolean needsRedisCli(List<DatabaseService> databases) {
        return types(databases).contains(DatabaseType.REDIS);
    }

    /**
     * One client per PostgreSQL major among the services, because pg_dump refuses a server newer
     * than itself and a newer pg_dump writes SQL that an older server may reject. A major older
     * than Alpine's oldest client gets that oldest one, which still dumps it; an image whose
     * version cannot be read gets the newest.
     */
    static TreeSet<Integer> postgresClientMajors(List<DatabaseService> databases) {
        TreeSet<Integer> majors = new TreeSet<>();
        for (DatabaseService db : databases) {
            if (db.type() != DatabaseType.POSTGRES) {
                continue;
            }
            String version = db.imageMajorVersion();
            int major = version.isEmpty() || version.length() > 3 ? NEWEST_POSTGRES_CLIENT : Integer.parseInt(version);
            if (major > NEWEST_POSTGRES_CLIENT) {
                throw new InvalidInputException("The PostgreSQL image " + db.image() + " of service " + db.name()
                        + " is newer than the newest pg_dump of alpine:" + ALPINE_VERSION + " (" + NEWEST_POSTGRES_CLIENT
                        + "), which could not back it up; pin the image to postgres:" + NEWEST_POSTGRES_CLIENT
                        + "-alpine or older.");
            }
            majors.add(Math.max(major, OLDEST_POSTGRES_CLIENT));
        }
        return majors;
    }

    private static Set<DatabaseType> types(List<DatabaseService> databases) {
        Set<DatabaseType> types = EnumSet.noneOf(DatabaseType.class);
        databases.forEach(db -> types.add(db.type()));
        return types;
    }
}
