package io.github.dockstart.rendering;

import io.github.dockstart.model.AppSetting;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of the dev container's service, so that the application, unchanged and
 * configured for {@code localhost}, reaches every database of the stack: each setting through
 * which it finds a database (a framework key, a placeholder variable, a {@code .env} URL) gets
 * the environment variable its framework reads, pointing at the database's Compose service and
 * the port the server listens on inside the network, with the credentials the database container
 * is created with (also those {@code generate} chose because the project configures none).
 * A project with {@code spring-boot-docker-compose} would start a second stack from inside the
 * container: that is switched off.
 *
 * <p>Values are plain text here; {@link ComposeYaml#escapeInterpolation} later doubles every
 * {@code $}, so a password reaches the app as written.
 */
final class AppEnvironment {

    static final String SPRING_DOCKER_COMPOSE_ENABLED = "SPRING_DOCKER_COMPOSE_ENABLED";

    private AppEnvironment() {
    }

    /** Variable to value, grouped by database in the model's order; of two databases wanting one variable, the first has it. */
    static Map<String, String> of(ProjectModel model) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (DatabaseService db : model.services()) {
            if (!db.type().hasServer()) {
                continue;
            }
            for (AppSetting setting : db.appSettings()) {
                String value = value(setting, db);
                if (value != null) {
                    environment.putIfAbsent(setting.environmentVariable(), value);
                }
            }
        }
        if (model.springBootDockerCompose()) {
            environment.put(SPRING_DOCKER_COMPOSE_ENABLED, "false");
        }
        return environment;
    }

    /** The setting's value inside the stack, or {@code null} when there is nothing to set (no password). */
    static String value(AppSetting setting, DatabaseService db) {
        String host = db.name();
        int port = containerPort(db);
        return switch (setting.part()) {
            case URL -> pointAt(setting.url(), db);
            case HOST -> host;
            case PORT -> Integer.toString(port);
            case HOST_AND_PORT -> host + ":" + port;
            case DATABASE -> orNull(db.database());
            case USER -> orNull(db.user());
            case PASSWORD -> orNull(db.password());
        };
    }

    /**
     * The port the server listens on inside the Compose network: a generated container always runs
     * the image's default port (the project's own port is only published on the host); a service
     * of the project's Compose file listens where that file says.
     */
    static int containerPort(DatabaseService db) {
        return db.fromExistingCompose() && db.port() > 0 ? db.port() : db.type().defaultPort();
    }

    /**
     * The URL with its host and port replaced by the service's ({@code jdbc:postgresql:shop} gains
     * them, several hosts become the one); the rest as configured, except parts still holding a
     * placeholder without a default, which get the service's database or credentials. A SQL URL
     * that names no database gets the service's, the one its container creates. The stack's Redis
     * speaks no TLS, so {@code rediss:} becomes {@code redis:}.
     */
    static String pointAt(String url, DatabaseService db) {
        String address = db.name() + ":" + containerPort(db);
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            // jdbc:postgresql:database means localhost
            int question = url.indexOf('?');
            int colon = (question < 0 ? url : url.substring(0, question)).lastIndexOf(':');
            return pointAt(url.substring(0, colon + 1) + "//localhost/" + url.substring(colon + 1), db);
        }
        String scheme = url.substring(0, slashes + 2);
        if (scheme.equalsIgnoreCase("rediss://")) {
            scheme = "redis://";
        }
        String rest = url.substring(slashes + 2);
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String after = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        if (userInfo.contains("${")) {
            userInfo = credentials(db);
        }
        int question = after.indexOf('?');
        String path = question < 0 ? after : after.substring(0, question);
        String query = question < 0 ? "" : after.substring(question);
        boolean sql = db.type() != DatabaseType.REDIS;
        if (path.contains("${") || (sql && path.replace("/", "").isEmpty() && !isEmpty(db.database()))) {
            path = isEmpty(db.database()) ? "" : "/" + db.database();
        }
        return scheme + userInfo + address + path + query;
    }

    private static String credentials(DatabaseService db) {
        if (isEmpty(db.user()) && isEmpty(db.password())) {
            return "";
        }
        String user = encode(db.user() == null ? "" : db.user());
        return isEmpty(db.password()) ? user + "@" : user + ":" + encode(db.password()) + "@";
    }

    private static String encode(String text) {
        // user info is percent-encoded like a query component, except that a space is %20
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String orNull(String value) {
        return isEmpty(value) ? null : value;
    }
}
