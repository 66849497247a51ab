package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the programs the tests need on this machine. A missing program fails the test
 * with the Debian package that provides it; tests are never skipped for it.
 */
public final class Tools {

    private Tools() {
    }

    /** A program on PATH (or in /usr/sbin, /sbin), or a failure naming its Debian package. */
    public static Path require(String program, String debianPackage) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        dirs.add(Path.of("/usr/bin"));
        for (Path dir : dirs) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw missing(program, debianPackage);
    }

    /**
     * A PostgreSQL program from the newest /usr/lib/postgresql/N/bin (Debian keeps the server
     * programs there; /usr/bin only holds version-picking wrappers for the clients).
     */
    public static Path postgres(String program) {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions
                        .filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin").resolve(program))
                        .filter(Files::isExecutable)
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + root, e);
            }
        }
        String pkg = program.equals("initdb") || program.equals("pg_ctl") || program.equals("postgres")
                ? "postgresql" : "postgresql-client";
        return require(program, pkg);
    }

    public static IllegalStateException missing(String program, String debianPackage) {
        return new IllegalStateException(program + " is not installed: install Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")");
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
