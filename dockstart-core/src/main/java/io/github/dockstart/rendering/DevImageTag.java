package io.github.dockstart.rendering;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.JavaVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The app image of the dev container, {@code maven:3.9-eclipse-temurin-N}: only tags that exist.
 * Docker Hub publishes it for some JDKs only (8, 11, 17, 21, ...; the list and its source are in
 * {@code maven-image-jdks.txt}); a project's Java release gets the nearest published JDK at or
 * above it, which compiles for that release.
 */
final class DevImageTag {

    static final String PREFIX = "maven:3.9-eclipse-temurin-";
    /** Blank or unreadable Java versions build with this one. */
    static final int DEFAULT_JAVA = 17;
    static final List<Integer> PUBLISHED_JDKS = readPublishedJdks();

    private DevImageTag() {
    }

    /** The JDK of the image for the project's Java version ({@code 1.8}, {@code 17}, {@code 21.0.2}, ...). */
    static int jdkFor(String javaVersion) {
        int release = JavaVersions.featureVersion(javaVersion).orElse(DEFAULT_JAVA);
        return PUBLISHED_JDKS.stream().filter(jdk -> jdk >= release).findFirst()
                .orElseThrow(() -> new InvalidInputException("Java " + javaVersion + " is newer than every JDK of the"
                        + " official maven image (" + PREFIX + PUBLISHED_JDKS.get(PUBLISHED_JDKS.size() - 1)
                        + " is the newest dockstart knows); set maven.compiler.release to "
                        + PUBLISHED_JDKS.get(PUBLISHED_JDKS.size() - 1) + " or older, or update dockstart."));
    }

    private static List<Integer> readPublishedJdks() {
        try (InputStream in = DevImageTag.class.getResourceAsStream("maven-image-jdks.txt")) {
            if (in == null) {
                throw new IllegalStateException("maven-image-jdks.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                    .map(Integer::parseInt).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read maven-image-jdks.txt", e);
        }
    }
}
