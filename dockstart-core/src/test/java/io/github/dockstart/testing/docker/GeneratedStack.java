package io.github.dockstart.testing.docker;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.output.GeneratedFileWriter;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.rendering.DevcontainerRenderer;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.servers.Exec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The stack dockstart generates for a project, written into the project's directory exactly as
 * {@code generate} writes it, and driven with the real {@code docker compose} the way a user does:
 * {@code docker compose -f .devcontainer/docker-compose.yml ...} from the project root.
 */
public final class GeneratedStack {

    private final DockerEngine docker;
    private final Path root;
    private final String projectName;
    private final List<Path> overrides = new ArrayList<>();

    private GeneratedStack(DockerEngine docker, Path root, String projectName) {
        this.docker = docker;
        this.root = root;
        this.projectName = projectName;
    }

    /** Renders and writes {@code .devcontainer/} and {@code backups/} into {@code model.root()}. */
    public static GeneratedStack generate(DockerEngine docker, ProjectModel model, RenderOptions options) {
        new GeneratedFileWriter(DockstartLog.SILENT).write(model.root(), new DevcontainerRenderer().render(model, options),
                new WriteOptions(false, false));
        return new GeneratedStack(docker, model.root(), model.composeProjectName());
    }

    /** The stack of a project whose files the real {@code generate} wrote, named by its Compose file. */
    public static GeneratedStack existing(DockerEngine docker, Path root) {
        return new GeneratedStack(docker, root, null);
    }

    /**
     * Adds a Compose file merged over the generated one ({@code -f} twice), as a user would to
     * change a setting without editing the generated file.
     */
    public GeneratedStack withOverride(String yaml) {
        try {
            Path file = composeFile().resolveSibling("test-override-" + overrides.size() + ".yml");
            Files.writeString(file, yaml);
            overrides.add(file);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public Path composeFile() {
        return root.resolve(".devcontainer/docker-compose.yml");
    }

    public Path backups() {
        return root.resolve("backups");
    }

    /** The Compose project name of a stack this class generated. */
    public String projectName() {
        if (projectName == null) {
            throw new IllegalStateException("the project name of " + root + " is its Compose file's");
        }
        return projectName;
    }

    /** The backups in {@code backups/} whose names start with {@code prefix} and end with {@code suffix}, sorted. */
    public List<Path> backups(String prefix, String suffix) {
        try (Stream<Path> files = Files.list(backups())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + backups(), e);
        }
    }

    /** Runs SQL with {@code psql} inside a PostgreSQL container, as {@code user} on {@code database}; its output trimmed. */
    public String psql(String container, String user, String database, String sql) {
        return exec(container, "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-c", sql)
                .run().orFail().stdout().trim();
    }

    /** Waits until the container's health check says healthy. */
    public void awaitHealthy(String container, Duration timeout) {
        await(container, "{{.State.Health.Status}}", "healthy"::equals, timeout);
    }

    /** A gzip file's content, byte for byte as ISO-8859-1 text (SQL dumps and binary snapshots alike). */
    public static String gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code docker compose -f ... ARGS} from the project root. */
    public Exec compose(String... args) {
        List<String> command = new ArrayList<>(List.of("compose", "-f", composeFile().toString()));
        overrides.forEach(file -> command.addAll(List.of("-f", file.toString())));
        command.addAll(List.of(args));
        return docker.docker(command.toArray(String[]::new)).directory(root);
    }

    /**
     * {@code up -d --build}: returns once every container is started, which (through the
     * generated {@code depends_on: service_healthy}) means every database is healthy.
     */
    public GeneratedStack up() {
        compose("up", "-d", "--build").timeout(Duration.ofMinutes(10)).run().orFail();
        return this;
    }

    /** The container of a service, as Compose v2 names it. */
    public String container(String service) {
        String id = compose("ps", "-q", service).run().orFail().stdout().trim();
        if (id.isEmpty()) {
            throw new IllegalStateException("service " + service + " has no container in the stack of " + root);
        }
        return docker.docker("inspect", "--format", "{{.Name}}", id).run().orFail().stdout().trim().replaceFirst("^/", "");
    }

    /** {@code docker exec CONTAINER ARGS} (no TTY, as a script would). */
    public Exec exec(String container, String... args) {
        List<String> command = new ArrayList<>(List.of("exec", container));
        command.addAll(List.of(args));
        return docker.docker(command.toArray(String[]::new));
    }

    /** A field of {@code docker inspect}, e.g. {@code {{.State.Health.Status}}}. */
    public String inspect(String container, String format) {
        return docker.docker("inspect", "--format", format, container).run().orFail().stdout().trim();
    }

    /** Waits until {@code inspect(container, format)} satisfies {@code wanted}; returns the last value. */
    public String await(String container, String format, Predicate<String> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String value = "";
        while (Instant.now().isBefore(deadline)) {
            value = inspect(container, format);
            if (wanted.test(value)) {
                return value;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError(container + ": " + format + " was still '" + value + "' after " + timeout
                + "\n" + docker.docker("logs", "--tail", "40", container).run().output());
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
