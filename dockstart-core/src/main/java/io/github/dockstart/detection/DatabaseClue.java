package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one or more sources say about one database: the settings they state, each with its
 * source, every source that pointed at it, and where sources disagreed. Clues that describe the
 * same database are merged into one, which becomes one service.
 */
final class DatabaseClue {

    private final String datasourceName;
    private final boolean primary;
    private String composeName;
    private final Set<Integer> publishedPorts = new LinkedHashSet<>();
    private final Map<Field, FieldValue> fields = new EnumMap<>(Field.class);
    private final List<Source> sources = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    /** By environment variable: one value per variable, from the highest-ranked source. */
    private final Map<String, SettingClue> settings = new LinkedHashMap<>();
    /** By prefix. */
    private final Map<String, DatasourceKeys> keys = new LinkedHashMap<>();

    /**
     * @param datasourceName the application's name for this datasource (e.g. {@code reporting}), or {@code null}
     * @param primary        whether it is the application's main datasource of its kind, which gets the plain type name
     */
    DatabaseClue(String datasourceName, boolean primary) {
        this.datasourceName = datasourceName;
        this.primary = primary;
    }

    static DatabaseClue fromCompose(String serviceName) {
        DatabaseClue clue = new DatabaseClue(serviceName, true);
        clue.composeName = serviceName;
        return clue;
    }

    /** Sets a field unless the value is null or empty; a later set of the same source overrides silently. */
    DatabaseClue set(Field field, String value, Source source) {
        if (value != null && !value.isEmpty()) {
            fields.put(field, new FieldValue(value, source));
            addSource(source);
        }
        return this;
    }

    DatabaseClue setType(DatabaseType type, Source source) {
        return type == null ? this : set(Field.TYPE, type.id(), source);
    }

    void addSource(Source source) {
        if (!sources.contains(source)) {
            sources.add(source);
        }
    }

    /** A setting through which the app finds this database; of two for one variable, the higher rank wins, a tie goes to the later. */
    void addSetting(SettingClue setting) {
        addSetting(setting, true);
    }

    private void addSetting(SettingClue setting, boolean laterWinsTies) {
        SettingClue existing = settings.get(setting.environmentVariable());
        if (existing == null || setting.rank() > existing.rank() || (setting.rank() == existing.rank() && laterWinsTies)) {
            settings.put(setting.environmentVariable(), setting);
        }
    }

    /** A datasource of the application configuration that describes this database. */
    void addKeys(DatasourceKeys datasource) {
        keys.merge(datasource.prefix(), datasource, DatasourceKeys::with);
    }

    List<SettingClue> settings() {
        return List.copyOf(settings.values());
    }

    List<DatasourceKeys> keys() {
        return List.copyOf(keys.values());
    }

    void remove(Field field) {
        fields.remove(field);
    }

    void addPublishedPort(int port) {
        publishedPorts.add(port);
    }

    String get(Field field) {
        FieldValue value = fields.get(field);
        return value == null ? null : value.value();
    }

    FieldValue value(Field field) {
        return fields.get(field);
    }

    DatabaseType type() {
        String id = get(Field.TYPE);
        return id == null ? null : DatabaseType.fromId(id).orElseThrow();
    }

    Integer port() {
        String port = get(Field.PORT);
        return port == null ? null : Integer.valueOf(port);
    }

    String datasourceName() {
        return datasourceName;
    }

    boolean primary() {
        return primary;
    }

    String composeName() {
        return composeName;
    }

    boolean fromCompose() {
        return composeName != null;
    }

    Set<Integer> publishedPorts() {
        return Collections.unmodifiableSet(publishedPorts);
    }

    List<Source> sources() {
        return Collections.unmodifiableList(sources);
    }

    List<Conflict> conflicts() {
        return Collections.unmodifiableList(conflicts);
    }

    /**
     * Takes in what {@code other} says about the same database. Where both state a field and
     * differ, the higher rank wins; on equal ranks {@code other} wins when {@code otherWinsTies}
     * (a later document overriding an earlier one), else this clue keeps its value.
     */
    void absorb(DatabaseClue other, boolean otherWinsTies) {
        for (Map.Entry<Field, FieldValue> entry : other.fields.entrySet()) {
            Field field = entry.getKey();
            FieldValue theirs = entry.getValue();
            FieldValue mine = fields.get(field);
            if (mine == null) {
                fields.put(field, theirs);
            } else if (!sameValue(field, mine.value(), theirs.value())) {
                int byRank = Integer.compare(theirs.source().rank(), mine.source().rank());
                boolean theirsWins = byRank > 0 || (byRank == 0 && otherWinsTies);
                FieldValue winner = theirsWins ? theirs : mine;
                fields.put(field, winner);
                conflicts.add(new Conflict(field, winner, theirsWins ? mine : theirs));
            }
        }
        other.sources.forEach(this::addSource);
        other.settings.values().forEach(setting -> addSetting(setting, otherWinsTies));
        other.keys.values().forEach(this::addKeys);
        conflicts.addAll(other.conflicts);
        publishedPorts.addAll(other.publishedPorts);
        if (composeName == null) {
            composeName = other.composeName;
        }
    }

    static boolean sameValue(Field field, String a, String b) {
        if (field == Field.HOST) {
            return canonicalHost(a).equals(canonicalHost(b));
        }
        if (field == Field.PATH) {
            return normalizePath(a).equals(normalizePath(b));
        }
        return a.equals(b);
    }

    static String canonicalHost(String host) {
        String lower = host == null ? "localhost" : host.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "0.0.0.0" -> "localhost";
            default -> lower;
        };
    }

    private static String normalizePath(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    @Override
    public String toString() {
        return "DatabaseClue[type=" + get(Field.TYPE) + ", name=" + datasourceName + ", compose=" + composeName
                + ", sources=" + sources + "]";
    }
}
