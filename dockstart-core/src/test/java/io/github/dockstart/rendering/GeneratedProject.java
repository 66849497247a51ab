package io.github.dockstart.rendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Generated files written into a directory, as GeneratedFileWriter would, for the real validators. */
final class GeneratedProject {

    private GeneratedProject() {
    }

    static Path write(Path root, List<GeneratedFile> files) {
        try {
            for (GeneratedFile file : files) {
                Path target = root.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.content());
                if (file.executable()) {
                    target.toFile().setExecutable(true, false);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GeneratedFile file(List<GeneratedFile> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("not generated: " + path + " among "
                        + files.stream().map(GeneratedFile::path).toList()));
    }
}
