package io.github.dockstart.maven;

import io.github.dockstart.detection.EffectivePom;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.InputLocation;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Maven's effective model of each reactor project, as the core's {@link EffectivePom}: what
 * detection cannot see in a module's pom alone (dependencies and properties inherited from a
 * parent pom, interpolated values), with the pom and line each dependency is declared at.
 */
final class MavenEffectivePoms {

    private static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";

    private MavenEffectivePoms() {
    }

    static List<EffectivePom> of(List<MavenProject> projects) {
        return projects.stream().filter(p -> p.getBasedir() != null).map(MavenEffectivePoms::of).toList();
    }

    static EffectivePom of(MavenProject project) {
        Map<String, String> properties = new TreeMap<>();
        Properties effective = project.getProperties();
        effective.stringPropertyNames().forEach(name -> properties.put(name, effective.getProperty(name)));
        Xpp3Dom compiler = compilerConfiguration(project);
        return new EffectivePom(project.getBasedir().toPath(), properties, child(compiler, "release"), child(compiler, "source"),
                project.getDependencies().stream().map(MavenEffectivePoms::dependency).toList());
    }

    private static EffectivePom.Dependency dependency(Dependency dependency) {
        InputLocation location = dependency.getLocation("");
        Path declaredIn = location == null || location.getSource() == null || location.getSource().getLocation() == null
                ? null : Path.of(location.getSource().getLocation());
        int line = location == null ? 0 : Math.max(location.getLineNumber(), 0);
        return new EffectivePom.Dependency(dependency.getGroupId(), dependency.getArtifactId(), dependency.getScope(),
                declaredIn, line);
    }

    private static Xpp3Dom compilerConfiguration(MavenProject project) {
        Plugin plugin = project.getBuild() == null ? null : project.getBuild().getPluginsAsMap().get(COMPILER_PLUGIN);
        return plugin != null && plugin.getConfiguration() instanceof Xpp3Dom configuration ? configuration : null;
    }

    private static String child(Xpp3Dom configuration, String name) {
        Xpp3Dom child = configuration == null ? null : configuration.getChild(name);
        return child == null ? null : child.getValue();
    }
}
