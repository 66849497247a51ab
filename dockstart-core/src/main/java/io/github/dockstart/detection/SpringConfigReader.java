package io.github.dockstart.detection;

import io.github.dockstart.detection.DatasourceBinding.Role;
import java.util.Optional;

/**
 * Spring Boot's datasource keys: {@code spring.datasource.*} (and Hikari's {@code jdbc-url}),
 * {@code spring.r2dbc.*}, and Redis under {@code spring.data.redis.*} (Boot 3) or
 * {@code spring.redis.*} (Boot 2), which count as one datasource. Other datasources of an
 * application ({@code app.datasource.reporting.url}) are found by their URL value.
 */
final class SpringConfigReader {

    private static final String REDIS_PREFIX = "spring.data.redis";

    private SpringConfigReader() {
    }

    static Optional<DatasourceBinding> bind(ConfigKey key) {
        if (key.startsWith("spring", "datasource")) {
            Role role = switch (key.relaxedTail(2)) {
                case "url", "hikari.jdbcurl" -> Role.URL;
                case "username", "hikari.username" -> Role.USER;
                case "password", "hikari.password" -> Role.PASSWORD;
                case "driverclassname", "hikari.driverclassname" -> Role.DRIVER_CLASS;
                default -> null;
            };
            return binding("spring.datasource", null, role, false);
        }
        if (key.startsWith("spring", "r2dbc")) {
            Role role = switch (key.relaxedTail(2)) {
                case "url" -> Role.URL;
                case "username" -> Role.USER;
                case "password" -> Role.PASSWORD;
                default -> null;
            };
            return binding("spring.r2dbc", "r2dbc", role, false);
        }
        if (key.startsWith("spring", "data", "redis")) {
            return binding(REDIS_PREFIX, null, redisRole(key.relaxedTail(3)), true);
        }
        if (key.startsWith("spring", "redis")) {
            return binding(REDIS_PREFIX, null, redisRole(key.relaxedTail(2)), true);
        }
        return Optional.empty();
    }

    private static Role redisRole(String tail) {
        return switch (tail) {
            case "url" -> Role.URL;
            case "host" -> Role.HOST;
            case "port" -> Role.PORT;
            case "database" -> Role.DATABASE;
            case "username" -> Role.USER;
            case "password" -> Role.PASSWORD;
            default -> null;
        };
    }

    private static Optional<DatasourceBinding> binding(String prefix, String name, Role role, boolean redis) {
        return role == null ? Optional.empty() : Optional.of(new DatasourceBinding(prefix, name, true, role, redis, Framework.SPRING_BOOT));
    }
}
