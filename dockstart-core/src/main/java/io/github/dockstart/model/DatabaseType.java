package io.github.dockstart.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The database engines dockstart knows, with the facts every layer shares: the id used in
 * {@code DB_TYPE} and in detect JSON, the default port, the backup file extension and the
 * pinned server image.
 */
public enum DatabaseType {
    POSTGRES("postgres", 5432, "sql", "postgres:16-alpine"),
    // MySQL's 8.4 LTS line, unless the project pins another version. Tags "8.4" and "8" (8.4.11)
    // exist in docker-library/official-images, file library/mysql, commit c0fa14df6b65 of
    // 2026-07-27, beside the newer LTS 9.7 ("lts") and innovation 26.x ("latest")
    MYSQL("mysql", 3306, "sql", "mysql:8.4"),
    MARIADB("mariadb", 3306, "sql", "mariadb:11.4"),
    REDIS("redis", 6379, "rdb", "redis:7-alpine"),
    SQLITE("sqlite", 0, "db", null);

    private final String id;
    private final int defaultPort;
    private final String fileExtension;
    private final String defaultImage;

    DatabaseType(String id, int defaultPort, String fileExtension, String defaultImage) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.fileExtension = fileExtension;
        this.defaultImage = defaultImage;
    }

    /** The lower-case id: {@code postgres}, {@code mysql}, {@code mariadb}, {@code redis}, {@code sqlite}. */
    public String id() {
        return id;
    }

    /** The server's usual port; 0 for SQLite, which has no server. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Extension of a backup before {@code .gz}: {@code sql}, {@code rdb} or {@code db}. */
    public String fileExtension() {
        return fileExtension;
    }

    /** Server image pinned to a major version, or {@code null} for SQLite (a file, no container). */
    public String defaultImage() {
        return defaultImage;
    }

    /** Whether this type runs as its own container with a network server. */
    public boolean hasServer() {
        return this != SQLITE;
    }

    public static Optional<DatabaseType> fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
