package io.github.dockstart.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.output.GeneratedFileWriter;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.rendering.DevcontainerRenderer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the invoker scripts ({@code setup.groovy}, {@code verify.groovy}) read from a sample
 * project after its build: the generated Compose file as data, a service's environment, the
 * build log. Assertions stay in the scripts.
 */
public final class SampleProject {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public SampleProject(File basedir) {
        this.dir = basedir.toPath();
    }

    public File file(String relativePath) {
        return dir.resolve(relativePath).toFile();
    }

    public String text(String relativePath) {
        try {
            return Files.readString(dir.resolve(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String buildLog() {
        return text("build.log");
    }

    /** The generated {@code .devcontainer/docker-compose.yml} as maps and lists. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> compose() {
        return yaml(".devcontainer/docker-compose.yml");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> yaml(String relativePath) {
        try {
            return YAML.readValue(dir.resolve(relativePath).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> json(String relativePath) {
        try {
            return JSON.readValue(dir.resolve(relativePath).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Compose service by name, or {@code null}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        return services == null ? null : (Map<String, Object>) services.get(name);
    }

    /** A service's environment as a map, whether Compose wrote it as a map or as {@code KEY=value} items. */
    @SuppressWarnings("unchecked")
    public Map<String, String> environment(String serviceName) {
        Map<String, Object> service = service(serviceName);
        Object environment = service == null ? null : service.get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> result.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        } else if (environment instanceof List<?> items) {
            for (Object item : items) {
                String text = String.valueOf(item);
                int equals = text.indexOf('=');
                result.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? null : text.substring(equals + 1));
            }
        }
        return result;
    }

    /** A service's published ports as text, e.g. {@code 127.0.0.1:5432:5432}. */
    @SuppressWarnings("unchecked")
    public List<String> ports(String serviceName) {
        Map<String, Object> service = service(serviceName);
        Object ports = service == null ? null : service.get("ports");
        return ports instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The 1-based number of the first line of a file that contains {@code text}, or 0. */
    public int lineOf(String relativePath, String text) {
        List<String> lines = text(relativePath).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The 1-based line of the {@code <dependency>} element that declares {@code artifactId} in a pom, or 0. */
    public int dependencyLine(String pomPath, String artifactId) {
        List<String> lines = text(pomPath).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("<artifactId>" + artifactId + "</artifactId>")) {
                for (int j = i; j >= 0; j--) {
                    if (lines.get(j).contains("<dependency>")) {
                        return j + 1;
                    }
                }
            }
        }
        return 0;
    }

    /** Every file under the project, relative, with {@code /}, except Maven's own output. */
    public List<String> files() {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(p -> !p.equals("build.log") && !p.startsWith("target/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the devcontainer the way {@code dockstart:generate} does (detect, render, write),
     * so that a script can prepare "dockstart wrote this before" and then change a file by hand.
     */
    public void generateWithCore() {
        Path root = dir.toAbsolutePath();
        new GeneratedFileWriter(DockstartLog.SILENT).write(root,
                new DevcontainerRenderer().render(new ProjectDetector(DockstartLog.SILENT).detect(root)),
                new WriteOptions(false, false));
    }
}
