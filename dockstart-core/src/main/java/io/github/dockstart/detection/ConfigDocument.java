package io.github.dockstart.detection;

import java.util.List;

/**
 * The keys of one configuration document (a file, or one {@code ---} part of it) that share one
 * profile, in file order.
 *
 * @param file    path relative to the project root
 * @param profile the profile, or {@code null} for the base configuration
 */
record ConfigDocument(String file, String profile, List<ConfigProperty> properties) {

    ConfigDocument {
        properties = List.copyOf(properties);
    }
}
