package io.github.dockstart.detection;

import io.github.dockstart.model.JavaVersions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java feature version the project compiles for: per module the compiler's {@code release}
 * (plugin configuration, else {@code maven.compiler.release}), else its {@code source}, else
 * Spring Boot's {@code java.version}; the highest over the reactor, since one dev image builds
 * every module. {@code 1.8} counts as {@code 8}. Without any, {@value #DEFAULT}.
 */
final class JavaVersionResolver {

    static final String DEFAULT = "17";

    private JavaVersionResolver() {
    }

    static String resolve(List<MavenModule> modules) {
        Map<String, String> rootProperties = modules.isEmpty() ? Map.of() : modules.get(0).pom().properties();
        int highest = -1;
        for (MavenModule module : modules) {
            PomFile pom = module.pom();
            Map<String, String> properties = new HashMap<>(rootProperties);
            properties.putAll(pom.properties());
            Optional<Integer> version = firstVersion(properties,
                    pom.compilerRelease(), properties.get("maven.compiler.release"),
                    pom.compilerSource(), properties.get("maven.compiler.source"),
                    properties.get("java.version"));
            if (version.isPresent() && version.get() > highest) {
                highest = version.get();
            }
        }
        return highest < 0 ? DEFAULT : Integer.toString(highest);
    }

    private static Optional<Integer> firstVersion(Map<String, String> properties, String... candidates) {
        for (String candidate : candidates) {
            Optional<Integer> version = JavaVersions.featureVersion(Placeholders.resolveConfig(candidate, properties::get));
            if (version.isPresent()) {
                return version;
            }
        }
        return Optional.empty();
    }
}
