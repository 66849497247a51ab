package io.github.dockstart.sidecar.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs functions of s3.sh the way the Alpine sidecar does, after lib.sh and retention.sh: {@code busybox sh} with a PATH of the
 * BusyBox applets first, then a directory holding Debian's real {@code curl} (BusyBox has none).
 */
final class S3Shell {

    private static final String SCRIPTS = "/io/github/dockstart/rendering/scripts/";

    private final Path busybox;
    private final Path applets;
    private final Path clients;
    private final Path script;
    private final Path lib;
    private final Path retention;
    private final Path realCurl;

    private S3Shell(Path root) {
        this.busybox = require("busybox", "busybox");
        this.realCurl = require("curl", "curl");
        this.applets = root.resolve("applets");
        this.clients = root.resolve("clients");
        this.script = root.resolve("s3.sh");
        this.lib = root.resolve("lib.sh");
        this.retention = root.resolve("retention.sh");
    }

    static S3Shell create(Path root) {
        S3Shell shell = new S3Shell(root);
        try {
            Files.createDirectories(shell.applets);
            Files.createDirectories(shell.clients);
            Process list = new ProcessBuilder(shell.busybox.toString(), "--list").start();
            String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            list.waitFor(30, TimeUnit.SECONDS);
            for (String applet : applets.split("\n")) {
                if (!applet.isBlank() && !applet.contains("/")) {
                    Files.createSymbolicLink(shell.applets.resolve(applet.trim()), shell.busybox);
                }
            }
            Files.createSymbolicLink(shell.clients.resolve("curl"), shell.realCurl);
            for (Path copy : List.of(shell.lib, shell.retention, shell.script)) {
                try (InputStream in = S3Shell.class.getResourceAsStream(SCRIPTS + copy.getFileName())) {
                    if (in == null) {
                        throw new IllegalStateException(SCRIPTS + copy.getFileName() + " is not on the classpath");
                    }
                    Files.copy(in, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the BusyBox shell in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return shell;
    }

    /** Replaces curl by a BusyBox sh script; {@code $REAL} in its body is Debian's curl. */
    void wrapCurl(String body) {
        Path target = clients.resolve("curl");
        try {
            Files.delete(target);
            Files.writeString(target, "#!" + busybox + " sh\nREAL='" + realCurl + "'\n" + body + "\n");
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sources lib.sh, retention.sh and s3.sh (as backup.sh does) under {@code set -eu -o pipefail} and runs {@code commands} in a clean environment. */
    Result run(Map<String, String> env, String commands) {
        Map<String, String> full = new LinkedHashMap<>();
        full.put("PATH", applets + ":" + clients);
        full.put("HOME", script.getParent().toString());
        full.put("TZ", "UTC");
        full.putAll(env);
        List<String> command = new ArrayList<>(List.of(busybox.toString(), "sh", "-c",
                "set -eu\nset -o pipefail\n. '" + lib + "'\n. '" + retention + "'\n. '" + script + "'\n" + commands));
        ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile());
        builder.environment().clear();
        builder.environment().putAll(full);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("s3.sh did not finish within 2 minutes: " + commands);
            }
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run s3.sh: " + commands, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path require(String program, String debianPackage) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(program + " is not installed: install Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")");
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
