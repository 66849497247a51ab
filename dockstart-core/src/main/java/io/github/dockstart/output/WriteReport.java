package io.github.dockstart.output;

import java.util.List;

/**
 * What a write did.
 *
 * @param written      paths written (created or changed)
 * @param unchanged    paths whose content was already right
 * @param removed      paths dockstart wrote earlier and no longer generates (e.g. the sidecar's files
 *                     once it is off), deleted as they were unchanged
 * @param diff         unified diff of what would change (dry run) or changed, empty when nothing
 */
public record WriteReport(List<String> written, List<String> unchanged, List<String> removed, String diff) {
}
