package io.github.dockstart.detection;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Merges the clues of all sources so that each distinct database is one clue. Application
 * configuration comes first: datasources pointing at the same engine, host, port and database
 * are one. A Compose service joins the datasource it serves; {@code .env} URLs join the first
 * datasource of their engine; a pom driver adds its evidence, or stands for a database of its own
 * when nothing configures one. Where sources contradict each other a note says so.
 */
final class ServiceMerger {

    private final List<String> notes;
    private final DockstartLog log;

    /** @param notes receives the disagreements that are not about one setting of one database */
    ServiceMerger(List<String> notes, DockstartLog log) {
        this.notes = notes;
        this.log = log;
    }

    /**
     * @param config       datasources of the application configuration, some perhaps without an engine yet
     * @param compose      database services of the project's Compose file
     * @param dotEnv       {@code DATABASE_URL} / {@code REDIS_URL}
     * @param dependencies drivers and clients in the poms, by engine, in pom order
     */
    List<DatabaseClue> merge(List<DatabaseClue> config, List<DatabaseClue> compose, List<DatabaseClue> dotEnv,
                             Map<DatabaseType, List<Source>> dependencies) {
        return merge(config, compose, dotEnv, dependencies, List.of());
    }

    /**
     * @param evidence database services of Compose files that are evidence only ({@code src/main/docker/}
     *                 and the like): each joins the database it describes, and never makes one of its own
     */
    List<DatabaseClue> merge(List<DatabaseClue> config, List<DatabaseClue> compose, List<DatabaseClue> dotEnv,
                             Map<DatabaseType, List<Source>> dependencies, List<DatabaseClue> evidence) {
        List<DatabaseClue> merged = new ArrayList<>();
        for (DatabaseClue clue : config) {
            if (giveEngine(clue, dependencies)) {
                preferMariaDbDriver(clue, dependencies);
                mergeInto(merged, clue);
            }
        }
        joinCompose(merged, compose);
        for (DatabaseClue clue : dotEnv) {
            preferMariaDbDriver(clue, dependencies);
            joinDotEnv(merged, clue);
        }
        dependencies.forEach((type, sources) -> joinDependency(merged, type, sources, dependencies));
        evidence.forEach(clue -> joinEvidence(merged, clue));
        return merged;
    }

    /**
     * A service of an evidence file joins the database it serves (as a Compose service would), or
     * the only database of its engine; with none, or several it might describe, it is left out.
     */
    private void joinEvidence(List<DatabaseClue> merged, DatabaseClue clue) {
        Optional<DatabaseClue> served = merged.stream().filter(c -> servesClosely(clue, c)).findFirst();
        List<DatabaseClue> sameEngine = merged.stream().filter(c -> KnownDrivers.sameFamily(c.type(), clue.type())).toList();
        if (served.isEmpty() && sameEngine.size() == 1) {
            served = Optional.of(sameEngine.get(0));
        }
        if (served.isPresent()) {
            join(served.get(), clue);
        } else {
            log.debug("Ignoring " + clue.sources() + ": no " + clue.type().id() + " database of the project that it describes");
        }
    }

    /** A datasource that names no engine (only a user name, say) is of the pom's one SQL driver, if there is one. */
    private boolean giveEngine(DatabaseClue clue, Map<DatabaseType, List<Source>> dependencies) {
        if (clue.type() != null) {
            return true;
        }
        List<DatabaseType> sqlDrivers = dependencies.keySet().stream().filter(KnownDrivers::isSqlServer).toList();
        if (sqlDrivers.size() == 1) {
            DatabaseType type = sqlDrivers.get(0);
            clue.setType(type, dependencies.get(type).get(0));
            return true;
        }
        log.debug("Ignoring " + clue.sources() + ": neither a URL nor a single SQL driver in the pom says which database it is");
        return false;
    }

    /** MariaDB's driver also accepts {@code jdbc:mysql:} URLs; with it and no MySQL driver, the server is MariaDB. */
    private void preferMariaDbDriver(DatabaseClue clue, Map<DatabaseType, List<Source>> dependencies) {
        if (clue.type() == DatabaseType.MYSQL && dependencies.containsKey(DatabaseType.MARIADB)
                && !dependencies.containsKey(DatabaseType.MYSQL)) {
            FieldValue type = clue.value(Field.TYPE);
            clue.set(Field.TYPE, DatabaseType.MARIADB.id(), type.source());
            log.debug(type.source() + " uses a MySQL URL with the MariaDB driver: treating it as MariaDB");
        }
    }

    private static void mergeInto(List<DatabaseClue> merged, DatabaseClue clue) {
        for (DatabaseClue existing : merged) {
            if (sameDatabase(existing, clue)) {
                existing.absorb(clue, false);
                return;
            }
        }
        merged.add(clue);
    }

    /** Same engine, host, port and database (or SQLite file); an unstated database or file matches any. */
    static boolean sameDatabase(DatabaseClue a, DatabaseClue b) {
        DatabaseType type = a.type();
        if (type != b.type()) {
            return false;
        }
        if (type == DatabaseType.SQLITE) {
            return a.get(Field.PATH) == null || b.get(Field.PATH) == null
                    || DatabaseClue.sameValue(Field.PATH, a.get(Field.PATH), b.get(Field.PATH));
        }
        return DatabaseClue.canonicalHost(a.get(Field.HOST)).equals(DatabaseClue.canonicalHost(b.get(Field.HOST)))
                && Objects.equals(portOrDefault(a), portOrDefault(b))
                && (a.get(Field.DATABASE) == null || b.get(Field.DATABASE) == null
                || a.get(Field.DATABASE).equals(b.get(Field.DATABASE)));
    }

    private static int portOrDefault(DatabaseClue clue) {
        return clue.port() != null ? clue.port() : clue.type().defaultPort();
    }

    /**
     * Each Compose service joins the configured datasource it serves: one whose port is the
     * service's (published) port and whose database matches; failing that, the only datasource of
     * its engine when the file has only one service of that engine. Others stand alone.
     */
    private void joinCompose(List<DatabaseClue> merged, List<DatabaseClue> compose) {
        List<DatabaseClue> unmatched = new ArrayList<>();
        for (DatabaseClue service : compose) {
            Optional<DatabaseClue> served = merged.stream()
                    .filter(c -> !c.fromCompose() && servesClosely(service, c))
                    .findFirst();
            if (served.isPresent()) {
                join(served.get(), service);
            } else {
                unmatched.add(service);
            }
        }
        for (DatabaseClue service : unmatched) {
            List<DatabaseClue> sameEngineServices = unmatched.stream()
                    .filter(s -> KnownDrivers.sameFamily(s.type(), service.type())).toList();
            List<DatabaseClue> sameEngineDatasources = merged.stream()
                    .filter(c -> !c.fromCompose() && KnownDrivers.sameFamily(c.type(), service.type())).toList();
            if (sameEngineServices.size() == 1 && sameEngineDatasources.size() == 1) {
                join(sameEngineDatasources.get(0), service);
            } else {
                merged.add(service);
            }
        }
    }

    private static boolean servesClosely(DatabaseClue service, DatabaseClue datasource) {
        if (!KnownDrivers.sameFamily(service.type(), datasource.type())) {
            return false;
        }
        Integer port = datasource.port();
        boolean portMatches = port == null || port.equals(service.port()) || service.publishedPorts().contains(port)
                || (service.port() == null && port == service.type().defaultPort());
        String host = datasource.get(Field.HOST);
        boolean hostMatches = host == null || DatabaseClue.canonicalHost(host).equals("localhost")
                || host.equalsIgnoreCase(service.composeName());
        String database = datasource.get(Field.DATABASE);
        boolean databaseMatches = database == null || service.get(Field.DATABASE) == null
                || database.equals(service.get(Field.DATABASE));
        return portMatches && hostMatches && databaseMatches;
    }

    private static void join(DatabaseClue datasource, DatabaseClue service) {
        Integer port = datasource.port();
        if (port != null && service.publishedPorts().contains(port)) {
            // the application reaches the container's port through the published one: no disagreement
            datasource.remove(Field.PORT);
        }
        datasource.absorb(service, false);
    }

    /** {@code DATABASE_URL} and {@code REDIS_URL} describe the application's main database of their engine. */
    private void joinDotEnv(List<DatabaseClue> merged, DatabaseClue clue) {
        Optional<DatabaseClue> target = merged.stream()
                .filter(c -> KnownDrivers.sameFamily(c.type(), clue.type()))
                .min((a, b) -> Boolean.compare(b.primary(), a.primary()));
        if (target.isPresent()) {
            target.get().absorb(clue, false);
            return;
        }
        Optional<DatabaseClue> otherSql = KnownDrivers.isSqlServer(clue.type())
                ? merged.stream().filter(c -> KnownDrivers.isSqlServer(c.type())).findFirst()
                : Optional.empty();
        if (otherSql.isPresent()) {
            notes.add(disagreement(clue.value(Field.TYPE).source(), clue.type(), otherSql.get()));
        } else {
            merged.add(clue);
        }
    }

    /**
     * A driver adds its evidence to the databases of its engine. With none, it stands for a
     * database with default settings, unless the configuration names another SQL engine that
     * no driver of the pom explains: then the configuration is taken to be right.
     */
    private void joinDependency(List<DatabaseClue> merged, DatabaseType type, List<Source> sources,
                                Map<DatabaseType, List<Source>> dependencies) {
        List<DatabaseClue> ofEngine = merged.stream().filter(c -> KnownDrivers.sameFamily(c.type(), type)).toList();
        if (!ofEngine.isEmpty()) {
            ofEngine.forEach(c -> sources.forEach(c::addSource));
            return;
        }
        if (KnownDrivers.isSqlServer(type)) {
            Optional<DatabaseClue> unexplained = merged.stream()
                    .filter(c -> KnownDrivers.isSqlServer(c.type()))
                    .filter(c -> dependencies.keySet().stream().noneMatch(d -> KnownDrivers.sameFamily(d, c.type())))
                    .findFirst();
            if (unexplained.isPresent()) {
                notes.add(disagreement(sources.get(0), type, unexplained.get()));
                return;
            }
        }
        DatabaseClue clue = new DatabaseClue(null, true);
        clue.setType(type, sources.get(0));
        sources.forEach(clue::addSource);
        merged.add(clue);
    }

    private static String disagreement(Source weaker, DatabaseType weakerType, DatabaseClue winner) {
        FieldValue winnerType = winner.value(Field.TYPE);
        return weaker.evidence() + " suggests " + weakerType.id() + ", but " + winnerType.source().evidence()
                + " says " + winnerType.value() + "; using " + winnerType.value() + ".";
    }
}
