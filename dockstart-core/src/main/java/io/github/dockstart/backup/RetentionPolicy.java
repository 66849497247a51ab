package io.github.dockstart.backup;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which backups rotation deletes; the same rules as the sidecar's {@code rotate.sh}:
 * per container, a backup older than {@code retentionDays} (judged by the time in its name, as
 * copies lose modification times) goes, but the newest {@code keepMin} good ones (with their
 * checksum) stay even when old; an old backup without its checksum always goes. The newest good
 * backup always stays, also with {@code keepMin} 0. A future-dated backup
 * ({@link BackupFileName#isFutureDated}) stays but protects nothing: it does not count towards
 * {@code keepMin}, so a clock that jumped cannot make rotation delete the real backups. A good backup
 * that {@link Generations} keeps (the newest of its day, week or month, among the last so many that
 * have one) stays too: a backup stays when any rule keeps it. Only backups of
 * the given containers are considered. The defaults are the sidecar's
 * ({@code rendering.SidecarSettings}), so that one setting means the same on the host.
 */
public record RetentionPolicy(int retentionDays, int keepMin, Generations generations) {

    /** Days and minimum only, no periods kept. */
    public RetentionPolicy(int retentionDays, int keepMin) {
        this(retentionDays, keepMin, Generations.NONE);
    }

    public RetentionPolicy {
        if (generations == null) {
            throw new IllegalArgumentException("generations are required (Generations.NONE for none)");
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days must not be negative: " + retentionDays);
        }
        if (keepMin < 0) {
            throw new IllegalArgumentException("the minimum kept must not be negative: " + keepMin);
        }
    }

    /**
     * Which of {@code backups} go, counting for each container only the backups of its own type,
     * as the sidecar's rotation does for the backup directory and the bucket alike.
     *
     * @param extensions each container whose backups may go, with the extension of its type
     *                   ({@code sql}, {@code rdb}, {@code db}); a backup of another type is not its backup
     */
    public List<StoredBackup> toDelete(List<StoredBackup> backups, Map<String, String> extensions, LocalDateTime now) {
        List<StoredBackup> ofTheirType = backups.stream()
                .filter(b -> b.name().extension().equals(extensions.get(b.name().container())))
                .toList();
        return toDelete(ofTheirType, extensions.keySet(), now);
    }

    /**
     * @param backups    the backups found, each marked good (complete with its checksum) or not
     * @param containers the containers whose backups rotation may touch
     * @param now        the current time in the backups' time zone
     * @return the backups to delete, oldest first
     */
    public List<StoredBackup> toDelete(List<StoredBackup> backups, Set<String> containers, LocalDateTime now) {
        LocalDateTime cutoff = now.minusDays(retentionDays);
        int floor = Math.max(keepMin, 1);
        Map<String, List<StoredBackup>> byContainer = new TreeMap<>();
        for (StoredBackup backup : backups) {
            if (containers.contains(backup.name().container())) {
                byContainer.computeIfAbsent(backup.name().container(), c -> new ArrayList<>()).add(backup);
            }
        }
        List<StoredBackup> doomed = new ArrayList<>();
        for (List<StoredBackup> ofContainer : byContainer.values()) {
            ofContainer.sort(Comparator.comparing((StoredBackup b) -> b.name().takenAt()).reversed());
            int goodSeen = 0;
            Generations.Selection periods = generations.selection();
            for (StoredBackup backup : ofContainer) {
                if (backup.name().isFutureDated(now)) {
                    continue;
                }
                boolean kept = !backup.name().takenAt().isBefore(cutoff);
                if (backup.good()) {
                    kept |= goodSeen++ < floor;
                    kept |= periods.keeps(backup.name().takenAt().toLocalDate());
                }
                if (!kept) {
                    doomed.add(backup);
                }
            }
        }
        doomed.sort(Comparator.comparing((StoredBackup b) -> b.name().takenAt()));
        return doomed;
    }
}
