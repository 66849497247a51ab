package io.github.dockstart.model;

/**
 * Where a detected fact came from: a file relative to the project root, a 1-based line, and what
 * was found there (a dependency's coordinates, a property's key, a Compose service).
 */
public record Evidence(String file, int line, String detail) {

    @Override
    public String toString() {
        return file + ":" + line + " " + detail;
    }
}
