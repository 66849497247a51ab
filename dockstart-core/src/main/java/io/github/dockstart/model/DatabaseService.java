package io.github.dockstart.model;

import java.util.List;

/**
 * One database of the project, as dockstart will run and back it up.
 *
 * @param name      Compose service name and backup file prefix ({@code DB_CONTAINER}), e.g. {@code postgres}
 * @param type      the engine
 * @param image     the pinned server image, {@code null} for SQLite
 * @param host      host the application connects to in its own configuration
 * @param port      the server's port, 0 for SQLite
 * @param database  database name (for Redis the logical database index as text)
 * @param user      user name, may be empty for Redis
 * @param password  password, may be empty; never logged
 * @param path      SQLite file path relative to the project root, {@code null} otherwise
 * @param fromExistingCompose true when the service is defined by the project's own Compose file,
 *                  which is kept as it is
 * @param evidence  the files and lines behind this service, most specific last
 * @param appSettings the settings through which the application finds this database, which the dev
 *                  container overrides to point at the service
 */
public record DatabaseService(
        String name,
        DatabaseType type,
        String image,
        String host,
        int port,
        String database,
        String user,
        String password,
        String path,
        boolean fromExistingCompose,
        List<Evidence> evidence,
        List<AppSetting> appSettings) {

    public DatabaseService {
        evidence = List.copyOf(evidence);
        appSettings = List.copyOf(appSettings);
    }

    /** A service whose application settings are unknown. */
    public DatabaseService(String name, DatabaseType type, String image, String host, int port, String database,
            String user, String password, String path, boolean fromExistingCompose, List<Evidence> evidence) {
        this(name, type, image, host, port, database, user, password, path, fromExistingCompose, evidence, List.of());
    }

    /** The same service with these application settings. */
    public DatabaseService withAppSettings(List<AppSetting> settings) {
        return new DatabaseService(name, type, image, host, port, database, user, password, path, fromExistingCompose,
                evidence, settings);
    }

    /** The image's tag after the colon, e.g. {@code 16-alpine}, or empty. */
    public String imageTag() {
        if (image == null || !image.contains(":")) {
            return "";
        }
        return image.substring(image.lastIndexOf(':') + 1);
    }

    /** The leading number of the image tag, e.g. {@code 16} for {@code postgres:16-alpine}, or empty. */
    public String imageMajorVersion() {
        String tag = imageTag();
        int end = 0;
        while (end < tag.length() && Character.isDigit(tag.charAt(end))) {
            end++;
        }
        return tag.substring(0, end);
    }

    @Override
    public String toString() {
        // the password stays out of every string form of the model
        return "DatabaseService[name=" + name + ", type=" + type + ", image=" + image + ", host=" + host
                + ", port=" + port + ", database=" + database + ", user=" + user + ", path=" + path
                + ", fromExistingCompose=" + fromExistingCompose + ", evidence=" + evidence + ", appSettings=" + appSettings + "]";
    }
}
