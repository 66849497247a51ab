package io.github.dockstart.storage;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The keys the host signs its bucket requests with, found as the sidecar's {@code s3.sh} finds
 * them: each from its file of the project when {@link BucketSettings} names one (the file the
 * sidecar gets as a Compose secret), else from {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}. With neither file, {@link #fromEnvironment()} leaves the choice to
 * the AWS SDK's default chain (environment, profiles, instance roles).
 *
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret key; never printed
 */
public record BucketCredentials(String accessKeyId, String secretAccessKey) {

    /** Whatever the AWS SDK finds (environment, {@code ~/.aws} profiles, instance roles). */
    public static Optional<BucketCredentials> fromEnvironment() {
        return Optional.empty();
    }

    /**
     * The credentials for {@code settings} in the project at {@code projectRoot}: explicit keys
     * when a key file is configured, else {@link #fromEnvironment()}.
     */
    public static Optional<BucketCredentials> forProject(BucketSettings settings, Path projectRoot) {
        return forProject(settings, projectRoot, System.getenv());
    }

    static Optional<BucketCredentials> forProject(BucketSettings settings, Path projectRoot, Map<String, String> environment) {
        if (settings.accessKeyIdFile() == null && settings.secretAccessKeyFile() == null) {
            return fromEnvironment();
        }
        return Optional.of(new BucketCredentials(
                value(projectRoot, PropertyNames.S3_ACCESS_KEY_ID_FILE, settings.accessKeyIdFile(), "AWS_ACCESS_KEY_ID", environment),
                value(projectRoot, PropertyNames.S3_SECRET_ACCESS_KEY_FILE, settings.secretAccessKeyFile(), "AWS_SECRET_ACCESS_KEY",
                        environment)));
    }

    private static String value(Path projectRoot, String property, String file, String variable, Map<String, String> environment) {
        if (file == null) {
            String value = environment.getOrDefault(variable, "");
            if (value.isEmpty()) {
                throw new InvalidInputException(variable + " is not set, and " + property
                        + " names no file: the bucket needs both keys.");
            }
            return value;
        }
        Path path = projectRoot.resolve(file);
        try {
            // like the sidecar's $(cat FILE): without the trailing line breaks
            String value = Files.readString(path, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            if (value.isEmpty()) {
                throw new InvalidInputException(property + "=" + file + ": the file " + path + " is empty.");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidInputException(property + "=" + file + ": cannot read " + path + " (" + e.getMessage() + ").", e);
        }
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "BucketCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
}
