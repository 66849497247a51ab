package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.redis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.MultipartSettings;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote copies of the backups: the sidecar's S3 settings in the Compose file, never a secret. */
class RemoteStorageRenderingTest {

    private static final String COMPOSE = ".devcontainer/docker-compose.yml";

    private final DevcontainerRenderer renderer = new DevcontainerRenderer();

    private static RenderOptions s3(BucketSettings storage) {
        return RenderOptions.DEFAULT.withRemoteStorage(storage);
    }

    @Test
    void settingsAreLiteralAndCredentialsAreReferencesToTheEnvironment(@TempDir Path root) throws IOException {
        ProjectModel model = project(postgres(), redis());
        List<GeneratedFile> files = renderer.render(model, s3(BucketSettings.fromEnvironment("team-backups", "demo/",
                "https://storage.googleapis.com", "auto")));
        GeneratedProject.write(root, files);
        String yaml = file(files, COMPOSE).content();

        Map<String, Object> env = submap(submap(ComposeValidator.parse(yaml), "services"), "db-backup");
        assertThat(submap(env, "environment")).containsEntry("BACKUP_S3_BUCKET", "team-backups")
                .containsEntry("BACKUP_S3_PREFIX", "demo/")
                .containsEntry("BACKUP_S3_ENDPOINT", "https://storage.googleapis.com")
                .containsEntry("BACKUP_S3_REGION", "auto")
                .containsEntry("AWS_ACCESS_KEY_ID", "${AWS_ACCESS_KEY_ID:-}")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "${AWS_SECRET_ACCESS_KEY:-}");
        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        assertThat(submap(submap(submap(config, "services"), "db-backup"), "environment"))
                .containsEntry("BACKUP_S3_BUCKET", "team-backups").containsKey("AWS_SECRET_ACCESS_KEY");
        assertThat(file(files, ".devcontainer/Dockerfile.backup").content()).containsPattern("(?m)^RUN apk add .* curl( |$)");
    }

    @Test
    void credentialFilesBecomeComposeSecretsNamedByTheFileVariables(@TempDir Path root) throws IOException {
        List<GeneratedFile> files = renderer.render(project(postgres()), s3(new BucketSettings("team-backups", "", "", "",
                "secrets/aws_key_id", "secrets/aws_secret")));
        GeneratedProject.write(root, files);
        Files.createDirectories(root.resolve("secrets"));
        Files.writeString(root.resolve("secrets/aws_key_id"), "AKIDEXAMPLE");
        Files.writeString(root.resolve("secrets/aws_secret"), "do-not-print");

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        Map<String, Object> sidecar = submap(submap(config, "services"), "db-backup");

        assertThat(submap(sidecar, "environment"))
                .containsEntry("AWS_ACCESS_KEY_ID_FILE", "/run/secrets/dockstart_aws_access_key_id")
                .containsEntry("AWS_SECRET_ACCESS_KEY_FILE", "/run/secrets/dockstart_aws_secret_access_key")
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
                .containsEntry("BACKUP_S3_ENDPOINT", "").containsEntry("BACKUP_S3_REGION", "us-east-1");
        assertThat(submap(config, "secrets")).containsOnlyKeys("dockstart_aws_access_key_id",
                "dockstart_aws_secret_access_key");
        assertThat(file(files, COMPOSE).content()).doesNotContain("AKIDEXAMPLE", "do-not-print")
                .contains("file: \"../secrets/aws_secret\"");
    }

    @Test
    void encryptRecipientsReachTheSidecarAndAgeIsInstalledOnlyThen(@TempDir Path root) throws IOException {
        String key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        BucketSettings plain = BucketSettings.fromEnvironment("team-backups", "", "", "");
        List<GeneratedFile> files = renderer.render(project(postgres()), s3(plain.withEncryptRecipients(key)));
        GeneratedProject.write(root, files);

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        assertThat(submap(submap(submap(config, "services"), "db-backup"), "environment"))
                .containsEntry("BACKUP_ENCRYPT_RECIPIENTS", key);
        assertThat(file(files, ".devcontainer/Dockerfile.backup").content()).containsPattern("(?m)^RUN apk add .* age( |$)");
        List<GeneratedFile> unencrypted = renderer.render(project(postgres()), s3(plain));
        assertThat(file(unencrypted, ".devcontainer/Dockerfile.backup").content()).doesNotContainPattern(" age( |$)");
        assertThat(file(unencrypted, COMPOSE).content()).doesNotContain("BACKUP_ENCRYPT_RECIPIENTS");
    }

    @Test
    void multipartSettingsReachTheSidecarOnlyWhenTheyDifferFromItsDefaults(@TempDir Path root) throws IOException {
        BucketSettings plain = BucketSettings.fromEnvironment("team-backups", "", "", "");
        List<GeneratedFile> files = renderer.render(project(postgres()), s3(plain.withMultipart(MultipartSettings.parse("200", "16"))));
        GeneratedProject.write(root, files);

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(COMPOSE));
        assertThat(submap(submap(submap(config, "services"), "db-backup"), "environment"))
                .containsEntry("BACKUP_S3_MULTIPART_THRESHOLD_MB", "200").containsEntry("BACKUP_S3_PART_SIZE_MB", "16");
        assertThat(file(renderer.render(project(postgres()), s3(plain)), COMPOSE).content())
                .doesNotContain("BACKUP_S3_MULTIPART_THRESHOLD_MB", "BACKUP_S3_PART_SIZE_MB");
    }

    @Test
    void aRecipientThatIsNoAgeKeyIsRefusedAtGenerate() {
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("team-backups", "", "", "")
                .withEncryptRecipients("ssh-ed25519 AAAAC3Nza"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.s3.encryptRecipients holds 'ssh-ed25519', which is not an age public key"
                        + " (age1 followed by 58 letters and digits, as age-keygen -y prints).");
    }

    @Test
    void withoutRemoteStorageNothingChanges() {
        ProjectModel model = project(postgres());
        List<GeneratedFile> plain = renderer.render(model);

        assertThat(renderer.render(model, RenderOptions.DEFAULT)).isEqualTo(plain);
        assertThat(file(plain, COMPOSE).content()).doesNotContain("BACKUP_S3", "AWS_");
        assertThat(file(plain, ".devcontainer/Dockerfile.backup").content()).doesNotContain(" curl");
        // s3.sh is always there: backup.sh sources it and it does nothing without a bucket
        assertThat(plain).extracting(GeneratedFile::path).contains(".devcontainer/scripts/s3.sh");
    }

    @Test
    void aLiteralDollarInASettingStaysLiteral() {
        List<GeneratedFile> files = renderer.render(project(postgres()), s3(BucketSettings.fromEnvironment("bucket-1",
                "", "https://minio.internal/a$b", "")));
        assertThat(file(files, COMPOSE).content()).contains("https://minio.internal/a$$b");
    }

    @Test
    void badSettingsAreOneSentenceNamingTheProperty() {
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("Bad_Bucket!", "", "", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.bucket='Bad_Bucket!'");
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("bucket-1", "/abs", "", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.prefix");
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("bucket-1", "", "ftp://x", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.endpoint");
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("bucket-1", "", "https://key:secret@host", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.endpoint");
        assertThatThrownBy(() -> new BucketSettings("bucket-1", "", "", "", "../outside", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.accessKeyIdFile");
    }
}
