package io.github.dockstart.access;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link DatabaseAccess} for a service: local clients with the project's connection
 * settings, or the clients inside the Compose stack. Passwords go to local clients through their
 * environment ({@code PGPASSWORD}, {@code MYSQL_PWD}, {@code REDISCLI_AUTH}) and into containers
 * as the first line of standard input; never as an argument.
 */
public final class DatabaseAccessFactory {

    static final List<String> MYSQL_DUMP_OPTIONS = List.of("--single-transaction", "--routines", "--triggers", "--events",
            "--no-tablespaces", "--hex-blob", "--default-character-set=utf8mb4");

    /**
     * MySQL serves TLS with a certificate it signed itself; MariaDB 11.4's clients verify server
     * certificates by default and refuse it. TLS stays on, only the check is off (the sidecar's
     * option file says the same for DB_TYPE mysql).
     */
    static final String MYSQL_TLS_WITHOUT_VERIFICATION = "--skip-ssl-verify-server-cert";

    private final Path projectRoot;
    private final CommandRunner runner;
    private final DockerCompose stack;

    public DatabaseAccessFactory(Path projectRoot, CommandRunner runner, DockerCompose stack) {
        this.projectRoot = projectRoot;
        this.runner = runner;
        this.stack = stack;
    }

    /**
     * @param via           {@link Via#LOCAL} or {@link Via#COMPOSE}; resolve {@link Via#AUTO} first with {@link #resolve}
     * @param connection    where the database is, for local clients
     * @param redisDataDir  a local Redis server's data directory, for restores; may be null
     */
    public DatabaseAccess create(DatabaseService service, Connection connection, Via via, Path redisDataDir) {
        DatabaseType type = service.type();
        if (type == DatabaseType.SQLITE) {
            // the file lives in the project, bind-mounted into the stack: the same file either way
            return new SqliteAccess(runner, projectRoot.resolve(connection.database()).normalize());
        }
        if (via == Via.COMPOSE) {
            return switch (type) {
                case POSTGRES -> composePostgres(service, connection);
                case MYSQL, MARIADB -> composeMysql(service, connection);
                case REDIS -> new RedisAccess.InCompose(stack, service.name(), connection.password());
                default -> throw new IllegalStateException("unhandled type " + type);
            };
        }
        return switch (type) {
            case POSTGRES -> localPostgres(connection);
            case MYSQL, MARIADB -> localMysql(type, connection);
            case REDIS -> new RedisAccess.Local(runner, connection, redisDataDir);
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    /** {@link Via#AUTO} becomes compose when the service runs in the stack, else local. */
    public Via resolve(Via via, DatabaseService service) {
        if (via != Via.AUTO) {
            return via;
        }
        if (service.type() == DatabaseType.SQLITE || stack == null) {
            return Via.LOCAL;
        }
        return stack.runningServices().contains(service.name()) ? Via.COMPOSE : Via.LOCAL;
    }

    private DatabaseAccess localPostgres(Connection c) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", c.host());
        env.put("PGPORT", String.valueOf(c.port()));
        env.put("PGUSER", c.user());
        env.put("PGPASSWORD", c.password() == null ? "" : c.password());
        env.put("PGCONNECT_TIMEOUT", "10");
        // warnings only: the roles section's WARNINGs say which roles a restore created
        env.put("PGOPTIONS", "-c client_min_messages=warning");
        return new PostgresAccess(runner, (program, args) -> Command.of(concat(List.of(program), args), env),
                c.database(), c.user(), "PostgreSQL " + c + " (local clients)");
    }

    private DatabaseAccess localMysql(DatabaseType type, Connection c) {
        Map<String, String> env = Map.of("MYSQL_PWD", c.password() == null ? "" : c.password());
        List<String> login = new ArrayList<>(List.of("--host=" + c.host(), "--port=" + c.port(), "--protocol=TCP", "--user=" + c.user()));
        if (type == DatabaseType.MYSQL) {
            login.add(MYSQL_TLS_WITHOUT_VERIFICATION);
        }
        Command ping = Command.of(concat(List.of("mariadb"), login, List.of("--connect-timeout=10", "-N", "-e", "SELECT 1", c.database())), env);
        Command dump = Command.of(concat(List.of("mariadb-dump"), login, MYSQL_DUMP_OPTIONS, List.of(c.database())), env);
        Command load = Command.of(concat(List.of("mariadb"), login, List.of(c.database())), env);
        String name = type == DatabaseType.MYSQL ? "MySQL " : "MariaDB ";
        return new SqlClientAccess(runner, ping, dump, load,
                database -> Command.of(concat(List.of("mariadb"), login, List.of("--default-character-set=utf8mb4", "-N", "-B", database)), env),
                c.database(), c.user(), name + c + " (local clients)");
    }

    private DatabaseAccess composePostgres(DatabaseService service, Connection c) {
        // the client in the database's container, over its socket; the password arrives on stdin
        String script = "IFS= read -r PGPASSWORD; export PGPASSWORD PGOPTIONS='-c client_min_messages=warning'; exec \"$@\"";
        return new PostgresAccess(runner, (program, args) -> stack.shell(service.name(), script,
                concat(List.of(program, "--username=" + c.user()), args), c.password()),
                c.database(), c.user(), "PostgreSQL service " + service.name() + " (docker compose)");
    }

    private DatabaseAccess composeMysql(DatabaseService service, Connection c) {
        // the mysql image ships mysql/mysqldump, the mariadb image mariadb/mariadb-dump; either
        // reaches its server over the container's own socket, where no certificate is checked
        boolean mysql = service.type() == DatabaseType.MYSQL;
        String client = mysql ? "mysql" : "mariadb";
        String dumper = mysql ? "mysqldump" : "mariadb-dump";
        String login = "IFS= read -r MYSQL_PWD; export MYSQL_PWD; ";
        List<String> args = List.of(c.user(), c.database());
        Command ping = stack.shell(service.name(), login + "exec " + client + " -N -u \"$1\" -e 'SELECT 1' \"$2\"", args, c.password());
        Command dump = stack.shell(service.name(), login + "exec " + dumper + " " + String.join(" ", MYSQL_DUMP_OPTIONS)
                + " -u \"$1\" \"$2\"", args, c.password());
        Command load = stack.shell(service.name(), login + "exec " + client + " -u \"$1\" \"$2\"", args, c.password());
        String sqlIn = login + "exec " + client + " --default-character-set=utf8mb4 -N -B -u \"$1\" \"$2\"";
        return new SqlClientAccess(runner, ping, dump, load,
                database -> stack.shell(service.name(), sqlIn, List.of(c.user(), database), c.password()),
                c.database(), c.user(), (mysql ? "MySQL" : "MariaDB") + " service " + service.name() + " (docker compose)");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    /** Refuses a password that cannot travel as one line of standard input. */
    public static void requireSingleLine(String password) {
        if (password != null && (password.contains("\n") || password.contains("\r"))) {
            throw new InvalidInputException("The database password contains a line break, which dockstart cannot pass to a client safely.");
        }
    }
}
