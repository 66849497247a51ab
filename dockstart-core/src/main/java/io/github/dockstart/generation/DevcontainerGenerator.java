package io.github.dockstart.generation;

import io.github.dockstart.detection.EffectivePom;
import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.output.GeneratedFileWriter;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.output.WriteReport;
import io.github.dockstart.rendering.DevcontainerRenderer;
import io.github.dockstart.rendering.RenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code generate} as a whole: detect, render, write. A build that binds it runs it every time,
 * so when nothing it reads has changed since the last run (same input files, same options, same
 * dockstart build) and its output is still there as written, it stops after a cheap check,
 * without parsing configuration or rendering templates.
 */
public final class DevcontainerGenerator {

    /**
     * What a run did.
     *
     * @param model    the detected project, empty when the run found everything up to date
     * @param report   what was written
     * @param upToDate true when the inputs were unchanged and nothing was detected or rendered
     */
    public record Result(Optional<ProjectModel> model, WriteReport report, boolean upToDate) {
    }

    private final DockstartLog log;

    public DevcontainerGenerator(DockstartLog log) {
        this.log = log;
    }

    /**
     * @param toolBuild identifies the dockstart build (e.g. its jar's size and time), so that a
     *                  new version of the templates or scripts is never taken for up to date
     */
    public Result generate(Path projectDirectory, RenderOptions renderOptions, WriteOptions writeOptions, String toolBuild) {
        return generate(projectDirectory, List.of(), renderOptions, writeOptions, toolBuild);
    }

    /** @param effectivePoms the build tool's view of the reactor's poms (see {@link ProjectDetector#detect(Path, List)}) */
    public Result generate(Path projectDirectory, List<EffectivePom> effectivePoms, RenderOptions renderOptions,
            WriteOptions writeOptions, String toolBuild) {
        Path projectRoot = projectDirectory.toAbsolutePath().normalize();
        ProjectDetector detector = new ProjectDetector(log);
        GeneratedFileWriter writer = new GeneratedFileWriter(log);
        // the directory's name can be the Compose project name of the project's own file
        String stamp = inputStamp(projectRoot, detector.inputFiles(projectRoot, effectivePoms),
                renderOptions + "|" + toolBuild + "|" + projectRoot.getFileName());
        if (!writeOptions.force() && !writeOptions.dryRun()) {
            Optional<WriteReport> unchanged = writer.unchangedSince(projectRoot, stamp);
            if (unchanged.isPresent()) {
                log.debug("Nothing dockstart reads has changed since it last wrote .devcontainer/.");
                return new Result(Optional.empty(), unchanged.get(), true);
            }
        }
        ProjectModel model = detector.detect(projectRoot, effectivePoms);
        WriteReport report = writer.write(projectRoot, new DevcontainerRenderer().render(model, renderOptions), writeOptions, stamp);
        reportExistingCompose(model);
        return new Result(Optional.of(model), report, false);
    }

    /** How the generated stack relates to the project's own Compose file: one stack, and which ports it rebinds. */
    private void reportExistingCompose(ProjectModel model) {
        ProjectModel.ExistingCompose existing = model.existingCompose();
        if (existing == null) {
            return;
        }
        log.info(ProjectLayout.COMPOSE_FILE + " includes " + existing.file() + " as the same Compose project, "
                + model.composeProjectName() + (existing.nameSource() == null ? "" : " (" + existing.nameSource() + ")")
                + ": docker compose up at the project root and the dev stack start the same containers and volumes.");
        if (ProjectModel.ExistingCompose.NAMED_AFTER_DIRECTORY.equals(existing.nameSource())) {
            log.info(existing.file() + " has no name:, so its stack is named after the project's directory; add 'name: "
                    + model.composeProjectName() + "' to it, so that a copy of the project in another directory still means one stack.");
        }
        for (String port : DevcontainerRenderer.reboundPorts(model)) {
            log.info("Rebound to 127.0.0.1 in the dev stack (" + existing.file() + " publishes it on every interface): " + port);
        }
    }

    /** SHA-256 over the settings and each input file's path and content. */
    static String inputStamp(Path root, List<Path> inputs, String settings) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Path file : inputs) {
                digest.update(("\n" + root.relativize(file.toAbsolutePath().normalize()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
