package io.github.dockstart.testing.validation;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command-line tool a test needs. A missing tool fails the test (never skips it) with the Debian
 * package to install.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** The executable {@code command} on {@code PATH}, or a test failure naming {@code debianPackage}. */
    public static Path find(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"}) {
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(command + " is not installed: install Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")");
    }
}
