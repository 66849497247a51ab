package io.github.dockstart.detection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the build tool knows of one reactor project after inheritance and interpolation, where
 * reading its {@code pom.xml} alone falls short: dependencies declared in a parent pom, a Java
 * release given as {@code ${release.version}} set in the parent. A front end (the Maven plugin)
 * passes these to {@link ProjectDetector#detect(Path, List)}; detection stays free of Maven types.
 *
 * @param directory       the project's directory
 * @param properties      its effective properties
 * @param compilerRelease maven-compiler-plugin {@code <release>} as configured, or {@code null}
 * @param compilerSource  maven-compiler-plugin {@code <source>} as configured, or {@code null}
 * @param dependencies    its effective direct dependencies
 */
public record EffectivePom(Path directory, Map<String, String> properties, String compilerRelease, String compilerSource,
                           List<Dependency> dependencies) {

    public EffectivePom {
        properties = Map.copyOf(properties);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * @param declaredIn the pom that declares it (a parent's for an inherited one), absolute; may be null
     * @param line       the line of its {@code <dependency>} element, 0 when unknown
     */
    public record Dependency(String groupId, String artifactId, String scope, Path declaredIn, int line) {
    }

    /** The poms this one's dependencies come from. */
    Set<Path> declaringFiles() {
        Set<Path> files = new LinkedHashSet<>();
        dependencies.stream().map(Dependency::declaredIn).filter(f -> f != null).forEach(files::add);
        return files;
    }

    /** The modules as read, each replaced by what its effective pom says, where there is one. */
    static List<MavenModule> apply(List<MavenModule> modules, List<EffectivePom> effectivePoms, Path root) {
        List<MavenModule> result = new ArrayList<>();
        for (MavenModule module : modules) {
            EffectivePom effective = effectivePoms.stream()
                    .filter(pom -> pom.directory().toAbsolutePath().normalize().equals(module.directory()))
                    .findFirst().orElse(null);
            result.add(effective == null ? module : new MavenModule(module.directory(), effective.over(module.pom(), root)));
        }
        return result;
    }

    private PomFile over(PomFile pom, Path root) {
        List<PomFile.Dependency> resolved = dependencies.stream()
                .map(d -> new PomFile.Dependency(d.groupId(), d.artifactId(), d.scope() == null ? "compile" : d.scope(),
                        d.declaredIn() == null ? pom.file() : RelativePaths.of(root, d.declaredIn()), d.line()))
                .toList();
        return new PomFile(pom.file(), pom.artifactId(), properties, pom.modules(), resolved,
                compilerRelease, compilerSource);
    }
}
