package io.github.dockstart.detection;

/** The settings of a database that sources may state, and disagree on. */
enum Field {
    TYPE("type"),
    IMAGE("image"),
    HOST("host"),
    PORT("port"),
    DATABASE("database"),
    USER("user"),
    PASSWORD("password"),
    PATH("path");

    private final String label;

    Field(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
