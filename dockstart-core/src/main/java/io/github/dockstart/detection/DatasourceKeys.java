package io.github.dockstart.detection;

import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of one datasource of the application ({@code spring.datasource}, {@code quarkus.redis},
 * {@code datasources.default}, {@code app.datasource.reporting}) and which parts of the connection
 * its configuration sets. The framework's standard keys for the parts it leaves out are added, so
 * that the app finds the service and the credentials dockstart chose even where the project
 * configures nothing: a Spring Boot app whose database comes from {@code spring-boot-docker-compose}
 * configures no URL at all.
 *
 * @param prefix     the keys' common prefix as written, e.g. {@code spring.redis} for Spring Boot 2 keys
 * @param framework  whose keys these are, {@code null} for the application's own
 * @param naming     how the framework maps environment variables onto them
 * @param redis      whether this is a Redis client's configuration
 * @param configured the parts the configuration sets
 */
record DatasourceKeys(String prefix, Framework framework, Naming naming, boolean redis, Set<Part> configured) {

    DatasourceKeys {
        configured = Collections.unmodifiableSet(configured.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(configured));
    }

    /** The main datasource (or Redis client) of a framework, for a database its configuration does not mention. */
    static DatasourceKeys standard(Framework framework, boolean redis) {
        String prefix = switch (framework) {
            case SPRING_BOOT -> redis ? "spring.data.redis" : "spring.datasource";
            case QUARKUS -> redis ? "quarkus.redis" : "quarkus.datasource";
            case MICRONAUT -> redis ? "redis" : "datasources.default";
        };
        return new DatasourceKeys(prefix, framework, naming(framework, Naming.ENVIRONMENT), redis, Set.of());
    }

    static Naming naming(Framework framework, Naming applicationNaming) {
        if (framework == null) {
            return applicationNaming;
        }
        return framework == Framework.SPRING_BOOT ? Naming.SPRING_BOOT : Naming.ENVIRONMENT;
    }

    /** Both: the same datasource seen in several documents. */
    DatasourceKeys with(DatasourceKeys other) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        parts.addAll(configured);
        parts.addAll(other.configured);
        return new DatasourceKeys(prefix, framework, naming, redis, parts);
    }

    /** The framework's keys for what the configuration leaves out: where the server is, and for SQL who logs in. */
    List<SettingClue> missing() {
        List<SettingClue> keys = new ArrayList<>();
        boolean located = configured.contains(Part.URL) || configured.contains(Part.HOST)
                || configured.contains(Part.HOST_AND_PORT);
        if (redis) {
            if (framework == Framework.SPRING_BOOT) {
                // host and port rather than a URL: Spring Boot lets spring.data.redis.url override both
                if (!located) {
                    keys.add(standard("host", Part.HOST));
                }
                if (!configured.contains(Part.URL) && !configured.contains(Part.PORT)) {
                    keys.add(standard("port", Part.PORT));
                }
            } else if (!located) {
                keys.add(standard(framework == Framework.QUARKUS ? "hosts" : framework == Framework.MICRONAUT ? "uri" : "url",
                        Part.URL));
            }
        } else {
            if (!located) {
                keys.add(standard(framework == Framework.QUARKUS ? "jdbc.url" : "url", Part.URL));
            }
            if (!configured.contains(Part.USER)) {
                keys.add(standard("username", Part.USER));
            }
        }
        if (!configured.contains(Part.PASSWORD)) {
            keys.add(standard("password", Part.PASSWORD));
        }
        return keys;
    }

    private SettingClue standard(String suffix, Part part) {
        String key = prefix + "." + suffix;
        return new SettingClue(key, naming, part, null, UrlStyle.ofKey(key, redis), SettingClue.STANDARD_KEY);
    }
}
