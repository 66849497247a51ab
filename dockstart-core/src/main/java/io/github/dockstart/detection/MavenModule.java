package io.github.dockstart.detection;

import java.nio.file.Path;

/**
 * One module of the reactor.
 *
 * @param directory the module's directory
 * @param pom       its pom as read
 */
record MavenModule(Path directory, PomFile pom) {
}
