package io.github.dockstart.model;

import java.util.Locale;

/**
 * One setting through which the application finds a database: a configuration key it reads
 * ({@code spring.datasource.url}, {@code quarkus.datasource."users".password}), a placeholder
 * variable in such a value ({@code MYSQL_HOST} of {@code ${MYSQL_HOST:localhost}}), or a
 * {@code .env} variable ({@code DATABASE_URL}). The dev container overrides each through the
 * environment variable its framework reads for it, so the unchanged application reaches the
 * database's Compose service.
 *
 * @param key    the key or variable as the application names it
 * @param naming how the framework finds the key among environment variables
 * @param part   what the setting holds
 * @param url    for {@link Part#URL}: the URL as configured (placeholders resolved to their
 *               defaults), or a minimal one of the right scheme when the key is not configured;
 *               {@code null} for other parts
 */
public record AppSetting(String key, Naming naming, Part part, String url) {

    /** What a setting holds; the dev container gives it the Compose service's value. */
    public enum Part {
        /** A whole connection URL: its host and port are replaced, the rest kept. */
        URL,
        HOST,
        PORT,
        /** {@code host:port} in one value. */
        HOST_AND_PORT,
        DATABASE,
        USER,
        PASSWORD
    }

    /** The rule by which the framework maps environment variables onto configuration keys. */
    public enum Naming {
        /**
         * Spring Boot's relaxed binding: dots become underscores, dashes are removed, upper case
         * ({@code spring.datasource.hikari.jdbc-url} is {@code SPRING_DATASOURCE_HIKARI_JDBCURL}).
         */
        SPRING_BOOT,
        /**
         * MicroProfile Config (Quarkus), Micronaut, and placeholders resolved from the environment in
         * any framework: every character but letters, digits and {@code _} becomes {@code _}, upper
         * case ({@code quarkus.datasource."users".jdbc.url} is {@code QUARKUS_DATASOURCE__USERS__JDBC_URL}).
         */
        ENVIRONMENT
    }

    public AppSetting {
        if ((part == Part.URL) != (url != null)) {
            throw new IllegalArgumentException("a URL setting needs its URL, and only a URL setting has one: " + key);
        }
    }

    /** The environment variable the application reads for this setting. */
    public String environmentVariable() {
        return environmentVariable(key, naming);
    }

    /** The environment variable a framework with this naming reads for {@code key}. */
    public static String environmentVariable(String key, Naming naming) {
        String name = switch (naming) {
            case SPRING_BOOT -> key.replace("-", "").replaceAll("[^A-Za-z0-9_]", "_");
            case ENVIRONMENT -> key.replaceAll("[^A-Za-z0-9_]", "_");
        };
        return name.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        // a configured URL may carry a password
        return "AppSetting[key=" + key + ", naming=" + naming + ", part=" + part + "]";
    }
}
