package io.github.dockstart.testing.docker;

import io.github.dockstart.testing.servers.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives tests a real Docker engine, with Compose v2 and the stand-in
 * images of every image the generated files name. Register it on a static field:
 * <pre>{@code @RegisterExtension static final DockerEngine docker = new DockerEngine();}</pre>
 * One engine serves the whole test run (started on first use, stopped when the run ends, also
 * when a test fails or the JVM is interrupted); after each test (or, with
 * {@link #sharedByTheClass()}, after the class) every container, network and volume is removed, so
 * each test starts from images only.
 *
 * <p>What runs here is real: dockerd, containerd, runc, Compose, BuildKit, the Dev Containers CLI,
 * and the database servers and clients inside the containers. What is not: the official images
 * themselves (see {@link StandinImages}).
 */
public final class DockerEngine implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DockerEngine.class);

    private final boolean cleanAfterEachTest;
    private Dockerd engine;

    /** Every container, network and volume is removed after each test. */
    public DockerEngine() {
        this(true);
    }

    private DockerEngine(boolean cleanAfterEachTest) {
        this.cleanAfterEachTest = cleanAfterEachTest;
    }

    /** For a class whose tests share one stack (started in {@code @BeforeAll}): removed after the class. */
    public static DockerEngine sharedByTheClass() {
        return new DockerEngine(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(),
                Running.class).engine;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (cleanAfterEachTest) {
            engine.removeAllButImages();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        engine.removeAllButImages();
    }

    /** {@code DOCKER_HOST} and {@code DOCKER_CONFIG} for any program that talks to this engine. */
    public Map<String, String> environment() {
        return engine.environment();
    }

    /** The {@code docker} program; give it {@link #environment()}. */
    public Path dockerProgram() {
        return engine.dockerProgram();
    }

    /**
     * A {@code docker} command for code that runs {@code docker} with its own environment (the
     * engine's {@code dockstart.docker}): a script in {@code directory} that sets this engine's
     * {@link #environment()} and runs the real client.
     */
    public Path dockerCommand(Path directory) {
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        environment().forEach((name, value) -> script.append("export ").append(name).append("='").append(value).append("'\n"));
        script.append("exec '").append(dockerProgram()).append("' \"$@\"\n");
        try {
            Path command = directory.resolve("docker");
            Files.writeString(command, script);
            Files.setPosixFilePermissions(command, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return command;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code docker ARGS...} against this engine. */
    public Exec docker(String... args) {
        return engine.docker(args);
    }

    /** {@code docker compose -f FILE ARGS...}. */
    public Exec compose(Path composeFile, String... args) {
        List<String> command = new ArrayList<>(List.of("compose", "-f", composeFile.toString()));
        command.addAll(List.of(args));
        return engine.docker(command);
    }

    /** The reference Dev Containers CLI ({@code devcontainer ARGS...}), as VS Code runs it. */
    public Exec devcontainer(String... args) {
        Path cli = TestCache.devcontainerCli();
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("The Dev Containers CLI is not installed at " + cli
                    + ": run ./run-tests.sh once (it runs npm install --prefix " + cli.getParent().getParent().getParent()
                    + " @devcontainers/cli)");
        }
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        // the CLI calls `docker` by name: this engine's client first on PATH
        String path = dockerProgram().getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Exec.of(command).env(environment()).env("PATH", path).timeout(java.time.Duration.ofMinutes(10));
    }

    /** The engine of the run and its images, closed by JUnit when the whole run ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Dockerd engine;

        private Running(Dockerd engine) {
            this.engine = engine;
        }

        static Running start() {
            requireComposePlugin();
            Dockerd engine = Dockerd.start();
            try {
                StandinImages.ensure(engine);
                return new Running(engine);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    private static void requireComposePlugin() {
        Path plugin = TestCache.dockerConfig().resolve("cli-plugins").resolve("docker-compose");
        if (!Files.isExecutable(plugin)) {
            throw new IllegalStateException("Compose v2 is not installed at " + plugin
                    + ": run ./run-tests.sh once (it takes the docker-compose and docker-buildx plugins from"
                    + " Debian 13's packages into that directory)");
        }
    }
}
