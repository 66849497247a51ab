package io.github.dockstart.testing.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of running a command to completion, with its output captured.
 *
 * @param exitCode the exit code, or -1 when it was killed for running too long
 */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Runs {@code command} in {@code directory} with extra environment variables, at most {@code timeoutSeconds}. */
    public static ProcessResult run(List<String> command, Path directory, Map<String, String> environment,
            long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("dockstart-out", ".txt");
            Path err = Files.createTempFile("dockstart-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                builder.environment().putAll(environment);
                Process process = builder.start();
                int exitCode;
                if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    exitCode = process.exitValue();
                } else {
                    process.destroyForcibly().waitFor();
                    exitCode = -1;
                }
                return new ProcessResult(List.copyOf(command), exitCode,
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    public static ProcessResult run(List<String> command, Path directory) {
        return run(command, directory, Map.of(), 120);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Everything the command printed, for assertion messages. */
    public String describe() {
        return String.join(" ", command) + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
