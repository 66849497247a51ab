package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with a timeout and captures its output. */
public final class Exec {

    private final List<String> command;
    private final Map<String, String> environment = new HashMap<>();
    private boolean inheritEnvironment = true;
    private Path directory;
    private String stdin;
    private Duration timeout = Duration.ofMinutes(2);

    private Exec(List<String> command) {
        this.command = command;
    }

    public static Exec of(String... command) {
        return new Exec(new ArrayList<>(List.of(command)));
    }

    public static Exec of(List<String> command) {
        return new Exec(new ArrayList<>(command));
    }

    /** Runs the command as another user when this JVM is root (e.g. PostgreSQL refuses root). */
    public static Exec asUser(String user, String... command) {
        List<String> full = new ArrayList<>();
        if (Tools.runningAsRoot() && user != null) {
            full.add(Tools.require("setpriv", "util-linux").toString());
            full.add("--reuid=" + user);
            full.add("--regid=" + user);
            full.add("--init-groups");
        }
        full.addAll(List.of(command));
        return new Exec(full);
    }

    public Exec env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Exec env(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    /** Starts from an empty environment instead of this JVM's. */
    public Exec cleanEnvironment() {
        inheritEnvironment = false;
        return this;
    }

    public Exec directory(Path dir) {
        this.directory = dir;
        return this;
    }

    public Exec stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Exec timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    public ProcessBuilder builder() {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (!inheritEnvironment) {
            pb.environment().clear();
        }
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        return pb;
    }

    public Result run() {
        Process process;
        try {
            process = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        return finish(process);
    }

    /** Waits for a started process (see {@link #builder()}), feeding stdin and collecting output. */
    public Result finish(Process process) {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the program may exit without reading its input
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + timeout + ": " + command
                        + "\nstdout: " + out.getNow("") + "\nstderr: " + err.getNow(""));
            }
            return new Result(command, process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted: " + command, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot collect the output of " + command, e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The outcome of a finished program. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public Result orFail() {
            if (exitCode != 0) {
                throw new IllegalStateException("failed with exit code " + exitCode + ": " + String.join(" ", command)
                        + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }

        /** stdout and stderr together, for assertions on what a user would see. */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " of " + String.join(" ", command) + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
