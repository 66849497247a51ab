package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 25, 12, 0, 0);

    private static StoredBackup backup(String container, int daysAgo, boolean good) {
        BackupFileName name = new BackupFileName(container, NOW.minusDays(daysAgo).withHour(3), "sql");
        return new StoredBackup(Path.of(name.fileName()), name, 10, good);
    }

    private static List<String> names(List<StoredBackup> backups) {
        return backups.stream().map(b -> b.name().fileName()).toList();
    }

    @Test
    void deletesOnlyWhatIsOlderThanTheRetention() {
        List<StoredBackup> backups = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            backups.add(backup("postgres", day, true));
        }

        List<StoredBackup> doomed = new RetentionPolicy(7, 3).toDelete(backups, Set.of("postgres"), NOW);

        assertThat(names(doomed)).containsExactly(
                "postgres-2026-11-16T03-00-00.sql.gz", "postgres-2026-11-17T03-00-00.sql.gz", "postgres-2026-11-18T03-00-00.sql.gz");
    }

    @Test
    void keepsTheMinimumEvenWhenAllAreOld() {
        List<StoredBackup> backups = List.of(backup("postgres", 30, true), backup("postgres", 31, true),
                backup("postgres", 32, true), backup("postgres", 33, true), backup("postgres", 34, true));

        List<StoredBackup> doomed = new RetentionPolicy(7, 3).toDelete(backups, Set.of("postgres"), NOW);

        assertThat(names(doomed)).containsExactly("postgres-2026-10-22T03-00-00.sql.gz", "postgres-2026-10-23T03-00-00.sql.gz");
    }

    @Test
    void incompleteBackupsDoNotCountTowardsTheMinimum() {
        List<StoredBackup> backups = List.of(backup("postgres", 30, false), backup("postgres", 31, true),
                backup("postgres", 32, true), backup("postgres", 33, true), backup("postgres", 34, true));

        List<StoredBackup> doomed = new RetentionPolicy(7, 3).toDelete(backups, Set.of("postgres"), NOW);

        assertThat(names(doomed)).containsExactly("postgres-2026-10-22T03-00-00.sql.gz", "postgres-2026-10-26T03-00-00.sql.gz");
    }

    @Test
    void judgesEachContainerOnItsOwn() {
        List<StoredBackup> backups = List.of(backup("postgres", 20, true), backup("postgres", 21, true),
                backup("redis", 1, true), backup("redis", 2, true), backup("redis", 3, true));

        List<StoredBackup> doomed = new RetentionPolicy(7, 1).toDelete(backups, Set.of("postgres", "redis"), NOW);

        assertThat(names(doomed)).containsExactly("postgres-2026-11-04T03-00-00.sql.gz");
    }

    @Test
    void leavesOtherContainersAlone() {
        List<StoredBackup> backups = List.of(backup("legacy", 50, true), backup("legacy", 51, true));

        assertThat(new RetentionPolicy(7, 0).toDelete(backups, Set.of("postgres"), NOW)).isEmpty();
    }

    @Test
    void retentionZeroAndKeepMinZeroStillKeepTheNewestGoodBackup() {
        List<StoredBackup> backups = List.of(backup("postgres", 0, false), backup("postgres", 1, true), backup("postgres", 2, true));

        List<StoredBackup> doomed = new RetentionPolicy(0, 0).toDelete(backups, Set.of("postgres"), NOW);

        assertThat(names(doomed)).containsExactly("postgres-2026-11-23T03-00-00.sql.gz", "postgres-2026-11-25T03-00-00.sql.gz");
    }

    @Test
    void aFutureDatedBackupIsKeptButProtectsNothing() {
        BackupFileName ahead = new BackupFileName("postgres", NOW.plusDays(300), "sql");
        BackupFileName justAhead = new BackupFileName("postgres", NOW.plusMinutes(4), "sql");
        List<StoredBackup> backups = List.of(new StoredBackup(Path.of(ahead.fileName()), ahead, 10, true),
                new StoredBackup(Path.of(justAhead.fileName()), justAhead, 10, true),
                backup("postgres", 20, true), backup("postgres", 21, true), backup("postgres", 22, true));

        List<StoredBackup> doomed = new RetentionPolicy(7, 2).toDelete(backups, Set.of("postgres"), NOW);

        // four minutes ahead is within the tolerance: a good backup that counts; a year ahead counts for nothing
        assertThat(ahead.isFutureDated(NOW)).isTrue();
        assertThat(justAhead.isFutureDated(NOW)).isFalse();
        assertThat(names(doomed)).containsExactly("postgres-2026-11-03T03-00-00.sql.gz", "postgres-2026-11-04T03-00-00.sql.gz");
    }

    @Test
    void aBackupStaysWhenAnyRuleKeepsIt() {
        List<StoredBackup> backups = new ArrayList<>();
        for (int day = 0; day < 70; day++) {
            backups.add(backup("postgres", day, true));
        }
        BackupFileName lateAndIncomplete = new BackupFileName("postgres", LocalDateTime.of(2026, 10, 31, 4, 0), "sql");
        backups.add(new StoredBackup(Path.of(lateAndIncomplete.fileName()), lateAndIncomplete, 10, false));

        List<StoredBackup> doomed = new RetentionPolicy(7, 0, new Generations(0, 0, 2)).toDelete(backups, Set.of("postgres"), NOW);

        // the last 7 days for their age (18 November, 03:00, is older than 7 days at noon), and the newest good one of
        // the last 2 months: November's is today's, October's the 31st at 03:00, not the incomplete one after it
        assertThat(names(doomed)).hasSize(70 - 7 - 1 + 1).contains("postgres-2026-11-18T03-00-00.sql.gz",
                "postgres-2026-10-31T04-00-00.sql.gz", "postgres-2026-10-30T03-00-00.sql.gz")
                .doesNotContain("postgres-2026-10-31T03-00-00.sql.gz", "postgres-2026-11-19T03-00-00.sql.gz");
    }

    @Test
    void aFutureDatedBackupCountsForNoPeriod() {
        BackupFileName ahead = new BackupFileName("postgres", NOW.plusDays(40), "sql");
        List<StoredBackup> backups = List.of(new StoredBackup(Path.of(ahead.fileName()), ahead, 10, true),
                backup("postgres", 1, true), backup("postgres", 2, true), backup("postgres", 3, true));

        List<StoredBackup> doomed = new RetentionPolicy(0, 0, new Generations(2, 0, 0)).toDelete(backups, Set.of("postgres"), NOW);

        assertThat(names(doomed)).containsExactly("postgres-2026-11-22T03-00-00.sql.gz");
    }
}
