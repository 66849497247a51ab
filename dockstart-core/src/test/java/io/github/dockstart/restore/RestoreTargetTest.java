package io.github.dockstart.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTargetTest {

    @TempDir
    Path project;

    private BackupDirectory backups;

    private static final DatabaseService POSTGRES = service("postgres", DatabaseType.POSTGRES);
    private static final DatabaseService REDIS = service("redis", DatabaseType.REDIS);

    private static DatabaseService service(String name, DatabaseType type) {
        return new DatabaseService(name, type, type.defaultImage(), "localhost", type.defaultPort(), "demo", "demo", "secret",
                null, false, List.of());
    }

    @BeforeEach
    void backups() throws IOException {
        Path dir = Files.createDirectory(project.resolve("backups"));
        backups = new BackupDirectory(dir, project);
        for (String file : List.of("postgres-2026-11-23T03-00-00.sql.gz", "postgres-2026-11-24T03-00-00.sql.gz",
                "redis-2026-11-25T03-00-00.rdb.gz")) {
            Files.writeString(dir.resolve(file), "x");
        }
    }

    @Test
    void aNameTellsTheService() {
        RestoreTarget target = RestoreTarget.choose(List.of(POSTGRES, REDIS), null, "redis-2026-11-25T03-00-00.rdb.gz", backups);

        assertThat(target.service()).isEqualTo(REDIS);
        assertThat(target.file()).isEqualTo(project.resolve("backups/redis-2026-11-25T03-00-00.rdb.gz"));
    }

    @Test
    void latestIsTheNewestOfTheService() {
        RestoreTarget target = RestoreTarget.choose(List.of(POSTGRES, REDIS), "postgres", "latest", backups);

        assertThat(target.file().getFileName().toString()).isEqualTo("postgres-2026-11-24T03-00-00.sql.gz");
    }

    @Test
    void latestNeedsAServiceWhenThereAreSeveral() {
        assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES, REDIS), null, "latest", backups))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.backup=latest does not say which service it is for: set dockstart.service to one of postgres, redis.");
    }

    @Test
    void latestWithNoBackupsSaysSo() {
        DatabaseService mysql = service("mysql", DatabaseType.MYSQL);

        assertThatThrownBy(() -> RestoreTarget.choose(List.of(mysql), null, "latest", backups))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("there is no backup of service 'mysql'");
    }

    @Test
    void aSnapshotIsRefusedForAPostgresService() {
        assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES, REDIS), "postgres", "redis-2026-11-25T03-00-00.rdb.gz", backups))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Backup redis-2026-11-25T03-00-00.rdb.gz is a Redis snapshot (.rdb.gz), but service 'postgres' is postgres,"
                        + " which restores from .sql.gz files.");
    }

    @Test
    void unknownServiceIsNamed() {
        assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES), "mongo", "latest", backups))
                .hasMessage("dockstart.service=mongo is not a service of this project; it has: postgres.");
    }

    @Test
    void pathsOutsideTheProjectAreRefused() throws IOException {
        Path outside = Files.createTempFile("postgres-2026-11-24T03-00-00", ".sql.gz");
        try {
            assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES), null, "../../etc/postgres-2026-11-24T03-00-00.sql.gz", backups))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("points outside the project");
            assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES), null, outside.toString(), backups))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("points outside the project");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aPathInsideTheProjectIsFine() {
        RestoreTarget target = RestoreTarget.choose(List.of(POSTGRES), null, "backups/postgres-2026-11-23T03-00-00.sql.gz", backups);

        assertThat(target.file()).isEqualTo(project.resolve("backups/postgres-2026-11-23T03-00-00.sql.gz"));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> RestoreTarget.choose(List.of(POSTGRES), null, "postgres-2020-01-01T00-00-00.sql.gz", backups))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such backup file");
    }
}
