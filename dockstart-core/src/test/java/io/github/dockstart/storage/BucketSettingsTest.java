package io.github.dockstart.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one bucket model generate and the host goals share: its checks, and the host's credentials from it. */
class BucketSettingsTest {

    @TempDir
    Path project;

    @Test
    void aPrefixTheSidecarRefusesIsRefusedHereForEveryGoal() {
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("team-backups", "my app/", "", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.prefix='my app/'");
        assertThat(BucketSettings.fromEnvironment("team-backups", "my-app/daily/", "", "").key("x.sql.gz"))
                .isEqualTo("my-app/daily/x.sql.gz");
    }

    @Test
    void multipartSettingsAreOneSentenceNamingThePropertyAndValueAndBlankMeansTheDefault() {
        BucketSettings settings = BucketSettings.fromEnvironment("team-backups", "", "", "");
        assertThat(settings.multipart()).isEqualTo(MultipartSettings.DEFAULT);
        assertThat(MultipartSettings.parse(" ", null)).isEqualTo(MultipartSettings.DEFAULT);
        assertThat(settings.withMultipart(MultipartSettings.parse("1", "5")).multipart()).isEqualTo(new MultipartSettings(1, 5));
        assertThatThrownBy(() -> MultipartSettings.parse("0", "64"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("dockstart.s3.multipartThresholdMb='0' is not a whole number of MiB from 1 to 5120"
                        + " (one PUT takes at most 5 GiB).")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo("dockstart.s3.multipartThresholdMb"));
        assertThatThrownBy(() -> MultipartSettings.parse("100", "4MB"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("dockstart.s3.partSizeMb='4MB' is not a whole number of MiB from 5 to 5120 (S3's limits for a part).");
        assertThatThrownBy(() -> MultipartSettings.parse("99999999999", "64"))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("dockstart.s3.multipartThresholdMb='99999999999'");
    }

    @Test
    void anEmptyRegionIsTheDefaultOneAndACustomEndpointIsAddressedPathStyle() {
        BucketSettings aws = BucketSettings.fromEnvironment("team-backups", "", "", " ");
        assertThat(aws.region()).isEqualTo(BucketSettings.DEFAULT_REGION);
        assertThat(aws.pathStyle()).isFalse();
        assertThat(aws.endpointForMessages()).isEqualTo("https://s3." + BucketSettings.DEFAULT_REGION + ".amazonaws.com");
        // a Compose service name with '_' is a host curl reaches; the URI check must not refuse it
        assertThat(BucketSettings.fromEnvironment("team-backups", "", "http://minio_1:9000", "").pathStyle()).isTrue();
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> BucketSettings.fromEnvironment("team-backups", "", "https://key:s3cr3t@host", ""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockstart.s3.endpoint")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void theHostReadsTheKeyFilesTheSidecarGetsAsSecrets() throws IOException {
        Files.createDirectories(project.resolve("secrets"));
        Files.writeString(project.resolve("secrets/key-id"), "AKIDFROMFILE\n");
        Files.writeString(project.resolve("secrets/secret"), "se/cr+et\n\n");
        BucketSettings settings = new BucketSettings("team-backups", "", "", "", "secrets/key-id", "secrets/secret");

        BucketCredentials credentials = BucketCredentials.forProject(settings, project, Map.of()).orElseThrow();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIDFROMFILE");
        assertThat(credentials.secretAccessKey()).isEqualTo("se/cr+et");
        assertThat(credentials.toString()).doesNotContain("se/cr+et");
    }

    @Test
    void oneKeyFileTakesTheOtherKeyFromTheEnvironmentOrNamesWhatIsMissing() throws IOException {
        Files.writeString(project.resolve("key-id"), "AKIDFROMFILE");
        BucketSettings settings = new BucketSettings("team-backups", "", "", "", "key-id", null);

        assertThat(BucketCredentials.forProject(settings, project, Map.of("AWS_SECRET_ACCESS_KEY", "env-secret"))
                .orElseThrow().secretAccessKey()).isEqualTo("env-secret");
        assertThatThrownBy(() -> BucketCredentials.forProject(settings, project, Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AWS_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> BucketCredentials.forProject(new BucketSettings("team-backups", "", "", "", "nowhere", null),
                project, Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dockstart.s3.accessKeyIdFile=nowhere");
    }

    @Test
    void withoutKeyFilesTheSdkChainDecides() {
        assertThat(BucketCredentials.forProject(BucketSettings.fromEnvironment("team-backups", "", "", ""), project,
                Map.of("AWS_ACCESS_KEY_ID", "x"))).isEmpty();
    }
}
