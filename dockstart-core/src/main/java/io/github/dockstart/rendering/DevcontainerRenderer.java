package io.github.dockstart.rendering;

import io.github.dockstart.model.ProjectModel;
import java.util.List;

/** Turns a detected project into the files of {@code .devcontainer/} and {@code backups/.gitkeep}. */
public final class DevcontainerRenderer {

    public List<GeneratedFile> render(ProjectModel model) {
        throw new UnsupportedOperationException("not yet");
    }
}
