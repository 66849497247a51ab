package io.github.dockstart.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything detection learnt about a project, the input of rendering.
 *
 * @param root             the project's root directory (where the top pom lies)
 * @param name             the project's name, from the root pom's artifactId
 * @param javaVersion      the Java feature version, e.g. {@code 17}
 * @param services         the databases, in a stable order
 * @param existingCompose  the project's own Compose file, or {@code null}
 * @param notes            disagreements between sources and other remarks for the user
 * @param springBootDockerCompose whether the application has {@code spring-boot-docker-compose} on its
 *                         runtime classpath, which would start a Compose stack of its own
 */
public record ProjectModel(
        Path root,
        String name,
        String javaVersion,
        List<DatabaseService> services,
        ExistingCompose existingCompose,
        List<String> notes,
        boolean springBootDockerCompose) {

    public ProjectModel {
        services = List.copyOf(services);
        notes = List.copyOf(notes);
    }

    /** A project without Spring Boot's Docker Compose support. */
    public ProjectModel(Path root, String name, String javaVersion, List<DatabaseService> services,
            ExistingCompose existingCompose, List<String> notes) {
        this(root, name, javaVersion, services, existingCompose, notes, false);
    }

    public boolean hasDatabases() {
        return !services.isEmpty();
    }

    /**
     * The Compose project name of the generated stack (its top-level {@code name:}), so that
     * {@code docker compose -f}, the Dev Containers CLI and the goals all mean one stack, and two
     * projects never share containers or volumes: the name in Compose's alphabet (lower-case
     * letters, digits, {@code -}, {@code _}, starting with a letter or digit). A project with its
     * own Compose file gets the name that file's stack has, so that both files mean one stack.
     */
    public String composeProjectName() {
        if (existingCompose != null && existingCompose.projectName() != null) {
            return existingCompose.projectName();
        }
        String text = name == null ? "" : name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("^[^a-z0-9]+", "");
        return text.isEmpty() ? "project" : text;
    }

    /**
     * A Compose file the project already had.
     *
     * @param file        path relative to the project root
     * @param document    the parsed YAML, kept as data: the generated stack includes the file and
     *                    depends on its services
     * @param projectName the Compose project name its stack gets when started from the project root
     *                    (its {@code name:}, else {@code COMPOSE_PROJECT_NAME} of {@code .env}, else
     *                    the directory's name as Compose normalises it), or {@code null} if unknown
     * @param nameSource  where that name comes from, in words, for the user
     */
    public record ExistingCompose(String file, Map<String, Object> document, String projectName, String nameSource) {

        /** The {@code nameSource} of a file without {@code name:}: its stack's name changes with the directory's. */
        public static final String NAMED_AFTER_DIRECTORY = "the project directory's name";

        /** A file whose stack's name is not known: the generated stack takes the project's. */
        public ExistingCompose(String file, Map<String, Object> document) {
            this(file, document, null, null);
        }

        /** The file only: the document holds the project's own passwords. */
        @Override
        public String toString() {
            return "ExistingCompose[file=" + file + "]";
        }
    }
}
