package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's failure alerts in the Compose file: a URL with a token is never written there unless the user wrote it. */
class AlertRenderingTest {

    private static final String COMPOSE = ".devcontainer/docker-compose.yml";
    private static final String DOCKERFILE = ".devcontainer/Dockerfile.backup";

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    private List<GeneratedFile> render(ProjectModel model, String on, String url, String urlFile) {
        return renderer.render(model, RenderOptions.DEFAULT.withAlerts(AlertSettings.of(on, url, urlFile)));
    }

    private static Map<String, Object> sidecarEnvironment(Path root) throws IOException {
        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        return submap(submap(submap(config, "services"), "db-backup"), "environment");
    }

    @Test
    void onAloneTakesTheUrlFromTheEnvironmentOfWhoeverStartsTheStack(@TempDir Path root) throws IOException {
        ProjectModel model = project(postgres());
        List<GeneratedFile> files = render(model, "always", null, null);
        GeneratedProject.write(root, files);

        Map<String, Object> raw = submap(submap(ComposeValidator.parse(file(files, COMPOSE).content()), "services"), "db-backup");
        assertThat(submap(raw, "environment")).containsEntry("BACKUP_NOTIFY_ON", "always")
                .containsEntry("BACKUP_NOTIFY_SOURCE", model.composeProjectName() + "-db-backup")
                .containsEntry("BACKUP_NOTIFY_URL", "${BACKUP_NOTIFY_URL:-}");
        assertThat(sidecarEnvironment(root)).containsKey("BACKUP_NOTIFY_URL");
        assertThat(file(files, DOCKERFILE).content()).containsPattern("(?m)^RUN apk add .* curl( |$)");
    }

    @Test
    void aUrlFileBecomesAComposeSecretAndTheUrlStaysOutOfTheFile(@TempDir Path root) throws IOException {
        List<GeneratedFile> files = render(project(postgres()), null, null, "secrets/notify-url");
        GeneratedProject.write(root, files);
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(root.resolve("secrets/notify-url"), "https://hooks.example.org/T0/B0/token-do-not-print");

        assertThat(sidecarEnvironment(root)).containsEntry("BACKUP_NOTIFY_ON", "failure")
                .containsEntry("BACKUP_NOTIFY_URL_FILE", "/run/secrets/dockstart_backup_notify_url")
                .doesNotContainKey("BACKUP_NOTIFY_URL");
        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        assertThat(submap(config, "secrets")).containsOnlyKeys("dockstart_backup_notify_url");
        assertThat(file(files, COMPOSE).content()).doesNotContain("token-do-not-print")
                .contains("file: \"../secrets/notify-url\"");
    }

    @Test
    void aLiteralUrlIsWrittenAsTheUserGaveItAndAlertsBesideABucketShareTheSecrets(@TempDir Path root) throws IOException {
        List<GeneratedFile> files = renderer.render(project(postgres()), RenderOptions.DEFAULT
                .withRemoteStorage(new BucketSettings("team-backups", "", "", "", "secrets/key-id", "secrets/key"))
                .withAlerts(AlertSettings.of(null, "https://ntfy.internal/backups?x=a$b", null)));
        GeneratedProject.write(root, files);
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(root.resolve("secrets/key-id"), "id");
        Files.writeString(root.resolve("secrets/key"), "key");

        assertThat(sidecarEnvironment(root)).containsKey("BACKUP_NOTIFY_URL").containsEntry("BACKUP_NOTIFY_ON", "failure");
        // $ doubled: Compose reads the URL back literally
        assertThat(file(files, COMPOSE).content()).contains("BACKUP_NOTIFY_URL: \"https://ntfy.internal/backups?x=a$$b\"");
        Map<String, Object> raw = submap(submap(ComposeValidator.parse(file(files, COMPOSE).content()), "services"), "db-backup");
        assertThat(raw.get("secrets")).asList().containsExactly("dockstart_aws_access_key_id", "dockstart_aws_secret_access_key");
        assertThat(file(files, DOCKERFILE).content()).containsOnlyOnce(" curl");
    }

    @Test
    void withoutAlertsNothingChangesAndNotifyShIsAlwaysThere() {
        ProjectModel model = project(postgres());
        List<GeneratedFile> plain = renderer.render(model);

        assertThat(render(model, null, null, null)).isEqualTo(plain);
        assertThat(render(model, "off", "https://example.org/hook", null)).isEqualTo(plain);
        assertThat(file(plain, COMPOSE).content()).doesNotContain("BACKUP_NOTIFY");
        assertThat(file(plain, DOCKERFILE).content()).doesNotContain(" curl");
        // backup.sh sources it; without a URL it does nothing
        assertThat(plain).extracting(GeneratedFile::path).contains(".devcontainer/scripts/notify.sh");
    }

    @Test
    void badSettingsAreOneSentenceNamingTheSetting() {
        assertThatThrownBy(() -> AlertSettings.of("sometimes", null, null)).isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.notify.on='sometimes' is not failure, always or off.");
        assertThatThrownBy(() -> AlertSettings.of(null, "ftp://example.org/token", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.notify.url is not an http://")
                .hasMessageNotContaining("token");
        assertThatThrownBy(() -> AlertSettings.of(null, "https://x.org/a", "secrets/url"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.notify.url and dockstart.notify.urlFile");
        assertThatThrownBy(() -> AlertSettings.of(null, null, "../outside"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.notify.urlFile='../outside'");
    }
}
