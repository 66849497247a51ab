package io.github.dockstart.detection;

import io.github.dockstart.model.Evidence;

/**
 * One key of a configuration file with its raw value and the 1-based line it was written on.
 *
 * @param file    path relative to the project root
 * @param line    line of the key
 * @param key     the flattened key, e.g. {@code spring.datasource.url}; a Quarkus {@code %dev.} prefix removed
 * @param value   the value as written, placeholders not yet resolved
 * @param profile the Spring/Quarkus/Micronaut profile the key belongs to, or {@code null} for the base
 */
record ConfigProperty(String file, int line, String key, String value, String profile) {

    ConfigProperty withProfile(String newKey, String newProfile) {
        return new ConfigProperty(file, line, newKey, value, newProfile);
    }

    Evidence evidence() {
        return new Evidence(file, line, key);
    }

    @Override
    public String toString() {
        // values may be passwords
        return file + ":" + line + " " + key;
    }
}
