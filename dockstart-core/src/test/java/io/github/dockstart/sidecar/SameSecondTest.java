package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.CommandRunner;
import io.github.dockstart.access.Connection;
import io.github.dockstart.access.DatabaseAccessFactory;
import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.backup.BackupService;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two writers in one second: the sidecar's backup.sh and the host's backup goal name backups to the
 * second, and neither may replace a backup the other finished under the same name. The clocks of
 * both are stopped at one second, so every run wants the same name.
 */
class SameSecondTest {

    private static final Instant SECOND = Instant.parse("2026-11-25T03:00:00Z");
    private static final String NAME = "app-2026-11-25T03-00-00.db.gz";
    private static final String NEXT = "app-2026-11-25T03-00-01.db.gz";

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Path database;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        database = servers.newDirectory("ds-same").resolve("app.db");
        Sqlite.sql(database, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('first');");
        sidecar = new Sidecar(servers).sqlite("app", database);
        sidecar.shell.fixClock(SECOND.getEpochSecond());
    }

    private Path hostBackup() throws Exception {
        Path project = sidecar.backupDir.getParent();
        DatabaseService service = new DatabaseService("app", DatabaseType.SQLITE, null, null, 0, null, null, null,
                database.toString(), false, List.of());
        var access = new DatabaseAccessFactory(project, new CommandRunner(project), null)
                .create(service, new Connection("localhost", 0, "", "", database.toString()), Via.LOCAL, null);
        BackupService backups = new BackupService(new BackupDirectory(sidecar.backupDir, project),
                Clock.fixed(SECOND, ZoneOffset.UTC), DockstartLog.SILENT);
        return backups.backup(service, access);
    }

    @Test
    void aNameTheHostTookDuringTheSidecarsDumpIsNotReplaced() {
        // the host finishes its backup of the same second while the sidecar is still copying
        sidecar.shell.wrapClient("sqlite3", "case \"$*\" in *VACUUM*) printf host >" + sidecar.backupDir.resolve(NAME)
                + "; printf 'host sum' >" + sidecar.backupDir.resolve(NAME + ".sha256") + " ;; esac\nexec \"$REAL\" \"$@\"");

        Exec.Result result = sidecar.backupOk();

        assertThat(sidecar.backupDir.resolve(NAME)).hasContent("host");
        assertThat(sidecar.backupDir.resolve(NAME + ".sha256")).hasContent("host sum");
        assertThat(new BackupVerifier().verify(sidecar.backupDir.resolve(NEXT)).good()).isTrue();
        assertThat(result.stderr()).contains(NAME + " was taken (another backup in the same second); this one is " + NEXT,
                "backup of app written: " + sidecar.backupDir.resolve(NEXT));
        assertThat(sidecar.strayFiles()).as("no temporary file left").isEmpty();
    }

    @Test
    void aSidecarAndAHostBackupInTheSameSecondBothStay() throws Exception {
        sidecar.backupOk();
        Path sidecarFile = sidecar.backupDir.resolve(NAME);
        byte[] sidecarBytes = Files.readAllBytes(sidecarFile);

        Path hostFile = hostBackup();
        Exec.Result third = sidecar.backupOk();

        assertThat(hostFile.getFileName().toString()).isEqualTo(NEXT);
        assertThat(Files.readAllBytes(sidecarFile)).isEqualTo(sidecarBytes);
        assertThat(third.stderr()).contains("this one is app-2026-11-25T03-00-02.db.gz");
        for (String name : List.of(NAME, NEXT, "app-2026-11-25T03-00-02.db.gz")) {
            assertThat(new BackupVerifier().verify(sidecar.backupDir.resolve(name)).good()).as(name).isTrue();
        }
    }

    @Test
    void theHostAfterTheSidecarInTheSameSecondAndTheOtherWayRound() throws Exception {
        Path first = hostBackup();
        Exec.Result sidecarRun = sidecar.backupOk();

        assertThat(first.getFileName().toString()).isEqualTo(NAME);
        assertThat(sidecarRun.stderr()).contains("this one is " + NEXT);
        assertThat(Map.of(NAME, new BackupVerifier().verify(first).good(),
                NEXT, new BackupVerifier().verify(sidecar.backupDir.resolve(NEXT)).good()))
                .containsOnly(Map.entry(NAME, true), Map.entry(NEXT, true));
    }
}
