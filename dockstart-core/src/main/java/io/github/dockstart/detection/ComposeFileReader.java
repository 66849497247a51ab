package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.InvalidFileException;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the project's own Compose file ({@code compose.yaml}, {@code compose.yml},
 * {@code docker-compose.yaml} or {@code docker-compose.yml}, the first found, as Compose does):
 * the whole document, kept for rendering, the name its stack gets, and a clue for each service
 * whose image is PostgreSQL, MySQL, MariaDB or Redis, with the credentials of its
 * {@code POSTGRES_*} / {@code MYSQL_*} / {@code MARIADB_*} environment and the container side of
 * its first port.
 *
 * <p>Compose files in the usual folders ({@code docker/}, {@code src/main/docker/}, where JHipster
 * puts {@code postgresql.yml} and the like) are read the same way, as evidence only: their clues
 * tell image versions and settings of databases other sources found, and nothing of them is run.
 */
final class ComposeFileReader {

    static final List<String> FILE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    /** Folders, relative to the project root or a module, whose Compose files are evidence. */
    static final List<String> EVIDENCE_FOLDERS = List.of("docker", "src/main/docker");

    /** The document and the database services found in it. */
    record Result(ProjectModel.ExistingCompose compose, List<DatabaseClue> clues) {
    }

    private final Path root;
    private final DockstartLog log;

    ComposeFileReader(Path root, DockstartLog log) {
        this.root = root;
        this.log = log;
    }

    /** @param dotEnv the project's {@code .env} variables, which Compose interpolates */
    Optional<Result> read(Map<String, String> dotEnv) {
        Optional<String> found = FILE_NAMES.stream().filter(name -> Files.isRegularFile(root.resolve(name))).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String file = found.get();
        String content = TextFiles.read(root.resolve(file), file);
        YamlFileReader yaml = new YamlFileReader(file);
        Map<String, Object> document = yaml.readTree(content);
        List<DatabaseClue> clues = clues(file, content, yaml, document, dotEnv, false);
        log.debug("Read " + file + " (" + clues.size() + " database services)");
        String[] name = projectName(document, dotEnv);
        return Optional.of(new Result(new ProjectModel.ExistingCompose(file, document, name[0], name[1]), clues));
    }

    /**
     * The Compose files of the evidence folders under the root and each module directory, in a
     * stable order; the project's own stack file is never one of them.
     */
    static List<Path> evidenceFiles(Path root, List<Path> moduleDirectories) {
        java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
        for (Path directory : moduleDirectories) {
            EVIDENCE_FOLDERS.forEach(folder -> folders.add(root.resolve(directory).resolve(folder).normalize()));
        }
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (java.util.stream.Stream<Path> listing = Files.list(folder)) {
                listing.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                        .sorted().forEach(files::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Could not list " + folder, e);
            }
        }
        return files;
    }

    /**
     * Clues of the database services in the Compose files of the evidence folders. A file that is
     * not YAML or has no services is skipped with a warning or silently: these folders also hold
     * other configuration.
     */
    List<DatabaseClue> readEvidence(List<Path> moduleDirectories, Map<String, String> dotEnv) {
        List<DatabaseClue> clues = new ArrayList<>();
        for (Path path : evidenceFiles(root, moduleDirectories)) {
            String file = RelativePaths.of(root, path);
            String content = TextFiles.read(path, file);
            YamlFileReader yaml = new YamlFileReader(file);
            Map<String, Object> document;
            try {
                document = yaml.readTree(content);
            } catch (InvalidInputException e) {
                log.warn("Ignoring " + file + " as evidence: " + e.getMessage());
                continue;
            }
            List<DatabaseClue> found = clues(file, content, yaml, document, dotEnv, true);
            log.debug("Read " + file + " as evidence (" + found.size() + " database services)");
            clues.addAll(found);
        }
        return clues;
    }

    private static List<DatabaseClue> clues(String file, String content, YamlFileReader yaml, Map<String, Object> document,
            Map<String, String> dotEnv, boolean evidenceOnly) {
        List<DatabaseClue> clues = new ArrayList<>();
        if (!(document.get("services") instanceof Map<?, ?> services)) {
            return clues;
        }
        Map<String, ConfigProperty> lines = new HashMap<>();
        yaml.read(content).stream().findFirst().orElse(List.of()).forEach(p -> lines.putIfAbsent(p.key(), p));
        for (Map.Entry<?, ?> service : services.entrySet()) {
            if (service.getValue() instanceof Map<?, ?> definition) {
                new ServiceReader(file, String.valueOf(service.getKey()), definition, lines, dotEnv, evidenceOnly).clue()
                        .ifPresent(clues::add);
            }
        }
        return clues;
    }

    /**
     * The project name Compose gives the file's stack when it is started from the project root, and
     * where it comes from: the file's {@code name:}, else {@code COMPOSE_PROJECT_NAME} of
     * {@code .env}, else the directory's name (Compose reads {@code .env} of the file's directory).
     */
    private String[] projectName(Map<String, Object> document, Map<String, String> dotEnv) {
        if (document.get("name") instanceof String declared) {
            String resolved = Placeholders.resolveCompose(declared, dotEnv);
            if (!Placeholders.hasUnresolved(resolved) && !normalizeProjectName(resolved).isEmpty()) {
                return new String[] {normalizeProjectName(resolved), "its name:"};
            }
        }
        String fromEnv = dotEnv.get("COMPOSE_PROJECT_NAME");
        if (fromEnv != null && !normalizeProjectName(fromEnv).isEmpty()) {
            return new String[] {normalizeProjectName(fromEnv), "COMPOSE_PROJECT_NAME of .env"};
        }
        String directory = normalizeProjectName(String.valueOf(root.getFileName()));
        return directory.isEmpty() ? new String[] {null, null} : new String[] {directory, ProjectModel.ExistingCompose.NAMED_AFTER_DIRECTORY};
    }

    /** Compose's own rule: lower case, only {@code a-z 0-9 _ -}, no leading {@code _} or {@code -}. */
    static String normalizeProjectName(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[_-]+", "");
    }

    /** One service of the file. */
    private static final class ServiceReader {
        private final String file;
        private final String name;
        private final Map<?, ?> definition;
        private final Map<String, ConfigProperty> lines;
        private final Map<String, String> dotEnv;
        private final String keyPrefix;
        private final boolean evidenceOnly;
        private final Map<String, FieldValue> environment = new LinkedHashMap<>();

        ServiceReader(String file, String name, Map<?, ?> definition, Map<String, ConfigProperty> lines, Map<String, String> dotEnv,
                boolean evidenceOnly) {
            this.evidenceOnly = evidenceOnly;
            this.file = file;
            this.name = name;
            this.definition = definition;
            this.lines = lines;
            this.dotEnv = dotEnv;
            this.keyPrefix = "services." + name;
        }

        Optional<DatabaseClue> clue() {
            if (!(definition.get("image") instanceof String rawImage)) {
                return Optional.empty();
            }
            String image = interpolate(rawImage);
            Optional<DatabaseType> type = KnownDrivers.ofImage(image == null ? rawImage : image);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            // a file that is only evidence runs nothing: its image counts like its other settings
            Source imageSource = source(keyPrefix + ".image", evidenceOnly ? Source.COMPOSE : Source.COMPOSE_IMAGE);
            DatabaseClue clue = evidenceOnly ? new DatabaseClue(null, true) : DatabaseClue.fromCompose(name);
            clue.setType(type.get(), imageSource);
            clue.set(Field.IMAGE, image == null ? rawImage : image, imageSource);
            readEnvironment();
            switch (type.get()) {
                case POSTGRES -> postgres(clue);
                case MYSQL -> mysql(clue, "MYSQL");
                case MARIADB -> mysql(clue, "MARIADB");
                case REDIS -> redis(clue);
                default -> {
                }
            }
            readPorts(clue, type.get());
            return Optional.of(clue);
        }

        private void postgres(DatabaseClue clue) {
            FieldValue user = environment.get("POSTGRES_USER");
            Source defaults = source(keyPrefix + ".image", Source.COMPOSE);
            setFrom(clue, Field.USER, user, "postgres", defaults);
            setFrom(clue, Field.PASSWORD, environment.get("POSTGRES_PASSWORD"), null, defaults);
            // the image names the database after the user unless POSTGRES_DB says otherwise
            FieldValue database = environment.get("POSTGRES_DB");
            setFrom(clue, Field.DATABASE, database != null ? database : user, user == null ? "postgres" : null, defaults);
        }

        private void mysql(DatabaseClue clue, String prefix) {
            FieldValue user = variable(prefix, "USER");
            Source defaults = source(keyPrefix + ".image", Source.COMPOSE);
            setFrom(clue, Field.DATABASE, variable(prefix, "DATABASE"), null, defaults);
            if (user != null) {
                setFrom(clue, Field.USER, user, null, defaults);
                setFrom(clue, Field.PASSWORD, variable(prefix, "PASSWORD"), null, defaults);
            } else {
                setFrom(clue, Field.USER, null, "root", defaults);
                setFrom(clue, Field.PASSWORD, variable(prefix, "ROOT_PASSWORD"), null, defaults);
            }
        }

        /** The MariaDB image also reads the MYSQL_ names. */
        private FieldValue variable(String prefix, String suffix) {
            FieldValue value = environment.get(prefix + "_" + suffix);
            return value != null ? value : environment.get("MYSQL_" + suffix);
        }

        private void redis(DatabaseClue clue) {
            setFrom(clue, Field.PASSWORD, environment.get("REDIS_PASSWORD"), null, null);
            Object command = definition.get("command");
            List<String> words = new ArrayList<>();
            if (command instanceof String text) {
                words.addAll(List.of(text.strip().split("\\s+")));
            } else if (command instanceof List<?> list) {
                list.forEach(word -> words.add(String.valueOf(word)));
            }
            int flag = words.indexOf("--requirepass");
            if (flag >= 0 && flag + 1 < words.size()) {
                String password = interpolate(words.get(flag + 1));
                Source commandSource = source(lines.containsKey(keyPrefix + ".command") ? keyPrefix + ".command"
                        : keyPrefix + ".command[" + (flag + 1) + "]", Source.COMPOSE);
                clue.set(Field.PASSWORD, password, commandSource);
            }
        }

        private static void setFrom(DatabaseClue clue, Field field, FieldValue value, String fallback, Source fallbackSource) {
            if (value != null) {
                clue.set(field, value.value(), value.source());
            } else if (fallback != null) {
                clue.set(field, fallback, fallbackSource);
            }
        }

        private void readEnvironment() {
            Object environmentDefinition = definition.get("environment");
            String key = keyPrefix + ".environment";
            if (environmentDefinition instanceof Map<?, ?> map) {
                map.forEach((variable, value) -> {
                    if (value != null) {
                        putVariable(String.valueOf(variable), String.valueOf(value), key + "." + variable);
                    }
                });
            } else if (environmentDefinition instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    String entry = String.valueOf(list.get(i));
                    int equals = entry.indexOf('=');
                    if (equals > 0) {
                        putVariable(entry.substring(0, equals), entry.substring(equals + 1), key + "[" + i + "]");
                    }
                }
            }
        }

        private void putVariable(String variable, String rawValue, String lineKey) {
            String value = interpolate(rawValue);
            if (value != null) {
                ConfigProperty line = lines.get(lineKey);
                int number = line == null ? 0 : line.line();
                environment.put(variable, new FieldValue(value, new Source(new Evidence(file, number, keyPrefix + ".environment." + variable), Source.COMPOSE)));
            }
        }

        private void readPorts(DatabaseClue clue, DatabaseType type) {
            if (!(definition.get("ports") instanceof List<?> ports) || ports.isEmpty()) {
                return;
            }
            Object first = ports.get(0);
            String lineKey = keyPrefix + ".ports[0]";
            Integer target;
            Integer published;
            if (first instanceof Map<?, ?> longSyntax) {
                target = portNumber(interpolate(String.valueOf(longSyntax.get("target"))), lineKey + ".target");
                Object publishedValue = longSyntax.get("published");
                published = publishedValue == null ? null : portNumber(interpolate(String.valueOf(publishedValue)), lineKey + ".published");
            } else {
                String mapping = interpolate(String.valueOf(first));
                if (mapping == null) {
                    return;
                }
                mapping = mapping.replaceFirst("/(tcp|udp|sctp)$", "");
                if (mapping.startsWith("[")) {
                    mapping = mapping.substring(mapping.indexOf(']') + 1); // [::1]:5433:5432
                }
                String[] parts = mapping.split(":");
                target = portNumber(parts[parts.length - 1], lineKey);
                published = parts.length >= 2 ? portNumber(parts[parts.length - 2], lineKey) : null;
            }
            if (target != null) {
                clue.set(Field.PORT, target.toString(), source(lineKey, Source.COMPOSE));
            }
            if (published != null) {
                clue.addPublishedPort(published);
            }
        }

        /** A port or the first of a range; {@code null} when empty or still a variable. */
        private Integer portNumber(String text, String lineKey) {
            if (text == null || text.isBlank() || text.equals("null") || Placeholders.hasUnresolved(text)) {
                return null;
            }
            String first = text.strip().split("-", 2)[0];
            if (!first.chars().allMatch(Character::isDigit) || first.isEmpty() || first.length() > 5
                    || Integer.parseInt(first) < 1 || Integer.parseInt(first) > 65535) {
                ConfigProperty line = lines.get(lineKey);
                throw new InvalidFileException(String.valueOf(file), line == null ? 0 : line.line(),
                        file + ":" + (line == null ? 0 : line.line()) + ": " + keyPrefix
                        + ".ports has an invalid port '" + text.strip() + "'.");
            }
            return Integer.parseInt(first);
        }

        /** The value as Compose would see it, or {@code null} while a variable is unknown. */
        private String interpolate(String value) {
            String resolved = Placeholders.resolveCompose(value, dotEnv);
            return Placeholders.hasUnresolved(resolved) ? null : resolved;
        }

        private Source source(String lineKey, int rank) {
            ConfigProperty line = lines.get(lineKey);
            return new Source(new Evidence(file, line == null ? 0 : line.line(), lineKey), rank);
        }
    }
}
