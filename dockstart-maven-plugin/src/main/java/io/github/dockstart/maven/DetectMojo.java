package io.github.dockstart.maven;

import io.github.dockstart.detection.DetectionJson;
import io.github.dockstart.detection.ModelReport;
import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.settings.PropertyNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints what dockstart detects in the project: the Java version and every database with its
 * type, image, connection settings and the evidence (file and line) behind it. Writes nothing,
 * except the JSON file asked for with {@code -Ddockstart.output}.
 */
@Mojo(name = "detect", requiresProject = true, threadSafe = true)
public class DetectMojo extends AbstractDockstartMojo {

    /**
     * Also write the detected model as JSON to this file (relative to the project's directory).
     * Set with {@code -Ddockstart.output=FILE}.
     */
    @Parameter(property = PropertyNames.OUTPUT)
    File output;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws MojoExecutionException {
        // the report below says everything detection would log on its way, once and in order
        ProjectModel model = new ProjectDetector(MavenDockstartLog.debugOnly(log)).detect(projectRoot, effectivePoms());
        ModelReport.lines(model).forEach(log::info);
        if (output != null) {
            writeJson(model, output.toPath());
            log.info("Wrote the model as JSON to " + output);
        }
    }

    private static void writeJson(ProjectModel model, Path file) throws MojoExecutionException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, DetectionJson.toJson(model), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("Could not write " + file + " (" + PropertyNames.OUTPUT + "): " + e, e);
        }
    }
}
