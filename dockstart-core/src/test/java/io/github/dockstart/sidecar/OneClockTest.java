package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.engine.StackTimeZone;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.DevcontainerRenderer;
import io.github.dockstart.rendering.GeneratedFile;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.testing.RecordingLog;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One clock for the sidecar and the host: both name backups in the stack's {@code TZ} (the host
 * reads it from the generated Compose file), {@code latest} is the newest in real time, and a
 * backup dated in the future is listed, skipped by {@code latest} and restorable by its name.
 */
class OneClockTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo"); // UTC+9, far from the host's UTC

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Sidecar sidecar;
    private Path project;
    private ProjectModel model;

    @BeforeEach
    void setUp() throws Exception {
        sidecar = new Sidecar(servers);
        project = sidecar.backupDir.getParent();
        Path database = project.resolve("app.db");
        Sqlite.sql(database, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('x');");
        model = new ProjectModel(project, "demo", "21", List.of(new DatabaseService("notes", DatabaseType.SQLITE, null, null, 0,
                null, null, null, "app.db", false, List.of())), null, List.of());
        sidecar.sqlite("notes", database);
    }

    /** generate's Compose file for a sidecar in {@code zone}; the sidecar runs with the TZ it sets. */
    private void generate(String zone) throws Exception {
        RenderOptions options = RenderOptions.DEFAULT.withSidecar(SidecarSettings.of(null, null, null, null, zone, null));
        for (GeneratedFile file : new DevcontainerRenderer().render(model, options)) {
            if (file.path().equals(EngineSettings.COMPOSE_FILE)) {
                Files.createDirectories(project.resolve(file.path()).getParent());
                Files.writeString(project.resolve(file.path()), file.content());
            }
        }
        sidecar.env.put("TZ", StackTimeZone.resolve(null, project.resolve(EngineSettings.COMPOSE_FILE), DockstartLog.SILENT).getId());
    }

    /** The host's engine as the goals build it when dockstart.timeZone is not set. */
    private BackupEngine host() {
        ZoneId zone = StackTimeZone.resolve(null, project.resolve(EngineSettings.COMPOSE_FILE), DockstartLog.SILENT);
        return new BackupEngine(model, new EngineSettings(project, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE,
                null, zone, Optional.empty()), DockstartLog.SILENT);
    }

    private static BackupFileName name(Path file) {
        return BackupFileName.parse(file.getFileName().toString()).orElseThrow();
    }

    @Test
    void theHostNamesInTheStacksZoneSoANewerHostBackupIsLatest() throws Exception {
        generate("Asia/Tokyo");
        // the sidecar's backup, two minutes ago in Tokyo time
        sidecar.shell.fixClock(Instant.now().minus(2, ChronoUnit.MINUTES).getEpochSecond());
        sidecar.backupOk();
        Path sidecarFile = sidecar.onlyBackup();

        Path hostFile = host().backup(null).get(0);

        assertThat(host().zone()).isEqualTo(TOKYO);
        assertThat(Math.abs(ChronoUnit.SECONDS.between(name(hostFile).takenAt(), LocalDateTime.now(TOKYO))))
                .as("the host named " + hostFile.getFileName() + " in Tokyo time").isLessThan(60);
        assertThat(name(sidecarFile).instant(TOKYO)).isBefore(name(hostFile).instant(TOKYO));
        assertThat(host().directory().resolve("latest", "notes")).isEqualTo(hostFile);
    }

    @Test
    void anExplicitTimeZoneWinsAndAMismatchIsSaid() throws Exception {
        generate("Asia/Tokyo");
        RecordingLog log = new RecordingLog();

        ZoneId zone = StackTimeZone.resolve("Europe/Berlin", project.resolve(EngineSettings.COMPOSE_FILE), log);

        assertThat(zone).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(log.at("WARN")).singleElement().asString().contains("dockstart.timeZone=Europe/Berlin differs from the sidecar's TZ=Asia/Tokyo");
        assertThat(StackTimeZone.resolve(null, project.resolve("no-such-compose.yml"), log)).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aFutureDatedBackupIsListedSkippedByLatestAndRestorableByName() throws Exception {
        generate("UTC");
        sidecar.shell.fixClock(Instant.now().minus(1, ChronoUnit.HOURS).getEpochSecond());
        sidecar.backupOk();
        Path real = sidecar.onlyBackup();
        // a clock that jumped a year ahead, then came back
        sidecar.shell.fixClock(Instant.now().plus(365, ChronoUnit.DAYS).getEpochSecond());
        sidecar.backupOk();
        Path future = sidecar.backups().stream().filter(f -> !f.equals(real)).findFirst().orElseThrow();
        BackupEngine host = host();

        assertThat(host.futureDated()).extracting(b -> b.file()).containsExactly(future);
        assertThat(host.list()).filteredOn(BackupEngine.Listing::futureDated).extracting(l -> l.backup().file())
                .containsExactly(future);
        assertThat(host.list()).filteredOn(l -> !l.futureDated()).extracting(l -> l.backup().file()).containsExactly(real);
        assertThat(host.verify()).allMatch(v -> v.good());
        assertThat(host.directory().resolve("latest", "notes")).isEqualTo(real);
        assertThat(host.directory().resolve(future.getFileName().toString(), "notes")).isEqualTo(future);

        Files.delete(real);
        assertThatThrownBy(() -> host.directory().resolve("latest", "notes")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("every backup of service 'notes'")
                .hasMessageContaining("is future-dated")
                .hasMessageContaining("dockstart.backup=" + future.getFileName());
    }
}
