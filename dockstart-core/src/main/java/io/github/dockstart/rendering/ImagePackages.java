package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which operating-system packages the two images need: only the clients of the project's databases. */
final class ImagePackages {

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

    /**
     * Alpine packages for the backup sidecar (names of its base's Alpine release, see
     * {@link SidecarBase}); with remote storage or alerts ({@code curl}), curl signs and sends the
     * uploads and posts the alerts; when it stops the app around SQLite copies, the Docker client
     * does that; with {@code age}, the bucket copies are encrypted (only then is age installed).
     */
    static List<String> backupImage(List<DatabaseService> databases, SidecarBase base, boolean curl, boolean stopsApp,
                                    boolean age) {
        Set<DatabaseType> types = types(databases);
        // isa-l brings igzip, the fast compressor of SQL dumps; pigz compresses snapshots
        List<String> packages = new ArrayList<>(List.of("supercronic", "tzdata", "gzip", "isa-l", "pigz"));
        // PostgreSQL's clients come with the sidecar's base, the server's own image (SidecarBase)
        if (types.contains(DatabaseType.MYSQL) || types.contains(DatabaseType.MARIADB)) {
            packages.add("mariadb-client");
        }
        if (types.contains(DatabaseType.MYSQL)) {
            // its plugins include caching_sha2_password, MySQL 8's default authentication
            packages.add("mariadb-connector-c");
        }
        if (types.contains(DatabaseType.REDIS)) {
            // Redis's own package (AGPL Redis 8, back in Alpine since 3.23) brings redis-server too,
            // which the restore drill loads the snapshot into; a newer server reads older snapshots.
            // Before that Alpine shipped only Valkey, the wire-compatible fork: its CLI reads
            // REDISCLI_AUTH and takes --rdb, and the image links it as redis-cli (no drill there)
            packages.add(base.has(REDIS_SERVER) ? REDIS_SERVER : "valkey-cli");
        }
        if (types.contains(DatabaseType.SQLITE)) {
            packages.add("sqlite");
        }
        if (stopsApp) {
            packages.add("docker-cli");
        }
        if (curl) {
            // --aws-sigv4 is all S3 needs: no AWS CLI, no Python; a POST is all an alert needs
            packages.add("curl");
        }
        if (age) {
            packages.add("age");
        }
        return packages;
    }

    /** Alpine's package of Redis, server and client. */
    static final String REDIS_SERVER = "redis";

    /** Whether the sidecar's redis-cli is Valkey's, linked: on an Alpine release without Redis's package. */
    static boolean linksValkeyCli(List<DatabaseService> databases, SidecarBase base) {
        return types(databases).contains(DatabaseType.REDIS) && !base.has(REDIS_SERVER);
    }

    private static Set<DatabaseType> types(List<DatabaseService> databases) {
        Set<DatabaseType> types = EnumSet.noneOf(DatabaseType.class);
        databases.forEach(db -> types.add(db.type()));
        return types;
    }
}
