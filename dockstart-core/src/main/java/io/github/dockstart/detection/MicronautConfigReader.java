package io.github.dockstart.detection;

import io.github.dockstart.detection.DatasourceBinding.Role;
import java.util.Optional;

/**
 * Micronaut datasource keys: {@code datasources.<name>.url|username|password|db-type|dialect|driver-class-name}
 * ({@code default} is the main one), {@code r2dbc.datasources.<name>.*}, and Redis
 * {@code redis.uri} / {@code redis.servers.<name>.uri}.
 */
final class MicronautConfigReader {

    private MicronautConfigReader() {
    }

    static Optional<DatasourceBinding> bind(ConfigKey key) {
        if (key.startsWith("datasources") && key.size() >= 3) {
            return named(key, 1, sqlRole(key.relaxedTail(2)), false);
        }
        if (key.startsWith("r2dbc", "datasources") && key.size() >= 4) {
            return named(key, 2, sqlRole(key.relaxedTail(3)), false);
        }
        if (key.startsWith("redis", "servers") && key.size() == 4) {
            return named(key, 2, redisRole(key.relaxedTail(3)), true);
        }
        if (key.startsWith("redis") && key.size() == 2) {
            Role role = redisRole(key.relaxedTail(1));
            return role == null ? Optional.empty() : Optional.of(new DatasourceBinding("redis", null, true, role, true, Framework.MICRONAUT));
        }
        return Optional.empty();
    }

    private static Optional<DatasourceBinding> named(ConfigKey key, int nameIndex, Role role, boolean redis) {
        if (role == null) {
            return Optional.empty();
        }
        String name = key.segment(nameIndex);
        boolean primary = name.equalsIgnoreCase("default");
        return Optional.of(new DatasourceBinding(key.head(nameIndex + 1), primary ? null : name, primary, role, redis, Framework.MICRONAUT));
    }

    private static Role sqlRole(String tail) {
        return switch (tail) {
            case "url" -> Role.URL;
            case "username" -> Role.USER;
            case "password" -> Role.PASSWORD;
            case "dbtype", "dialect" -> Role.KIND;
            case "driverclassname" -> Role.DRIVER_CLASS;
            default -> null;
        };
    }

    private static Role redisRole(String tail) {
        return switch (tail) {
            case "uri" -> Role.URL;
            case "password" -> Role.PASSWORD;
            default -> null;
        };
    }
}
