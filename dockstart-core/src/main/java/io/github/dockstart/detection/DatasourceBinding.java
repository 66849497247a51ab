package io.github.dockstart.detection;

/**
 * Which datasource a configuration key belongs to and what it sets there.
 *
 * @param prefix  the datasource's key prefix, its identity within a module, e.g. {@code spring.datasource}
 * @param name    the application's name for it (e.g. {@code reporting}), or {@code null} for the main one
 * @param primary whether it is the application's main datasource
 * @param role    what the key sets
 * @param redis   whether the prefix is a Redis client's, so the engine is known without a URL
 * @param framework the framework whose keys these are, or {@code null} for the application's own
 *                ({@code app.datasource.reporting.url})
 */
record DatasourceBinding(String prefix, String name, boolean primary, Role role, boolean redis, Framework framework) {

    enum Role {
        URL,
        /** Quarkus {@code hosts}: comma-separated URLs, the first counts. */
        URL_LIST,
        HOST,
        PORT,
        DATABASE,
        USER,
        PASSWORD,
        /** Quarkus {@code db-kind}, Micronaut {@code db-type} / {@code dialect}. */
        KIND,
        DRIVER_CLASS
    }
}
