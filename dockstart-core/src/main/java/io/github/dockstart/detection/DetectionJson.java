package io.github.dockstart.detection;

import io.github.dockstart.model.ProjectModel;

/** The JSON form of a detected model, as documented for {@code -Ddockstart.output}. */
public final class DetectionJson {

    private DetectionJson() {
    }

    public static String toJson(ProjectModel model) {
        throw new UnsupportedOperationException("not yet");
    }
}
