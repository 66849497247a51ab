package io.github.dockstart.rendering;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Project models for rendering tests, built directly rather than detected. */
final class Models {

    private static final List<Evidence> EVIDENCE = List.of(new Evidence("pom.xml", 1, "test"));

    private Models() {
    }

    static ProjectModel project(DatabaseService... services) {
        return new ProjectModel(Path.of("/tmp/demo"), "demo", "21", List.of(services), null, List.of());
    }

    static ProjectModel project(ProjectModel.ExistingCompose existing, DatabaseService... services) {
        return new ProjectModel(Path.of("/tmp/demo"), "demo", "21", List.of(services), existing, List.of());
    }

    static DatabaseService server(String name, DatabaseType type, String image, int port, String database,
            String user, String password) {
        return new DatabaseService(name, type, image, "localhost", port, database, user, password, null, false,
                EVIDENCE);
    }

    static DatabaseService postgres(String name, String image, int port, String database) {
        return server(name, DatabaseType.POSTGRES, image, port, database, "demo", "secret");
    }

    static DatabaseService postgres() {
        return postgres("postgres", "postgres:16-alpine", 5432, "demo");
    }

    static DatabaseService mysql() {
        return server("mysql", DatabaseType.MYSQL, "mysql:8.4", 3306, "demo", "demo", "secret");
    }

    static DatabaseService mariadb() {
        return server("mariadb", DatabaseType.MARIADB, "mariadb:11.4", 3306, "demo", "demo", "secret");
    }

    static DatabaseService redis() {
        return server("redis", DatabaseType.REDIS, "redis:7-alpine", 6379, "0", "", "secret");
    }

    static DatabaseService sqlite() {
        return new DatabaseService("sqlite", DatabaseType.SQLITE, null, null, 0, null, null, null, "data/app.db",
                false, EVIDENCE);
    }

    static DatabaseService fromExistingCompose(String name, DatabaseType type, String image) {
        return new DatabaseService(name, type, image, "localhost", type.defaultPort(), "shop", "shop", "shop-secret",
                null, true, EVIDENCE);
    }

    /**
     * The project's own compose.yaml: a PostgreSQL {@code db} with a health check and an init
     * directory, a {@code web} service built from {@code ./web} with an env file, a {@code cache}
     * on its own network, and an old {@code version} key.
     */
    static ProjectModel.ExistingCompose existingCompose() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("image", "postgres:15-alpine");
        db.put("environment", map("POSTGRES_DB", "shop", "POSTGRES_USER", "shop", "POSTGRES_PASSWORD", "${SHOP_PASSWORD:-shop-secret}"));
        db.put("volumes", List.of("./initdb:/docker-entrypoint-initdb.d:ro", "shop-data:/var/lib/postgresql/data"));
        db.put("ports", List.of("5432:5432"));
        db.put("healthcheck", map("test", List.of("CMD-SHELL", "pg_isready -U shop"), "interval", "10s"));
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("build", "./web");
        web.put("env_file", ".env");
        web.put("volumes", List.of(map("type", "bind", "source", "./config", "target", "/config")));
        web.put("depends_on", List.of("db"));
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("image", "redis:7-alpine");
        cache.put("networks", List.of("backend"));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", "3.8");
        document.put("services", map("db", db, "web", web, "cache", cache));
        document.put("volumes", map("shop-data", null));
        document.put("networks", map("backend", map()));
        return new ProjectModel.ExistingCompose("compose.yaml", document);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
