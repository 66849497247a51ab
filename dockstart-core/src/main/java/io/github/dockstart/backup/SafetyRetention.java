package io.github.dockstart.backup;

import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which safety copies rotation deletes: per container, all but the newest {@code keep} (by the time
 * in the name) in {@code backups/safety/}. They are not backups, so the retention days and the
 * keep-minimum of {@link RetentionPolicy} do not apply to them, nor they to it. The same rule as
 * {@code rotate_safety_copies} in the sidecar's {@code retention.sh} ({@code BACKUP_SAFETY_KEEP}).
 */
public record SafetyRetention(int keep) {

    /** The host's setting; the sidecar's is {@code BACKUP_SAFETY_KEEP}. */
    public static final String SETTING = PropertyNames.SAFETY_KEEP;
    public static final int DEFAULT_KEEP = 3;
    public static final SafetyRetention DEFAULT = new SafetyRetention(DEFAULT_KEEP);

    public SafetyRetention {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of safety copies kept must not be negative: " + keep);
        }
    }

    /** {@code dockstart.safetyKeep} from its text (blank: the default). */
    public static SafetyRetention parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String digits = text.trim();
        if (!digits.matches("[0-9]{1,9}")) {
            throw new InvalidSettingException(SETTING, text, SETTING + "='" + text + "' is not a whole number (0 or more) of safety copies to keep.");
        }
        return new SafetyRetention(Integer.parseInt(digits));
    }

    /**
     * @param copies     the safety copies found
     * @param extensions each container whose copies may go, with its type's extension
     * @return the copies to delete, oldest first
     */
    public List<StoredBackup> toDelete(List<StoredBackup> copies, Map<String, String> extensions) {
        Map<String, List<StoredBackup>> byContainer = new TreeMap<>();
        for (StoredBackup copy : copies) {
            if (copy.name().extension().equals(extensions.get(copy.name().container()))) {
                byContainer.computeIfAbsent(copy.name().container(), c -> new ArrayList<>()).add(copy);
            }
        }
        List<StoredBackup> doomed = new ArrayList<>();
        for (List<StoredBackup> ofContainer : byContainer.values()) {
            ofContainer.sort(Comparator.comparing((StoredBackup b) -> b.name().takenAt()).reversed());
            doomed.addAll(ofContainer.subList(Math.min(keep, ofContainer.size()), ofContainer.size()));
        }
        doomed.sort(Comparator.comparing((StoredBackup b) -> b.name().takenAt()));
        return doomed;
    }
}
