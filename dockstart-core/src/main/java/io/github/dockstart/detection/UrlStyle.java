package io.github.dockstart.detection;

import io.github.dockstart.model.DatabaseType;

/**
 * The kind of URL a key expects, so that a key the project does not configure (or configures
 * with a placeholder that has no default) still gets a URL its client accepts.
 */
enum UrlStyle {
    /** {@code jdbc:postgresql://…} */
    JDBC("jdbc:"),
    /** {@code r2dbc:postgresql://…} (Spring {@code spring.r2dbc.url}, Micronaut {@code r2dbc.datasources.*}) */
    R2DBC("r2dbc:"),
    /** {@code postgresql://…}: Quarkus {@code reactive.url}, {@code DATABASE_URL} */
    PLAIN(""),
    /** {@code redis://…} */
    REDIS("");

    private final String prefix;

    UrlStyle(String prefix) {
        this.prefix = prefix;
    }

    /** The style of the URL a key holds, from the key's own name. */
    static UrlStyle ofKey(String key, boolean redis) {
        String relaxed = ConfigKey.relax(key.replace(".", "/"));
        if (redis) {
            return REDIS;
        }
        if (relaxed.contains("r2dbc")) {
            return R2DBC;
        }
        return relaxed.endsWith("reactive/url") ? PLAIN : JDBC;
    }

    /** The shortest URL of this style for an engine, on localhost; the dev container points it at the service. */
    String minimalUrl(DatabaseType type) {
        String scheme = switch (type) {
            case POSTGRES -> "postgresql";
            case MYSQL -> "mysql";
            case MARIADB -> "mariadb";
            case REDIS -> "redis";
            case SQLITE -> throw new IllegalArgumentException("SQLite has no server to point a URL at");
        };
        return (type == DatabaseType.REDIS ? "" : prefix) + scheme + "://localhost";
    }
}
