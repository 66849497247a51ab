package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
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
 * the whole document, kept for rendering, and a clue for each service whose image is PostgreSQL,
 * MySQL, MariaDB or Redis, with the credentials of its {@code POSTGRES_*} / {@code MYSQL_*} /
 * {@code MARIADB_*} environment and the container side of its first port.
 */
final class ComposeFileReader {

    static final List<String> FILE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

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
        Map<String, ConfigProperty> lines = new HashMap<>();
        yaml.read(content).stream().findFirst().orElse(List.of()).forEach(p -> lines.putIfAbsent(p.key(), p));
        Map<String, Object> document = yaml.readTree(content);
        List<DatabaseClue> clues = new ArrayList<>();
        if (document.get("services") instanceof Map<?, ?> services) {
            for (Map.Entry<?, ?> service : services.entrySet()) {
                if (service.getValue() instanceof Map<?, ?> definition) {
                    new ServiceReader(file, String.valueOf(service.getKey()), definition, lines, dotEnv).clue().ifPresent(clues::add);
                }
            }
        }
        log.debug("Read " + file + " (" + clues.size() + " database services)");
        return Optional.of(new Result(new ProjectModel.ExistingCompose(file, document), clues));
    }

    /** One service of the file. */
    private static final class ServiceReader {
        private final String file;
        private final String name;
        private final Map<?, ?> definition;
        private final Map<String, ConfigProperty> lines;
        private final Map<String, String> dotEnv;
        private final String keyPrefix;
        private final Map<String, FieldValue> environment = new LinkedHashMap<>();

        ServiceReader(String file, String name, Map<?, ?> definition, Map<String, ConfigProperty> lines, Map<String, String> dotEnv) {
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
            Source imageSource = source(keyPrefix + ".image", Source.COMPOSE_IMAGE);
            DatabaseClue clue = DatabaseClue.fromCompose(name);
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
                throw new InvalidInputException(file + ":" + (line == null ? 0 : line.line()) + ": " + keyPrefix
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
