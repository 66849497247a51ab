package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.RecordingLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Maven project written into a temporary directory, for detection tests. */
final class SampleProject {

    final Path root;
    final RecordingLog log = new RecordingLog();

    SampleProject(Path root) {
        this.root = root;
    }

    /** Writes {@code pom.xml} (or {@code dir/pom.xml}) with the given dependencies, {@code groupId:artifactId[:scope]}. */
    SampleProject modulePom(String directory, String artifactId, String extra, String... dependencies) {
        StringBuilder pom = new StringBuilder();
        pom.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>com.example</groupId>\n")
                .append("  <artifactId>").append(artifactId).append("</artifactId>\n")
                .append("  <version>1.0.0</version>\n");
        if (!extra.isEmpty()) {
            pom.append(extra.indent(2));
        }
        if (dependencies.length > 0) {
            pom.append("  <dependencies>\n");
            for (String dependency : dependencies) {
                String[] parts = dependency.split(":");
                pom.append("    <dependency>\n")
                        .append("      <groupId>").append(parts[0]).append("</groupId>\n")
                        .append("      <artifactId>").append(parts[1]).append("</artifactId>\n");
                if (parts.length > 2) {
                    pom.append("      <scope>").append(parts[2]).append("</scope>\n");
                }
                pom.append("    </dependency>\n");
            }
            pom.append("  </dependencies>\n");
        }
        pom.append("</project>\n");
        return file(directory.isEmpty() ? "pom.xml" : directory + "/pom.xml", pom.toString());
    }

    SampleProject pom(String artifactId, String... dependencies) {
        return modulePom("", artifactId, "", dependencies);
    }

    SampleProject file(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SampleProject resource(String name, String content) {
        return file("src/main/resources/" + name, content);
    }

    ProjectModel detect() {
        return new ProjectDetector(log).detect(root);
    }

    /** 1-based line of the first line of {@code path} containing {@code text}. */
    int lineOf(String path, String text) {
        try {
            List<String> lines = Files.readAllLines(root.resolve(path));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(text + " not in " + path);
    }

    /** Evidence text of a dependency: the line of its {@code <dependency>} element. */
    String dependencyEvidence(String pomPath, String coordinates) {
        String artifactId = coordinates.split(":")[1];
        return pomPath + ":" + (lineOf(pomPath, "<artifactId>" + artifactId + "</artifactId>") - 2) + " " + coordinates;
    }

    String evidence(String path, String text, String detail) {
        return path + ":" + lineOf(path, text) + " " + detail;
    }

    static DatabaseService service(ProjectModel model, String name) {
        return model.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name + " in " + model.services()));
    }

    static List<String> evidence(DatabaseService service) {
        return service.evidence().stream().map(Object::toString).toList();
    }
}
