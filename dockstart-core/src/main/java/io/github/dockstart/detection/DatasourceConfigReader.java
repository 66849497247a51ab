package io.github.dockstart.detection;

import io.github.dockstart.detection.DatasourceBinding.Role;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidFileException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a module's configuration documents into one clue per datasource. Keys are bound by the
 * Spring, Quarkus and Micronaut readers; any other key whose value is a database URL
 * ({@code app.datasource.reporting.url=jdbc:…}) makes a datasource of its prefix, with that
 * prefix's {@code username}/{@code user}/{@code password}. The documents of one datasource
 * (base file, profile files, profile sections) merge into one clue, the more specific winning.
 * Each clue also records the keys and placeholders through which the application finds the
 * database, for the dev container to override.
 */
final class DatasourceConfigReader {

    private static final Set<String> OTHER_ENVIRONMENTS = Set.of("prod", "production", "staging", "test", "ci");

    private final DockstartLog log;
    private final Naming applicationNaming;

    /** @param applicationNaming how the application's own keys ({@code app.datasource.*}) are found among environment variables */
    DatasourceConfigReader(DockstartLog log, Naming applicationNaming) {
        this.log = log;
        this.applicationNaming = applicationNaming;
    }

    /**
     * @param documents a module's documents, in the order the application reads them
     * @return one clue per datasource, in order of first appearance; some may lack an engine
     */
    List<DatabaseClue> read(List<ConfigDocument> documents) {
        Function<String, String> moduleProperties = baseProperties(documents);
        Map<String, DatabaseClue> byPrefix = new LinkedHashMap<>();
        for (ConfigDocument document : documents) {
            Function<String, String> lookup = documentProperties(document, moduleProperties);
            for (Group group : bind(document, lookup).values()) {
                Optional<DatabaseClue> clue = build(group, lookup);
                if (clue.isEmpty()) {
                    continue;
                }
                DatabaseClue existing = byPrefix.get(group.binding.prefix());
                if (existing == null) {
                    byPrefix.put(group.binding.prefix(), clue.get());
                } else {
                    existing.absorb(clue.get(), true);
                }
            }
        }
        return new ArrayList<>(byPrefix.values());
    }

    static int rank(String profile) {
        if (profile == null) {
            return Source.CONFIG;
        }
        return OTHER_ENVIRONMENTS.contains(profile) ? Source.OTHER_ENVIRONMENT_PROFILE : Source.PROFILE;
    }

    private static Map<String, Group> bind(ConfigDocument document, Function<String, String> lookup) {
        Map<String, Group> groups = new LinkedHashMap<>();
        List<ConfigProperty> unbound = new ArrayList<>();
        for (ConfigProperty property : document.properties()) {
            ConfigKey key = ConfigKey.parse(property.key());
            Optional<DatasourceBinding> binding = SpringConfigReader.bind(key)
                    .or(() -> QuarkusConfigReader.bind(key))
                    .or(() -> MicronautConfigReader.bind(key));
            if (binding.isPresent()) {
                group(groups, binding.get()).add(binding.get().role(), property);
            } else {
                unbound.add(property);
            }
        }
        // any other key holding a database URL is a datasource of its own
        Map<String, Group> generic = new LinkedHashMap<>();
        for (ConfigProperty property : unbound) {
            if (ConnectionUrl.looksLikeOne(Placeholders.resolveConfig(property.value(), lookup))) {
                ConfigKey key = ConfigKey.parse(property.key());
                int last = key.size() - 1;
                String prefix = last > 0 ? key.head(last) : property.key();
                String name = key.segment(Math.max(0, last - 1));
                DatasourceBinding binding = new DatasourceBinding(prefix, name, false, Role.URL, false, null);
                group(generic, binding).add(Role.URL, property);
            }
        }
        for (ConfigProperty property : unbound) {
            ConfigKey key = ConfigKey.parse(property.key());
            int last = key.size() - 1;
            Group owner = last > 0 ? generic.get(key.head(last)) : null;
            if (owner != null) {
                switch (key.relaxed(last)) {
                    case "username", "user" -> owner.add(Role.USER, property);
                    case "password" -> owner.add(Role.PASSWORD, property);
                    default -> {
                    }
                }
            }
        }
        generic.forEach(groups::putIfAbsent);
        return groups;
    }

    private static Group group(Map<String, Group> groups, DatasourceBinding binding) {
        return groups.computeIfAbsent(binding.prefix(), p -> new Group(binding));
    }

    private Optional<DatabaseClue> build(Group group, Function<String, String> lookup) {
        DatasourceBinding binding = group.binding;
        DatabaseClue clue = new DatabaseClue(binding.name(), binding.primary());
        group.properties.values().forEach(p -> clue.addSource(source(p)));
        DatabaseType type = binding.redis() ? DatabaseType.REDIS : null;
        Source typeSource = source(group.properties.values().iterator().next());

        ConfigProperty urlProperty = group.properties.getOrDefault(Role.URL, group.properties.get(Role.URL_LIST));
        if (urlProperty != null) {
            String url = Placeholders.resolveConfig(urlProperty.value(), lookup);
            if (group.properties.containsKey(Role.URL_LIST)) {
                url = url.split(",", 2)[0];
            }
            Optional<ConnectionUrl> parsed = parse(url, urlProperty);
            if (parsed.isEmpty() && !Placeholders.hasUnresolved(url)) {
                log.debug("Ignoring " + urlProperty + ": not a database dockstart runs");
                return Optional.empty();
            }
            if (parsed.isPresent() && parsed.get().inMemory()) {
                log.debug("Ignoring " + urlProperty + ": an in-memory SQLite database has nothing to run or back up");
                return Optional.empty();
            }
            if (parsed.isPresent()) {
                type = parsed.get().type();
                typeSource = source(urlProperty);
                apply(clue, parsed.get(), source(urlProperty));
            }
        }
        for (Role hint : List.of(Role.KIND, Role.DRIVER_CLASS)) {
            ConfigProperty property = group.properties.get(hint);
            if (property != null && type == null) {
                String value = Placeholders.resolveConfig(property.value(), lookup);
                Optional<DatabaseType> named = hint == Role.KIND ? KnownDrivers.ofKind(value) : KnownDrivers.ofDriverClass(value);
                if (named.isEmpty() && !Placeholders.hasUnresolved(value)) {
                    log.debug("Ignoring " + property + ": not a database dockstart runs");
                    return Optional.empty();
                }
                type = named.orElse(null);
                typeSource = source(property);
            }
        }
        clue.setType(type, typeSource);
        setExplicit(clue, group, Role.HOST, Field.HOST, lookup);
        setExplicit(clue, group, Role.PORT, Field.PORT, lookup);
        setExplicit(clue, group, Role.DATABASE, Field.DATABASE, lookup);
        setExplicit(clue, group, Role.USER, Field.USER, lookup);
        setExplicit(clue, group, Role.PASSWORD, Field.PASSWORD, lookup);
        addSettings(clue, group, lookup);
        return Optional.of(clue);
    }

    /** The keys of the group that locate the database or log in, the placeholders in them, and the group's key family. */
    private void addSettings(DatabaseClue clue, Group group, Function<String, String> lookup) {
        DatasourceBinding binding = group.binding;
        Naming naming = DatasourceKeys.naming(binding.framework(), applicationNaming);
        Set<Part> configured = EnumSet.noneOf(Part.class);
        String prefix = binding.prefix();
        for (Bound bound : group.bound) {
            Part part = partOf(bound.role());
            if (part == null) {
                continue;
            }
            configured.add(part);
            ConfigProperty property = bound.property();
            if (binding.redis() && binding.framework() == Framework.SPRING_BOOT && ConfigKey.parse(property.key()).startsWith("spring", "redis")) {
                prefix = "spring.redis"; // Spring Boot 2's keys
            }
            UrlStyle style = UrlStyle.ofKey(property.key(), binding.redis());
            String resolved = Placeholders.resolveConfig(property.value(), lookup);
            if (bound.role() == Role.URL_LIST && resolved != null) {
                resolved = resolved.split(",", 2)[0];
            }
            int rank = rank(property.profile());
            // a database name is the same in the stack as on localhost: only a placeholder for it may need a value
            if (part != Part.DATABASE) {
                clue.addSetting(new SettingClue(property.key(), naming, part, part == Part.URL ? resolved : null, style, rank));
            }
            PlaceholderVariables.of(property.value(), part, resolved, style, rank).forEach(clue::addSetting);
        }
        // a top-level key of the application's own (DB_URL=jdbc:…) has no siblings to add
        ConfigProperty url = group.properties.get(Role.URL);
        boolean topLevelKey = binding.framework() == null && url != null && url.key().equals(prefix);
        if (!topLevelKey) {
            clue.addKeys(new DatasourceKeys(prefix, binding.framework(), naming, binding.redis(), configured));
        }
    }

    private static Part partOf(Role role) {
        return switch (role) {
            case URL, URL_LIST -> Part.URL;
            case HOST -> Part.HOST;
            case PORT -> Part.PORT;
            case DATABASE -> Part.DATABASE;
            case USER -> Part.USER;
            case PASSWORD -> Part.PASSWORD;
            case KIND, DRIVER_CLASS -> null;
        };
    }

    private static Optional<ConnectionUrl> parse(String url, ConfigProperty property) {
        try {
            return ConnectionUrl.parse(url);
        } catch (ConnectionUrl.MalformedException e) {
            throw new InvalidFileException(property.file(), property.line(), property.file() + ":" + property.line() + ": invalid "
                    + ConnectionUrl.kind(url) + " in " + property.key() + ": " + e.getMessage() + ".");
        }
    }

    static void apply(DatabaseClue clue, ConnectionUrl url, Source source) {
        clue.setType(url.type(), source);
        clue.set(Field.HOST, url.host(), source);
        clue.set(Field.PORT, url.port() == null ? null : url.port().toString(), source);
        clue.set(Field.DATABASE, url.database(), source);
        clue.set(Field.USER, url.user(), source);
        clue.set(Field.PASSWORD, url.password(), source);
        clue.set(Field.PATH, url.path(), source);
    }

    private static void setExplicit(DatabaseClue clue, Group group, Role role, Field field, Function<String, String> lookup) {
        ConfigProperty property = group.properties.get(role);
        if (property == null) {
            return;
        }
        String value = Placeholders.resolveConfig(property.value(), lookup);
        if (Placeholders.hasUnresolved(value)) {
            return;
        }
        value = value.strip();
        if (field == Field.PORT) {
            value = checkedPort(value, property);
        }
        if (field == Field.DATABASE && clue.type() == DatabaseType.REDIS && !value.chars().allMatch(Character::isDigit)) {
            throw new InvalidFileException(property.file(), property.line(), property.file() + ":" + property.line() + ": "
                    + property.key() + " must be a Redis database number, not '" + value + "'.");
        }
        clue.set(field, value, source(property));
    }

    private static String checkedPort(String value, ConfigProperty property) {
        if (value.isEmpty()) {
            return value;
        }
        if (!value.chars().allMatch(Character::isDigit) || value.length() > 5
                || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
            throw new InvalidFileException(property.file(), property.line(), property.file() + ":" + property.line() + ": "
                    + property.key() + " must be a port number from 1 to 65535, not '" + value + "'.");
        }
        return Integer.toString(Integer.parseInt(value));
    }

    private static Source source(ConfigProperty property) {
        return new Source(property.evidence(), rank(property.profile()));
    }

    /** Placeholders resolve against the module's base configuration. */
    private static Function<String, String> baseProperties(List<ConfigDocument> documents) {
        Map<String, String> values = new HashMap<>();
        for (ConfigDocument document : documents) {
            if (document.profile() == null) {
                document.properties().forEach(p -> values.put(p.key(), p.value()));
            }
        }
        return values::get;
    }

    /** ... and first against the document's own keys. */
    private static Function<String, String> documentProperties(ConfigDocument document, Function<String, String> base) {
        Map<String, String> values = new HashMap<>();
        document.properties().forEach(p -> values.put(p.key(), p.value()));
        return name -> values.containsKey(name) ? values.get(name) : base.apply(name);
    }

    /** The keys of one datasource in one document, by what they set (the last key of a role counts), and all of them. */
    private static final class Group {
        final DatasourceBinding binding;
        final Map<Role, ConfigProperty> properties = new LinkedHashMap<>();
        final List<Bound> bound = new ArrayList<>();

        Group(DatasourceBinding binding) {
            this.binding = binding;
        }

        void add(Role role, ConfigProperty property) {
            properties.put(role, property);
            bound.add(new Bound(role, property));
        }
    }

    private record Bound(Role role, ConfigProperty property) {
    }
}
