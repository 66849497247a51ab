package io.github.dockstart.detection;

import io.github.dockstart.detection.DatasourceBinding.Role;
import java.util.Optional;

/**
 * Quarkus datasource keys: {@code quarkus.datasource.db-kind|username|password|jdbc.url|reactive.url}
 * for the default datasource, the same after a name for named ones
 * ({@code quarkus.datasource."reporting".jdbc.url}), and Redis {@code quarkus.redis[."name"].hosts|password}.
 * Profile prefixes ({@code %dev.}) are already split off.
 */
final class QuarkusConfigReader {

    private QuarkusConfigReader() {
    }

    static Optional<DatasourceBinding> bind(ConfigKey key) {
        if (key.startsWith("quarkus", "datasource")) {
            return bind(key, QuarkusConfigReader::datasourceRole, false);
        }
        if (key.startsWith("quarkus", "redis")) {
            return bind(key, QuarkusConfigReader::redisRole, true);
        }
        return Optional.empty();
    }

    private static Optional<DatasourceBinding> bind(ConfigKey key, java.util.function.Function<String, Role> roleOf, boolean redis) {
        Role defaultRole = roleOf.apply(key.relaxedTail(2));
        if (defaultRole != null) {
            return Optional.of(new DatasourceBinding(key.head(2), null, true, defaultRole, redis, Framework.QUARKUS));
        }
        if (key.size() > 3) {
            Role namedRole = roleOf.apply(key.relaxedTail(3));
            if (namedRole != null) {
                String name = key.segment(2);
                return Optional.of(new DatasourceBinding(key.head(2) + ".\"" + name + "\"", name, false, namedRole, redis, Framework.QUARKUS));
            }
        }
        return Optional.empty();
    }

    private static Role datasourceRole(String tail) {
        return switch (tail) {
            case "dbkind" -> Role.KIND;
            case "username" -> Role.USER;
            case "password" -> Role.PASSWORD;
            case "jdbc.url", "reactive.url" -> Role.URL;
            default -> null;
        };
    }

    private static Role redisRole(String tail) {
        return switch (tail) {
            case "hosts" -> Role.URL_LIST;
            case "password" -> Role.PASSWORD;
            case "username" -> Role.USER;
            default -> null;
        };
    }
}
