package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the root pom and, following {@code <modules>} (also those of profiles) recursively, every
 * module of the reactor, root first.
 */
final class ReactorReader {

    private final DockstartLog log;
    private final PomReader pomReader = new PomReader();

    ReactorReader(DockstartLog log) {
        this.log = log;
    }

    List<MavenModule> read(Path root) {
        Path rootPom = root.resolve("pom.xml");
        if (!Files.isRegularFile(rootPom)) {
            throw new InvalidInputException("No pom.xml in " + root + ": dockstart needs the root directory of a Maven project.");
        }
        List<MavenModule> modules = new ArrayList<>();
        visit(root, rootPom, modules, new HashSet<>());
        return modules;
    }

    private void visit(Path root, Path pom, List<MavenModule> modules, Set<Path> seen) {
        Path normalized = pom.toAbsolutePath().normalize();
        if (!seen.add(normalized)) {
            return;
        }
        String relative = RelativePaths.of(root, pom);
        PomFile file = pomReader.read(pom, relative);
        log.debug("Read " + relative + " (" + file.dependencies().size() + " dependencies, "
                + file.modules().size() + " modules)");
        Path directory = normalized.getParent();
        modules.add(new MavenModule(directory, file));
        for (String module : file.modules()) {
            Path target = directory.resolve(module).normalize();
            Path modulePom = Files.isDirectory(target) ? target.resolve("pom.xml") : target;
            if (Files.isRegularFile(modulePom)) {
                visit(root, modulePom, modules, seen);
            } else {
                log.warn(relative + " lists module '" + module + "', but " + RelativePaths.of(root, modulePom)
                        + " does not exist; skipping it.");
            }
        }
    }
}
