package io.github.dockstart.detection;

import java.util.List;
import java.util.Map;

/**
 * What detection needs from one {@code pom.xml}.
 *
 * @param file            path relative to the project root
 * @param artifactId      the project's own artifactId, or {@code null}
 * @param properties      {@code <properties>} as written
 * @param modules         {@code <modules>} of the build and of its profiles, in file order
 * @param dependencies    direct dependencies of the build and of its profiles
 * @param compilerRelease maven-compiler-plugin {@code <release>}, or {@code null}
 * @param compilerSource  maven-compiler-plugin {@code <source>}, or {@code null}
 */
record PomFile(
        String file,
        String artifactId,
        Map<String, String> properties,
        List<String> modules,
        List<Dependency> dependencies,
        String compilerRelease,
        String compilerSource) {

    /**
     * A dependency with where it is declared: the pom (relative to the project root) and the line
     * of its {@code <dependency>} element; a parent pom's, for one a module inherits.
     */
    record Dependency(String groupId, String artifactId, String scope, String file, int line) {

        String coordinates() {
            return groupId + ":" + artifactId;
        }
    }
}
