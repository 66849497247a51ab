package io.github.dockstart.detection;

import java.nio.file.Path;

/** Paths as evidence shows them: relative to the project root, with '/' on every system. */
final class RelativePaths {

    private RelativePaths() {
    }

    static String of(Path root, Path file) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        Path absoluteFile = file.toAbsolutePath().normalize();
        Path relative = absoluteFile.startsWith(absoluteRoot) ? absoluteRoot.relativize(absoluteFile) : absoluteFile;
        return relative.toString().replace('\\', '/');
    }
}
