package io.github.dockstart.output;

/**
 * @param force  overwrite files changed by hand since dockstart wrote them
 * @param dryRun write nothing, report a unified diff instead
 */
public record WriteOptions(boolean force, boolean dryRun) {
}
