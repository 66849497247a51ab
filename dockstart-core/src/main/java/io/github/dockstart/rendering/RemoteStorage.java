package io.github.dockstart.rendering;

import io.github.dockstart.model.InvalidInputException;

/**
 * Copies of the sidecar's backups in an S3-compatible bucket, as written into the Compose file.
 * Holds no secret: the credentials stay in the user's environment (Compose interpolates
 * {@code ${AWS_ACCESS_KEY_ID}} and {@code ${AWS_SECRET_ACCESS_KEY}} when the stack starts) or in
 * files mounted as Compose secrets.
 *
 * @param bucket              the bucket ({@code BACKUP_S3_BUCKET})
 * @param prefix              key prefix, e.g. {@code myapp/}; empty for none
 * @param endpoint            the store's URL; empty for AWS
 * @param region              signing region; empty for {@code us-east-1}
 * @param accessKeyIdFile     a file of the project holding the access key id, mounted as a Compose
 *                            secret; null to take {@code AWS_ACCESS_KEY_ID} from the environment
 * @param secretAccessKeyFile a file of the project holding the secret key, likewise; null to take
 *                            {@code AWS_SECRET_ACCESS_KEY} from the environment
 */
public record RemoteStorage(String bucket, String prefix, String endpoint, String region, String accessKeyIdFile,
                            String secretAccessKeyFile) {

    public RemoteStorage {
        bucket = bucket == null ? "" : bucket.trim();
        prefix = prefix == null ? "" : prefix.trim();
        endpoint = endpoint == null ? "" : endpoint.trim();
        region = region == null || region.isBlank() ? "us-east-1" : region.trim();
        accessKeyIdFile = blankToNull(accessKeyIdFile);
        secretAccessKeyFile = blankToNull(secretAccessKeyFile);
        // the same rules as s3.sh, so that a value generate accepts is one the sidecar accepts
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]")) {
            throw new InvalidInputException("dockstart.s3.bucket='" + bucket
                    + "' is not a valid bucket name (3 to 63 lower-case letters, digits, '.', '-' or '_').");
        }
        if (!prefix.matches("([A-Za-z0-9._-][A-Za-z0-9._/-]*)?")) {
            throw new InvalidInputException("dockstart.s3.prefix='" + prefix
                    + "' may only contain letters, digits, '.', '_', '-' and '/', and must not start with '/'.");
        }
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^\\s@/]+(/[^\\s]*)?")) {
            throw new InvalidInputException("dockstart.s3.endpoint='" + endpoint
                    + "' is not an http:// or https:// URL (without credentials).");
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new InvalidInputException("dockstart.s3.region='" + region + "' is not a region name.");
        }
        checkProjectFile("dockstart.s3.accessKeyIdFile", accessKeyIdFile);
        checkProjectFile("dockstart.s3.secretAccessKeyFile", secretAccessKeyFile);
    }

    /** Settings whose credentials come from the environment of whoever starts the stack. */
    public static RemoteStorage fromEnvironment(String bucket, String prefix, String endpoint, String region) {
        return new RemoteStorage(bucket, prefix, endpoint, region, null, null);
    }

    private static void checkProjectFile(String property, String path) {
        if (path == null) {
            return;
        }
        String normalized = path.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.equals("..") || normalized.startsWith("../")
                || normalized.contains("/../") || normalized.matches("[A-Za-z]:.*")) {
            throw new InvalidInputException(property + "='" + path
                    + "' must be a file inside the project, given relative to its root.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
