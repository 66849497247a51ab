package io.github.dockstart.engine;

import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stand-in for {@code docker} that runs what {@code docker compose exec -T SERVICE ...} asks
 * for here, against the tests' servers, with a directory of wrappers first on its PATH: how a
 * test gives the host engine a failing client without touching the installed one (a JVM looks
 * programs up on its own PATH, which a test cannot change).
 */
final class ClientsOnPath {

    private final Path root;
    private final Path wrappers;
    private final Path docker;

    private ClientsOnPath(Path root) {
        this.root = root;
        this.wrappers = TempDirs.mkdir(root.resolve("wrappers"), "rwxr-xr-x");
        this.docker = root.resolve("docker");
    }

    /** @param environment what the clients need to find the server (PGHOST, MYSQL_HOST, ...) */
    static ClientsOnPath create(Path root, Map<String, String> environment) {
        return create(root, environment, "exit 64", "exit 64");
    }

    /**
     * Also {@code compose stop SERVICE} and {@code compose start SERVICE} (the shell commands given),
     * and {@code compose cp SRC SERVICE:DEST} as a local copy: the "container" is this machine, its
     * {@code /data} the directory in the environment's {@code STANDIN_DATA}, if any.
     */
    static ClientsOnPath create(Path root, Map<String, String> environment, String stop, String start) {
        ClientsOnPath clients = new ClientsOnPath(root);
        if (environment.containsKey("MYSQL_HOST")) {
            // the MariaDB clients take no host from the environment, but read ~/.my.cnf
            try {
                Files.writeString(root.resolve(".my.cnf"), "[client]\nhost=" + environment.get("MYSQL_HOST") + "\nport="
                        + environment.get("MYSQL_TCP_PORT") + "\nprotocol=TCP\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            environment = new java.util.HashMap<>(environment);
            environment.put("HOME", root.toString());
        }
        String exports = environment.entrySet().stream()
                .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'")
                .collect(Collectors.joining("\n"));
        clients.write(clients.docker, """
                #!/bin/sh
                # docker compose -f FILE SUBCOMMAND ...
                [ "$1" = compose ] || { echo "stand-in docker: not supported: $*" >&2; exit 64; }
                shift 3
                %s
                PATH='%s':$PATH
                export PATH
                case $1 in
                  exec) shift 3; exec "$@" ;;
                  stop) %s ;;
                  start) %s ;;
                  cp) dest=${3#*:}
                      # the container's /data volume is STANDIN_DATA here
                      case $dest in /data/*) [ -n "${STANDIN_DATA:-}" ] && dest="$STANDIN_DATA/${dest#/data/}" ;; esac
                      cp -R "$2" "$dest" ;;
                  *) echo "stand-in docker: not supported: $*" >&2; exit 64 ;;
                esac
                """.formatted(exports, clients.wrappers, stop, start));
        return clients;
    }

    /** Puts a wrapper for {@code program} first on the PATH; {@code $REAL} in the body is the installed one. */
    void wrap(String program, Path real, String body) {
        write(wrappers.resolve(program), "#!/bin/sh\nREAL='" + real + "'\n" + body + "\n");
    }

    static Path installed(String program) {
        return program.equals("pg_dump") || program.equals("psql") ? Tools.postgres(program)
                : Tools.require(program, "mariadb-client");
    }

    String dockerCommand() {
        return docker.toString();
    }

    Path root() {
        return root;
    }

    private void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
