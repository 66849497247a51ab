package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;

/**
 * Finds the databases a Maven project uses: pom dependencies of every reactor module, Spring
 * Boot / Quarkus / Micronaut configuration, an existing Compose file and {@code .env}.
 */
public final class ProjectDetector {

    private final DockstartLog log;

    public ProjectDetector(DockstartLog log) {
        this.log = log;
    }

    /**
     * @param projectRoot directory holding the top {@code pom.xml}
     * @throws io.github.dockstart.model.InvalidInputException when a file is malformed, naming file and line
     */
    public ProjectModel detect(Path projectRoot) {
        throw new UnsupportedOperationException("not yet");
    }
}
