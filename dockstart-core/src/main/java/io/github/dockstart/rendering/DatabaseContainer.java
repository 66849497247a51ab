package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.PostgresMajor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Compose service that runs one database server of the project: its pinned image, the
 * credentials the project expects (through each image's standard variables), a named volume for
 * its data, a health check, and its port published on the loopback address only, on a free port.
 *
 * <p>Strings here are plain text; {@link ComposeYaml#escapeInterpolation} later doubles every
 * {@code $}, so shell snippets say {@code $VAR} and mean the container's variable.
 */
final class DatabaseContainer {

    private DatabaseContainer() {
    }

    static String volumeName(DatabaseService db) {
        return db.name() + "-data";
    }

    static Map<String, Object> service(DatabaseService db) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("image", image(db));
        switch (db.type()) {
            case POSTGRES -> postgres(db, service);
            case MYSQL -> mysqlFamily(db, service, "MYSQL_", "MYSQL_ALLOW_EMPTY_PASSWORD",
                    List.of("CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"));
            // the image's own healthcheck.sh: a TCP connection plus InnoDB ready, as MariaDB documents
            case MARIADB -> mysqlFamily(db, service, "MARIADB_", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
                    List.of("CMD", "healthcheck.sh", "--connect", "--innodb_initialized"));
            case REDIS -> redis(db, service);
            case SQLITE -> throw new IllegalArgumentException("SQLite has no server container: " + db.name());
        }
        service.put("volumes", List.of(volumeName(db) + ":" + dataDirectory(db)));
        // published for tools on the host, but never beyond it, on a port Docker picks: two projects
        // that both use the default port run side by side (`dockstart:list` shows where)
        service.put("ports", List.of("127.0.0.1::" + db.type().defaultPort()));
        return service;
    }

    private static String image(DatabaseService db) {
        return db.image() == null || db.image().isBlank() ? db.type().defaultImage() : db.image();
    }

    private static void postgres(DatabaseService db, Map<String, Object> service) {
        String user = orDefault(db.user(), "postgres");
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("POSTGRES_DB", orDefault(db.database(), user));
        env.put("POSTGRES_USER", user);
        if (isEmpty(db.password())) {
            // the image refuses to start without a password unless told that none is wanted
            env.put("POSTGRES_HOST_AUTH_METHOD", "trust");
        } else {
            env.put("POSTGRES_PASSWORD", db.password());
        }
        service.put("environment", env);
        // TCP, not the socket: the image's first-start server listens on the socket only, so this
        // turns healthy only once the real server is up
        service.put("healthcheck", healthcheck(List.of("CMD-SHELL",
                "pg_isready -h 127.0.0.1 -p 5432 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"")));
    }

    private static void mysqlFamily(DatabaseService db, Map<String, Object> service, String prefix,
            String allowEmptyRootPassword, List<String> healthTest) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (!isEmpty(db.database())) {
            env.put(prefix + "DATABASE", db.database());
        }
        boolean appUserIsRoot = isEmpty(db.user()) || db.user().equals("root");
        if (!appUserIsRoot && !isEmpty(db.password())) {
            env.put(prefix + "USER", db.user());
            env.put(prefix + "PASSWORD", db.password());
        }
        if (isEmpty(db.password())) {
            env.put(allowEmptyRootPassword, "yes");
        } else {
            // a development stack: root shares the project's password rather than one invented here
            env.put(prefix + "ROOT_PASSWORD", db.password());
        }
        service.put("environment", env);
        // over TCP for the same reason as PostgreSQL: the first-start server skips networking
        service.put("healthcheck", healthcheck(healthTest));
    }

    /**
     * Redis takes its password from configuration only. Putting it on redis-server's command line
     * would show it in {@code ps} and {@code docker inspect}, so the container gets it as
     * {@code REDISCLI_AUTH} (which also lets redis-cli in the container, the health check included,
     * authenticate without {@code -a}) and a small shell start feeds {@code requirepass} to
     * {@code redis-server -} on stdin. redis.conf reads {@code \xHH} escapes inside double quotes
     * byte for byte, so writing every byte of the password that way quotes any password correctly.
     * Starting through the image's {@code docker-entrypoint.sh} keeps its switch to the redis user,
     * and {@code exec} plus a here-document (not a pipe) makes redis-server PID 1, so that
     * {@code docker stop} reaches it and it saves its data before exiting.
     */
    private static void redis(DatabaseService db, Map<String, Object> service) {
        if (!isEmpty(db.password())) {
            service.put("command", List.of("sh", "-c", String.join("\n",
                    "set -eu",
                    "password_hex=$(printf '%s' \"$REDISCLI_AUTH\" | od -An -v -tx1 | tr -d ' \\n' | sed 's/../\\\\x&/g')",
                    "exec docker-entrypoint.sh redis-server - <<EOF",
                    "requirepass \"$password_hex\"",
                    "EOF",
                    "")));
            service.put("environment", Map.of("REDISCLI_AUTH", db.password()));
        }
        // redis-cli exits 0 on an error reply such as NOAUTH: check the reply itself
        service.put("healthcheck", healthcheck(List.of("CMD-SHELL", "redis-cli ping | grep -q PONG")));
    }

    private static String dataDirectory(DatabaseService db) {
        return switch (db.type()) {
            // from PostgreSQL 18 on, the image keeps its data in a major-specific directory below this one
            case POSTGRES -> PostgresMajor.atLeast(db, 18) ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
            case MYSQL, MARIADB -> "/var/lib/mysql";
            case REDIS -> "/data";
            case SQLITE -> throw new IllegalArgumentException("SQLite has no server container: " + db.name());
        };
    }

    static Map<String, Object> healthcheck(List<String> test) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("test", test);
        check.put("interval", "5s");
        check.put("timeout", "5s");
        check.put("retries", 12);
        // a first start initialises the data directory, which takes a while for MySQL
        check.put("start_period", "60s");
        return check;
    }

    static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String orDefault(String value, String fallback) {
        return isEmpty(value) ? fallback : value;
    }
}
