package io.github.dockstart.rendering;

/**
 * One file dockstart writes.
 *
 * @param path       path relative to the project root, with {@code /} separators, e.g. {@code .devcontainer/Dockerfile}
 * @param content    the full text
 * @param executable whether it gets the executable bits (scripts)
 */
public record GeneratedFile(String path, String content, boolean executable) {
}
