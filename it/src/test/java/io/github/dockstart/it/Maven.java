package io.github.dockstart.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Maven (the project's wrapper) running a dockstart goal in a sample project, with the
 * plugin from the repository that {@code invoker:install} filled for this build.
 */
final class Maven {

    static final Path ROOT = Path.of(System.getProperty("dockstart.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("dockstart.version", "0.1.0-SNAPSHOT");

    /** A finished build: its exit code and its whole log. */
    record Build(int exitCode, String log) {
        Build succeeded() {
            assertThat(exitCode).as("Maven build failed:\n" + log).isZero();
            return this;
        }
    }

    private final Path settings;
    private final Path outerRepository;

    private Maven(Path settings, Path outerRepository) {
        this.settings = settings;
        this.outerRepository = outerRepository;
    }

    /** The invoker's settings, routing to the repository the build just installed the plugin into. */
    static Maven forIntegrationTests() throws IOException {
        Path outerRepository = Path.of(System.getProperty("dockstart.outerRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        String text = Files.readString(ROOT.resolve("it/src/it/settings.xml"))
                .replace("@localRepositoryUrl@", outerRepository.toUri().toString());
        Path settings = Files.createTempFile("dockstart-it-settings", ".xml");
        Files.writeString(settings, text);
        settings.toFile().deleteOnExit();
        return new Maven(settings, outerRepository);
    }

    /**
     * {@code mvnw -B ARGS} in {@code project} as a developer builds it on the host: Maven Central
     * reachable, the usual local repository (the build's own), so that later runs download nothing.
     */
    Build build(Path project, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B",
                "-Dmaven.repo.local=" + outerRepository));
        command.addAll(List.of(args));
        return run(project, command, Map.of(), 10);
    }

    /** {@code mvnw -B io.github.dockstart:dockstart-maven-plugin:VERSION:GOAL PROPERTIES} in {@code project}. */
    Build run(Path project, Map<String, String> environment, String goal, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + ROOT.resolve("it/target/local-repo"),
                "io.github.dockstart:dockstart-maven-plugin:" + VERSION + ":" + goal));
        command.addAll(List.of(properties));
        return run(project, command, environment, 5);
    }

    private static Build run(Path project, List<String> command, Map<String, String> environment, int minutes)
            throws Exception {
        Path log = Files.createTempFile("dockstart-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Maven did not finish in " + minutes + " minutes: " + command);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Build(process.exitValue(), text);
    }
}
