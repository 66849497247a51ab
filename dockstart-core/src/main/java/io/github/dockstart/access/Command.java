package io.github.dockstart.access;

import java.util.List;
import java.util.Map;

/**
 * A client program to run: its arguments (never a password), extra environment (where secrets
 * go), and an optional first line written to its standard input before any data (how a secret
 * reaches a client inside a container through {@code docker compose exec}).
 */
public record Command(List<String> argv, Map<String, String> environment, String stdinSecretLine) {

    public Command {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    public static Command of(List<String> argv, Map<String, String> environment) {
        return new Command(argv, environment, null);
    }

    /** The program's name, for messages. */
    public String program() {
        return argv.get(0);
    }

    /** The command line as text for logs: it holds no secrets by construction. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
