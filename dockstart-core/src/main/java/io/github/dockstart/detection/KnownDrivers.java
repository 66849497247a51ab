package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names by which projects declare a database: Maven coordinates of drivers and clients,
 * driver classes, Quarkus {@code db-kind} / Micronaut {@code db-type} values, and server images.
 * Dependencies match on {@code groupId:artifactId} only, since versions are often managed by a BOM.
 */
final class KnownDrivers {

    private static final Map<String, DatabaseType> DEPENDENCIES = Map.ofEntries(
            Map.entry("org.postgresql:postgresql", DatabaseType.POSTGRES),
            Map.entry("org.postgresql:r2dbc-postgresql", DatabaseType.POSTGRES),
            Map.entry("io.r2dbc:r2dbc-postgresql", DatabaseType.POSTGRES),
            Map.entry("io.quarkus:quarkus-jdbc-postgresql", DatabaseType.POSTGRES),
            Map.entry("io.quarkus:quarkus-reactive-pg-client", DatabaseType.POSTGRES),
            Map.entry("io.vertx:vertx-pg-client", DatabaseType.POSTGRES),
            Map.entry("com.mysql:mysql-connector-j", DatabaseType.MYSQL),
            Map.entry("mysql:mysql-connector-java", DatabaseType.MYSQL),
            Map.entry("io.asyncer:r2dbc-mysql", DatabaseType.MYSQL),
            Map.entry("io.quarkus:quarkus-jdbc-mysql", DatabaseType.MYSQL),
            Map.entry("io.quarkus:quarkus-reactive-mysql-client", DatabaseType.MYSQL),
            Map.entry("org.mariadb.jdbc:mariadb-java-client", DatabaseType.MARIADB),
            Map.entry("org.mariadb:r2dbc-mariadb", DatabaseType.MARIADB),
            Map.entry("io.quarkus:quarkus-jdbc-mariadb", DatabaseType.MARIADB),
            Map.entry("org.xerial:sqlite-jdbc", DatabaseType.SQLITE),
            Map.entry("redis.clients:jedis", DatabaseType.REDIS),
            Map.entry("io.lettuce:lettuce-core", DatabaseType.REDIS),
            Map.entry("org.redisson:redisson", DatabaseType.REDIS),
            Map.entry("org.redisson:redisson-spring-boot-starter", DatabaseType.REDIS),
            Map.entry("org.springframework.boot:spring-boot-starter-data-redis", DatabaseType.REDIS),
            Map.entry("org.springframework.boot:spring-boot-starter-data-redis-reactive", DatabaseType.REDIS),
            Map.entry("org.springframework.data:spring-data-redis", DatabaseType.REDIS),
            Map.entry("io.quarkus:quarkus-redis-client", DatabaseType.REDIS),
            Map.entry("io.quarkus:quarkus-redis-cache", DatabaseType.REDIS),
            Map.entry("io.micronaut.redis:micronaut-redis-lettuce", DatabaseType.REDIS));

    private static final Map<String, DatabaseType> DRIVER_CLASSES = Map.of(
            "org.postgresql.driver", DatabaseType.POSTGRES,
            "com.mysql.cj.jdbc.driver", DatabaseType.MYSQL,
            "com.mysql.jdbc.driver", DatabaseType.MYSQL,
            "org.mariadb.jdbc.driver", DatabaseType.MARIADB,
            "org.sqlite.jdbc", DatabaseType.SQLITE);

    private KnownDrivers() {
    }

    static Optional<DatabaseType> ofDependency(String groupId, String artifactId) {
        return Optional.ofNullable(DEPENDENCIES.get(groupId + ":" + artifactId));
    }

    static Optional<DatabaseType> ofDriverClass(String className) {
        return Optional.ofNullable(DRIVER_CLASSES.get(className.strip().toLowerCase(Locale.ROOT)));
    }

    /** Quarkus {@code db-kind}, Micronaut {@code db-type} and {@code dialect} values. */
    static Optional<DatabaseType> ofKind(String kind) {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres", "pgsql", "pg" -> Optional.of(DatabaseType.POSTGRES);
            case "mysql" -> Optional.of(DatabaseType.MYSQL);
            case "mariadb" -> Optional.of(DatabaseType.MARIADB);
            case "sqlite" -> Optional.of(DatabaseType.SQLITE);
            default -> Optional.empty();
        };
    }

    /**
     * The engine a Compose image runs, from the image's last path segment without tag or digest:
     * {@code docker.io/library/postgres:16}, {@code postgis/postgis:16-3.4}, {@code bitnami/redis}.
     */
    static Optional<DatabaseType> ofImage(String image) {
        String name = image.strip().toLowerCase(Locale.ROOT);
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int slash = name.lastIndexOf('/');
        name = name.substring(slash + 1);
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return switch (name) {
            case "postgres", "postgresql", "postgis", "pgvector" -> Optional.of(DatabaseType.POSTGRES);
            case "mysql", "mysql-server" -> Optional.of(DatabaseType.MYSQL);
            case "mariadb" -> Optional.of(DatabaseType.MARIADB);
            case "redis", "redis-stack", "redis-stack-server" -> Optional.of(DatabaseType.REDIS);
            default -> Optional.empty();
        };
    }

    /** PostgreSQL, MySQL and MariaDB: the engines a JDBC datasource of an unknown kind may be. */
    static boolean isSqlServer(DatabaseType type) {
        return type == DatabaseType.POSTGRES || type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }

    /** MySQL and MariaDB speak the same protocol and their tools are interchangeable in a pinch. */
    static boolean sameFamily(DatabaseType a, DatabaseType b) {
        return a == b || (isMysqlFamily(a) && isMysqlFamily(b));
    }

    private static boolean isMysqlFamily(DatabaseType type) {
        return type == DatabaseType.MYSQL || type == DatabaseType.MARIADB;
    }
}
