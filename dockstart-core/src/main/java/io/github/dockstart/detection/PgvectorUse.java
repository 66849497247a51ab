package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.PostgresMajor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether the project uses pgvector, the PostgreSQL extension for vectors: the Java client
 * {@code com.pgvector:pgvector} in a pom (outside the test scope), or {@code CREATE EXTENSION
 * vector} in the SQL of its resources (schema files, Flyway and Liquibase migrations). Such a
 * project's PostgreSQL runs {@code pgvector/pgvector:pgMAJOR}, the official image of the same
 * major with the extension installed, since the plain image lacks it and the app's first
 * migration would fail.
 */
final class PgvectorUse {

    static final String DEPENDENCY = "com.pgvector:pgvector";
    static final String IMAGE_PREFIX = "pgvector/pgvector:pg";
    /** The majors pgvector publishes an image for (pgvector-images.txt, with its source). */
    static final TreeSet<Integer> PUBLISHED_MAJORS = readPublishedMajors();

    private static final Pattern CREATE_EXTENSION = Pattern.compile(
            "(?i)\\bcreate\\s+extension\\s+(?:if\\s+not\\s+exists\\s+)?(?:\"vector\"|vector)(?![\\w\"])");
    /** Files under src/main/resources that may hold SQL: SQL itself, Liquibase's XML and YAML changelogs. */
    private static final Pattern SQL_FILE = Pattern.compile("(?i).+\\.(sql|xml|ya?ml)");
    /** A migration is text of modest size; anything larger is data, not schema. */
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Path root;
    private final DockstartLog log;

    PgvectorUse(Path root, DockstartLog log) {
        this.root = root;
        this.log = log;
    }

    /** Where the project shows that it uses pgvector, in module order; empty when it does not. */
    List<Evidence> find(List<MavenModule> modules) {
        List<Evidence> evidence = new ArrayList<>();
        for (MavenModule module : modules) {
            for (PomFile.Dependency dependency : module.pom().dependencies()) {
                if (dependency.coordinates().equals(DEPENDENCY) && !dependency.scope().equals("test")) {
                    evidence.add(new Evidence(dependency.file(), dependency.line(), DEPENDENCY));
                }
            }
            for (Path file : sqlFiles(module.directory())) {
                String relative = RelativePaths.of(root, file);
                List<String> lines = TextFiles.read(file, relative).lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    if (CREATE_EXTENSION.matcher(lines.get(i)).find()) {
                        evidence.add(new Evidence(relative, i + 1, "CREATE EXTENSION vector"));
                        break;
                    }
                }
            }
        }
        return evidence;
    }

    /** The files {@link #find} reads (for telling whether anything changed since the last run). */
    List<Path> sqlFiles(Path moduleDirectory) {
        Path resources = moduleDirectory.resolve("src/main/resources");
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(resources)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> SQL_FILE.matcher(f.getFileName().toString()).matches())
                    .filter(f -> size(f) <= MAX_FILE_BYTES)
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(RelativePaths.of(root, resources) + ": cannot be listed: " + e.getMessage() + ".", e);
        }
    }

    /**
     * The services with pgvector's image for each PostgreSQL database of the project, the evidence
     * added to theirs. A service of the project's own Compose file is kept as written; it and a
     * major pgvector has no image for get a note instead.
     */
    List<DatabaseService> apply(List<DatabaseService> services, List<Evidence> evidence, List<String> notes) {
        if (evidence.isEmpty()) {
            return services;
        }
        String where = evidence.stream().map(Evidence::toString).collect(Collectors.joining(", "));
        List<DatabaseService> result = new ArrayList<>();
        for (DatabaseService db : services) {
            if (db.type() != DatabaseType.POSTGRES || hasVector(db.image())) {
                result.add(db);
                continue;
            }
            OptionalInt major = PostgresMajor.of(db);
            // an image that names no major (postgres:latest) runs the newest
            int wanted = major.orElse(PUBLISHED_MAJORS.last());
            if (db.fromExistingCompose()) {
                notes.add("The project uses pgvector (" + where + "), but service " + db.name()
                        + " of its Compose file runs " + db.image() + ", which has no vector extension; use "
                        + IMAGE_PREFIX + wanted + " there.");
                result.add(db);
            } else if (!PUBLISHED_MAJORS.contains(wanted)) {
                notes.add("The project uses pgvector (" + where + "), but pgvector publishes no image for PostgreSQL "
                        + wanted + " (service " + db.name() + ", " + db.image() + "; it has " + PUBLISHED_MAJORS
                        + "); service " + db.name() + " keeps " + db.image() + ", without the vector extension.");
                result.add(db);
            } else {
                String image = IMAGE_PREFIX + wanted;
                log.debug("Service " + db.name() + " runs " + image + " (pgvector): " + where);
                List<Evidence> all = new ArrayList<>(db.evidence());
                all.addAll(evidence);
                result.add(new DatabaseService(db.name(), db.type(), image, db.host(), db.port(), db.database(),
                        db.user(), db.password(), db.path(), db.fromExistingCompose(), all, db.appSettings()));
            }
        }
        return result;
    }

    /** pgvector's own image, or another that says it carries the extension (e.g. ankane/pgvector). */
    static boolean hasVector(String image) {
        return image != null && image.toLowerCase(Locale.ROOT).contains("vector");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static TreeSet<Integer> readPublishedMajors() {
        try (InputStream in = PgvectorUse.class.getResourceAsStream("pgvector-images.txt")) {
            if (in == null) {
                throw new IllegalStateException("pgvector-images.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").trim()).filter(line -> !line.isEmpty())
                    .map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pgvector-images.txt", e);
        }
    }
}
