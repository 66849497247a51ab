package io.github.dockstart.output;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.rendering.GeneratedFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes generated files into a project: only what changed, never over a file edited by hand
 * (unless forced), or only prints a unified diff in a dry run. Also keeps {@code backups/} in
 * {@code .gitignore}.
 */
public final class GeneratedFileWriter {

    private final DockstartLog log;

    public GeneratedFileWriter(DockstartLog log) {
        this.log = log;
    }

    public WriteReport write(Path projectRoot, List<GeneratedFile> files, WriteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }
}
