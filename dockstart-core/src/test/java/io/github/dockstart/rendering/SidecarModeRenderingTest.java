package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static io.github.dockstart.rendering.Models.sqlite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's settings in the Compose file, and its three modes: always, on demand, off. */
class SidecarModeRenderingTest {

    private static final String COMPOSE = ".devcontainer/docker-compose.yml";

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    private static RenderOptions sidecar(String mode, String schedule, String days, String keepMin, String zone,
            String gzip) {
        return RenderOptions.DEFAULT.withSidecar(SidecarSettings.of(mode, schedule, days, keepMin, zone, gzip));
    }

    @Test
    void theSettingsLandInTheSidecarsEnvironment(@TempDir Path root) {
        List<GeneratedFile> files = renderer.render(project(postgres(), redis()),
                sidecar("always", "15 */6 * * mon-fri", "30", "5", "Europe/Berlin", "4"));
        GeneratedProject.write(root, files);

        Map<String, Object> sidecar = submap(submap(ComposeValidator.assertValid(root.resolve(COMPOSE)), "services"),
                "db-backup");
        assertThat(submap(sidecar, "environment")).containsEntry("BACKUP_SCHEDULE", "15 */6 * * mon-fri")
                .containsEntry("BACKUP_RETENTION_DAYS", "30").containsEntry("BACKUP_KEEP_MIN", "5")
                .containsEntry("TZ", "Europe/Berlin").containsEntry("BACKUP_GZIP_LEVEL", "4");
        assertThat(sidecar).doesNotContainKey("profiles");
        assertThat(file(files, COMPOSE).content()).contains("(one now: docker exec demo-db-backup /usr/local/bin/backup.sh)");
    }

    @Test
    void theDefaultsAreTheContractsAndLeaveTheCompressionToTheSidecar() {
        Map<String, Object> env = submap(submap(submap(compose(renderer.render(project(postgres()))), "services"),
                "db-backup"), "environment");

        assertThat(env).containsEntry("BACKUP_SCHEDULE", "0 3 * * *").containsEntry("BACKUP_RETENTION_DAYS", "7")
                .containsEntry("BACKUP_KEEP_MIN", "3").containsEntry("TZ", "UTC").doesNotContainKey("BACKUP_GZIP_LEVEL")
                .doesNotContainKeys("BACKUP_KEEP_DAILY", "BACKUP_KEEP_WEEKLY", "BACKUP_KEEP_MONTHLY", "BACKUP_RESTORE_TEST");
        assertThat(renderer.render(project(postgres()), RenderOptions.DEFAULT.withSidecar(SidecarSettings.DEFAULTS)))
                .isEqualTo(renderer.render(project(postgres())));
    }

    @Test
    void theGrandfatherFatherSonPeriodsThatAreSetLandInTheSidecarsEnvironment() {
        RenderOptions options = RenderOptions.DEFAULT.withSidecar(SidecarSettings.DEFAULTS
                .withGenerations(SidecarSettings.generations("7", "0", "12")));
        Map<String, Object> env = submap(submap(submap(compose(renderer.render(project(postgres()), options)), "services"),
                "db-backup"), "environment");

        assertThat(env).containsEntry("BACKUP_KEEP_DAILY", "7").containsEntry("BACKUP_KEEP_MONTHLY", "12")
                .doesNotContainKey("BACKUP_KEEP_WEEKLY");
    }

    @Test
    void restoreDrillsThatAreAskedForLandInTheSidecarsEnvironment() {
        for (String when : new String[] {"after-backup", "@weekly", "0 4 * * sun"}) {
            RenderOptions options = RenderOptions.DEFAULT.withSidecar(SidecarSettings.DEFAULTS.withRestoreTest(when));
            Map<String, Object> env = submap(submap(submap(compose(renderer.render(project(postgres()), options)), "services"),
                    "db-backup"), "environment");
            assertThat(env).containsEntry("BACKUP_RESTORE_TEST", when);
        }
    }

    @Test
    void onDemandTheSidecarIsInTheBackupProfileAndTheHeaderSaysHowToStartIt(@TempDir Path root) {
        List<GeneratedFile> files = renderer.render(project(postgres()), sidecar("on-demand", null, null, null, null, null));
        GeneratedProject.write(root, files);
        String yaml = file(files, COMPOSE).content();

        Map<String, Object> sidecar = submap(submap(ComposeValidator.parse(yaml), "services"), "db-backup");
        assertThat(sidecar).containsEntry("profiles", List.of("backup")).containsEntry("restart", "unless-stopped");
        assertThat(submap(submap(ComposeValidator.parse(yaml), "services"), "app")).doesNotContainKey("profiles");
        assertThat(yaml).contains("# It starts only on demand (profile backup): docker compose -f"
                + " .devcontainer/docker-compose.yml --profile backup up -d\n");
        ComposeValidator.assertValid(root.resolve(COMPOSE));
        assertThat(files).extracting(GeneratedFile::path).contains(".devcontainer/Dockerfile.backup",
                ".devcontainer/scripts/backup.sh");
    }

    @Test
    void offThereIsNoSidecarAndNoneOfItsFiles(@TempDir Path root) {
        ProjectModel model = project(postgres(), sqlite());
        List<GeneratedFile> files = renderer.render(model, sidecar("off", null, null, null, null, null)
                .withSqliteStopsApp(true).withRemoteStorage(BucketSettings.fromEnvironment("team-backups", "", "", "")));
        GeneratedProject.write(root, files);
        String yaml = file(files, COMPOSE).content();

        Map<String, Object> services = submap(ComposeValidator.assertValid(root.resolve(COMPOSE)), "services");
        assertThat(services).containsOnlyKeys("app", "postgres");
        assertThat(files).extracting(GeneratedFile::path).containsExactly(".devcontainer/devcontainer.json", COMPOSE,
                ".devcontainer/Dockerfile", "backups/.gitkeep");
        assertThat(yaml).contains("no backup sidecar (dockstart.sidecar=off)").doesNotContain("db-backup", "docker.sock",
                "AWS_");
        // the databases stay as they are
        assertThat(submap(submap(ComposeValidator.parse(yaml), "services"), "postgres"))
                .isEqualTo(submap(submap(compose(renderer.render(model)), "services"), "postgres"));
    }

    @Test
    void withoutADatabaseTheModeChangesNothing() {
        ProjectModel none = project();
        List<GeneratedFile> plain = renderer.render(none);

        for (String mode : List.of("on-demand", "off")) {
            assertThat(renderer.render(none, sidecar(mode, null, null, null, null, null))).as(mode).isEqualTo(plain);
        }
    }

    @Test
    void settingsBuiltInCodeAreNormalisedLikeTheOnesFromText() {
        SidecarSettings settings = new SidecarSettings(SidecarSettings.Mode.ALWAYS, " 0  4 * * * ", 10, 2, "UTC",
                OptionalInt.empty());

        assertThat(settings.schedule()).isEqualTo("0 4 * * *");
        assertThat(settings).isEqualTo(SidecarSettings.of(null, "0 4 * * *", "10", "2", null, null));
    }

    private static Map<String, Object> compose(List<GeneratedFile> files) {
        return ComposeValidator.parse(file(files, COMPOSE).content());
    }
}
