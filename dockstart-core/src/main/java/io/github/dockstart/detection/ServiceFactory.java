package io.github.dockstart.detection;

import io.github.dockstart.model.AppSetting;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns merged clues into services: names them, fills what no source stated with dev defaults
 * derived from the project name, and orders them by engine, then name.
 * <p>
 * Names: a Compose service keeps its name; the first other service of an engine is named by the
 * engine ({@code postgres}), further ones by their datasource ({@code postgres-reporting}) or a
 * number ({@code postgres-2}).
 * <p>
 * The application's settings for each database: those its configuration has, the framework's
 * standard keys for what it leaves out, and for a database no configuration mentions (found in
 * the pom, the Compose file or {@code .env} only) the main datasource's keys of each framework
 * the project uses.
 */
final class ServiceFactory {

    private final Path root;
    private final String defaultName;
    private final Set<Framework> frameworks;

    /**
     * @param projectName the root artifactId; its lower-case, underscore form names database, user and password
     * @param frameworks  the frameworks of the project's modules
     */
    ServiceFactory(Path root, String projectName, Set<Framework> frameworks) {
        this.root = root;
        this.defaultName = identifier(projectName);
        this.frameworks = Set.copyOf(frameworks);
    }

    /** @param notes receives a note per disagreement between sources, naming the service */
    List<DatabaseService> build(List<DatabaseClue> clues, List<String> notes) {
        List<DatabaseClue> ordered = new ArrayList<>(clues);
        // compose services first, then the main datasource, then the others as found
        ordered.sort(Comparator.comparing(DatabaseClue::type)
                .thenComparing(c -> !c.fromCompose())
                .thenComparing(c -> !c.primary()));
        Set<String> used = new HashSet<>();
        ordered.stream().filter(DatabaseClue::fromCompose).forEach(c -> used.add(c.composeName()));
        Set<DatabaseType> named = new HashSet<>();
        List<DatabaseService> services = new ArrayList<>();
        for (DatabaseClue clue : ordered) {
            String name = clue.fromCompose() ? clue.composeName() : freeName(clue, named.contains(clue.type()), used);
            used.add(name);
            named.add(clue.type());
            services.add(service(name, clue));
            clue.conflicts().forEach(conflict -> notes.add(conflict.describe(name)));
        }
        services.sort(Comparator.comparing(DatabaseService::type).thenComparing(DatabaseService::name));
        return services;
    }

    private static String freeName(DatabaseClue clue, boolean typeAlreadyNamed, Set<String> used) {
        String base = clue.type().id();
        if (!typeAlreadyNamed && !used.contains(base)) {
            return base;
        }
        if (clue.datasourceName() != null) {
            String suffix = clue.datasourceName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            if (!suffix.isEmpty() && !used.contains(base + "-" + suffix)) {
                return base + "-" + suffix;
            }
        }
        int number = 2;
        while (used.contains(base + "-" + number)) {
            number++;
        }
        return base + "-" + number;
    }

    private DatabaseService service(String name, DatabaseClue clue) {
        DatabaseType type = clue.type();
        String image = or(clue.get(Field.IMAGE), type.defaultImage());
        int port = clue.port() != null ? clue.port() : type.defaultPort();
        String host = or(clue.get(Field.HOST), "localhost");
        String database;
        String user;
        String password;
        String path = null;
        switch (type) {
            case REDIS -> {
                database = or(clue.get(Field.DATABASE), "0");
                user = or(clue.get(Field.USER), "");
                password = or(clue.get(Field.PASSWORD), "");
            }
            case SQLITE -> {
                path = sqlitePath(clue.get(Field.PATH));
                String fileName = path.substring(path.lastIndexOf('/') + 1);
                database = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
                host = null;
                port = 0;
                image = null;
                user = "";
                password = "";
            }
            default -> {
                database = or(clue.get(Field.DATABASE), defaultName);
                user = or(clue.get(Field.USER), defaultName);
                password = or(clue.get(Field.PASSWORD), defaultName);
            }
        }
        return new DatabaseService(name, type, image, host, port, database, user, password, path,
                clue.fromCompose(), evidence(clue), appSettings(clue, type));
    }

    private List<AppSetting> appSettings(DatabaseClue clue, DatabaseType type) {
        if (!type.hasServer()) {
            return List.of(); // a SQLite file lies at the same relative path in the container
        }
        Map<String, SettingClue> settings = new LinkedHashMap<>();
        clue.settings().forEach(s -> settings.put(s.environmentVariable(), s));
        List<DatasourceKeys> datasources = clue.keys();
        if (datasources.isEmpty()) {
            boolean redis = type == DatabaseType.REDIS;
            datasources = frameworks.stream().sorted().map(f -> DatasourceKeys.standard(f, redis)).toList();
        }
        for (DatasourceKeys datasource : datasources) {
            datasource.missing().forEach(s -> settings.putIfAbsent(s.environmentVariable(), s));
        }
        return settings.values().stream().map(s -> s.toAppSetting(type)).toList();
    }

    /** Relative to the project root with '/', e.g. {@code data/app.db}; default {@code data/<project>.db}. */
    private String sqlitePath(String configured) {
        if (configured == null) {
            return "data/" + defaultName + ".db";
        }
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return RelativePaths.of(root, path);
        }
        return path.normalize().toString().replace('\\', '/');
    }

    /** Every source once, the least specific first. */
    private static List<Evidence> evidence(DatabaseClue clue) {
        List<Source> sources = new ArrayList<>(clue.sources());
        sources.sort(Comparator.comparingInt(s -> s.rank() == Source.COMPOSE_IMAGE ? Source.COMPOSE : s.rank()));
        Set<Evidence> evidence = new LinkedHashSet<>();
        sources.forEach(s -> evidence.add(s.evidence()));
        return List.copyOf(evidence);
    }

    /** {@code My-App} -> {@code my_app}: usable as a database and user name everywhere. */
    static String identifier(String projectName) {
        String lower = projectName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return lower.isEmpty() ? "app" : lower;
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
