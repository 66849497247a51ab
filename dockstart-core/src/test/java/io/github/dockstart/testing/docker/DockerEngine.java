package io.github.dockstart.testing.docker;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Tools;
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
        return devcontainer(List.of(), args);
    }

    /**
     * The Dev Containers CLI run by a non-root host user, {@code developer} with UID and GID
     * {@code uid}, in the group that may use this engine's socket, with {@code home} as its home.
     * The CLI asks the system for its user's name; the user exists only for this command, in
     * copies of {@code /etc/passwd} and {@code /etc/group} bind-mounted in a mount namespace of its
     * own, so the machine's user database is never changed.
     */
    public Exec devcontainerAsUser(int uid, Path home, String... args) {
        try {
            Path passwd = Files.createTempFile("dockstart-passwd", "");
            Path group = Files.createTempFile("dockstart-group", "");
            Files.writeString(passwd, Files.readString(Path.of("/etc/passwd"))
                    + "developer:x:" + uid + ":" + uid + "::" + home + ":/bin/sh\n");
            Files.writeString(group, Files.readString(Path.of("/etc/group")) + "developer:x:" + uid + ":\n");
            for (Path file : List.of(passwd, group)) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            passwd.toFile().deleteOnExit();
            group.toFile().deleteOnExit();
            String dockerGroup = Exec.of("getent", "group", "docker").run().orFail().stdout().split(":")[2];
            // a Docker client configuration of the user's own (buildx writes into it), with the plugins
            Path dockerConfig = Files.createDirectories(home.resolve(".docker"));
            Path plugins = dockerConfig.resolve("cli-plugins");
            if (!Files.exists(plugins, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(plugins, TestCache.dockerConfig().resolve("cli-plugins"));
            }
            Exec.of("chown", "-R", "-h", uid + ":" + uid, dockerConfig.toString()).run().orFail();
            List<String> prefix = List.of(Tools.require("unshare", "util-linux").toString(), "--mount", "--",
                    "sh", "-c", "mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/group && shift 2 && exec \"$@\"",
                    "sh", passwd.toString(), group.toString(),
                    Tools.require("setpriv", "util-linux").toString(), "--reuid=" + uid, "--regid=" + uid,
                    "--groups=" + dockerGroup, "--");
            // its temporary files in its home too: the CLI keeps a folder per user name in the temporary directory
            Path temporary = Files.createDirectories(home.resolve("tmp"));
            Exec.of("chown", uid + ":" + uid, temporary.toString()).run().orFail();
            return devcontainer(prefix, args).env("HOME", home.toString()).env("USER", "developer")
                    .env("TMPDIR", temporary.toString()).env("DOCKER_CONFIG", dockerConfig.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Exec devcontainer(List<String> prefix, String... args) {
        Path cli = TestCache.devcontainerCli();
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("The Dev Containers CLI is not installed at " + cli
                    + ": run ./run-tests.sh once (it runs npm install --prefix " + cli.getParent().getParent().getParent()
                    + " @devcontainers/cli)");
        }
        // in the engine's network namespace, like the containers: the CLI's look-ups of outside hosts
        // (it asks containers.dev for a feature manifest) fail at once instead of leaving the machine
        List<String> command = new ArrayList<>(List.of(Tools.require("nsenter", "util-linux").toString(),
                "--net=" + engine.networkNamespace()));
        command.addAll(prefix);
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
