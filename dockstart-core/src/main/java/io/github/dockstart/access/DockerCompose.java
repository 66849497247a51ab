package io.github.dockstart.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The generated Compose stack, driven through {@code docker compose -f FILE ...}. Commands run
 * inside a service's own container, so the client always matches the server's version.
 */
public final class DockerCompose {

    private final Path composeFile;
    private final String dockerProgram;
    private final CommandRunner runner;

    /**
     * @param composeFile   {@code .devcontainer/docker-compose.yml}
     * @param dockerProgram the {@code docker} command (a path, or a name looked up on the PATH)
     */
    public DockerCompose(Path composeFile, String dockerProgram, CommandRunner runner) {
        this.composeFile = composeFile;
        this.dockerProgram = dockerProgram;
        this.runner = runner;
    }

    /** The services running now; empty when Docker or the stack is not there. */
    public Set<String> runningServices() {
        if (!Files.isRegularFile(composeFile)) {
            return Set.of();
        }
        try {
            String out = runner.output(compose(List.of("ps", "--status", "running", "--services")));
            return out.lines().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * Where a service's container port is published on this machine ({@code 127.0.0.1:49153}),
     * empty when the service does not run or publishes nothing.
     */
    public Optional<String> publishedAddress(String service, int containerPort) {
        try {
            String out = runner.output(compose(List.of("port", service, String.valueOf(containerPort)))).trim();
            return out.isEmpty() || out.endsWith(":0") ? Optional.empty() : Optional.of(out.lines().findFirst().orElse(out));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A shell script run in the service's container by {@code sh -c}, with {@code args} as its
     * positional parameters; {@code secret} arrives as the first line of its standard input.
     */
    Command shell(String service, String script, List<String> args, String secret) {
        List<String> argv = new ArrayList<>(List.of("exec", "-T", service, "sh", "-c", script, "sh"));
        argv.addAll(args);
        Command base = compose(argv);
        return new Command(base.argv(), base.environment(), secret);
    }

    Command compose(List<String> arguments) {
        List<String> argv = new ArrayList<>(List.of(dockerProgram, "compose", "-f", composeFile.toString()));
        argv.addAll(arguments);
        return Command.of(argv, Map.of());
    }

    CommandRunner runner() {
        return runner;
    }
}
