package io.github.dockstart.output;

import java.util.List;

/**
 * What a write did.
 *
 * @param written      paths written (created or changed)
 * @param unchanged    paths whose content was already right
 * @param diff         unified diff of what would change (dry run) or changed, empty when nothing
 */
public record WriteReport(List<String> written, List<String> unchanged, String diff) {
}
