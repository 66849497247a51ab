package io.github.dockstart.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseType;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class BackupFileNameTest {

    @Test
    void formatsTheDocumentedPattern() {
        BackupFileName name = BackupFileName.of("postgres-reporting", DatabaseType.POSTGRES, LocalDateTime.of(2026, 3, 4, 5, 6, 7, 999));

        assertThat(name.fileName()).isEqualTo("postgres-reporting-2026-03-04T05-06-07.sql.gz");
        assertThat(name.checksumFileName()).isEqualTo("postgres-reporting-2026-03-04T05-06-07.sql.gz.sha256");
    }

    @Test
    void parsesWhatItFormatsWithDashesInTheContainer() {
        BackupFileName parsed = BackupFileName.parse("my-cache-2026-11-25T03-00-00.rdb.gz").orElseThrow();

        assertThat(parsed.container()).isEqualTo("my-cache");
        assertThat(parsed.takenAt()).isEqualTo(LocalDateTime.of(2026, 11, 25, 3, 0, 0));
        assertThat(parsed.fits(DatabaseType.REDIS)).isTrue();
        assertThat(parsed.fits(DatabaseType.POSTGRES)).isFalse();
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(BackupFileName.parse("postgres-2026-11-25T03-00-00.sql")).isEmpty();
        assertThat(BackupFileName.parse(".postgres-2026-11-25T03-00-00.sql.gz.tmp")).isEmpty();
        assertThat(BackupFileName.parse("postgres-2026-13-25T03-00-00.sql.gz")).isEmpty();
        assertThat(BackupFileName.parse("postgres-2026-11-25T03-00-00.sql.gz.sha256")).isEmpty();
        assertThat(BackupFileName.parse("postgres-2026-11-25 03-00-00.sql.gz")).isEmpty();
        assertThat(BackupFileName.parse("postgres-2026-11-25T03-00-00.tar.gz")).isEmpty();
    }
}
