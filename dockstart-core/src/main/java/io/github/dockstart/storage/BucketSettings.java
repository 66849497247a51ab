package io.github.dockstart.storage;

import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The S3-compatible bucket that holds copies of the backups (AWS S3, MinIO, Google Cloud
 * Storage's XML API with HMAC keys, S3Proxy): one model for {@code generate}, which writes it into
 * the sidecar's environment, and for the host goals, which upload to it, list, restore from and
 * rotate it. Checked once, here, by the rules of the sidecar's {@code s3.sh}, so that a value
 * accepted here is one both the sidecar and the host accept. Holds no secret: the credentials stay
 * in the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}) or in files of the
 * project (see {@link BucketCredentials}).
 *
 * @param bucket              the bucket; it must exist
 * @param prefix              prepended to every object key, e.g. {@code myapp/}; empty for none
 * @param endpoint            the store's URL, e.g. {@code https://storage.googleapis.com}; empty for AWS
 * @param region              the signing region; empty means {@link #DEFAULT_REGION}
 * @param accessKeyIdFile     a file of the project holding the access key id (the sidecar gets it as
 *                            a Compose secret); null to take {@code AWS_ACCESS_KEY_ID} from the environment
 * @param secretAccessKeyFile a file of the project holding the secret key, likewise; null to take
 *                            {@code AWS_SECRET_ACCESS_KEY} from the environment
 * @param encryptRecipients   age public keys: copies sent to the bucket are encrypted for them
 *                            ({@code NAME.age}); empty for plain copies. Public keys, not secrets.
 * @param ageIdentity         the host's age identity file (a private key), for restoring and
 *                            checking encrypted copies; null when none is given
 * @param multipart           when uploads go in parts and how large they are (sidecar and host alike)
 */
public record BucketSettings(String bucket, String prefix, String endpoint, String region, String accessKeyIdFile,
                             String secretAccessKeyFile, List<String> encryptRecipients, Path ageIdentity,
                             MultipartSettings multipart) {

    /** The region when none is given; {@code s3.sh} has the same default for {@code BACKUP_S3_REGION}. */
    public static final String DEFAULT_REGION = "us-east-1";

    public BucketSettings {
        bucket = bucket == null ? "" : bucket.trim();
        prefix = prefix == null ? "" : prefix.trim();
        endpoint = endpoint == null ? "" : endpoint.trim();
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
        accessKeyIdFile = blankToNull(accessKeyIdFile);
        secretAccessKeyFile = blankToNull(secretAccessKeyFile);
        encryptRecipients = encryptRecipients == null ? List.of() : List.copyOf(encryptRecipients);
        encryptRecipients.forEach(r -> AgeTool.checkRecipient(PropertyNames.S3_ENCRYPT_RECIPIENTS, r));
        multipart = multipart == null ? MultipartSettings.DEFAULT : multipart;
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]")) {
            throw new InvalidSettingException(PropertyNames.S3_BUCKET, bucket, PropertyNames.S3_BUCKET + "='" + bucket
                    + "' is not a valid bucket name (3 to 63 lower-case letters, digits, '.', '-' or '_').");
        }
        // the prefix goes into URLs and signed queries unescaped (s3.sh): only characters that need no escaping
        if (!prefix.matches("([A-Za-z0-9._-][A-Za-z0-9._/-]*)?")) {
            throw new InvalidSettingException(PropertyNames.S3_PREFIX, prefix, PropertyNames.S3_PREFIX + "='" + prefix
                    + "' may only contain letters, digits, '.', '_', '-' and '/', and must not start with '/'.");
        }
        checkEndpoint(endpoint);
        if (!region.matches("[a-z0-9-]+")) {
            throw new InvalidSettingException(PropertyNames.S3_REGION, region, PropertyNames.S3_REGION + "='" + region
                    + "' is not a region name.");
        }
        checkProjectFile(PropertyNames.S3_ACCESS_KEY_ID_FILE, accessKeyIdFile);
        checkProjectFile(PropertyNames.S3_SECRET_ACCESS_KEY_FILE, secretAccessKeyFile);
    }

    /** Plain copies, no identity. */
    public BucketSettings(String bucket, String prefix, String endpoint, String region, String accessKeyIdFile,
                          String secretAccessKeyFile) {
        this(bucket, prefix, endpoint, region, accessKeyIdFile, secretAccessKeyFile, List.of(), null, MultipartSettings.DEFAULT);
    }

    /** These settings with copies encrypted for {@code recipients} (space or comma separated age public keys; blank for none). */
    public BucketSettings withEncryptRecipients(String recipients) {
        List<String> keys = recipients == null ? List.of()
                : Arrays.stream(recipients.split("[\\s,]+")).filter(k -> !k.isEmpty()).toList();
        return new BucketSettings(bucket, prefix, endpoint, region, accessKeyIdFile, secretAccessKeyFile, keys, ageIdentity, multipart);
    }

    /** These settings with the age identity file that decrypts the encrypted copies (null for none). */
    public BucketSettings withAgeIdentity(Path identity) {
        return new BucketSettings(bucket, prefix, endpoint, region, accessKeyIdFile, secretAccessKeyFile, encryptRecipients, identity, multipart);
    }

    /** These settings with uploads in parts by {@code settings}. */
    public BucketSettings withMultipart(MultipartSettings settings) {
        return new BucketSettings(bucket, prefix, endpoint, region, accessKeyIdFile, secretAccessKeyFile, encryptRecipients,
                ageIdentity, settings);
    }

    /** Whether copies sent to the bucket are encrypted. */
    public boolean encrypts() {
        return !encryptRecipients.isEmpty();
    }

    /** Settings whose credentials come from the environment. */
    public static BucketSettings fromEnvironment(String bucket, String prefix, String endpoint, String region) {
        return new BucketSettings(bucket, prefix, endpoint, region, null, null);
    }

    /** Whether buckets are addressed as {@code ENDPOINT/BUCKET/KEY} (a custom endpoint, as s3.sh does) rather than {@code BUCKET.ENDPOINT/KEY} (AWS). */
    public boolean pathStyle() {
        return !endpoint.isEmpty();
    }

    /** The object key of a file: the prefix, then the file name. */
    public String key(String fileName) {
        return prefix + fileName;
    }

    /** The {@code s3://bucket/key} address of a file. */
    public String uri(String fileName) {
        return "s3://" + bucket + "/" + key(fileName);
    }

    /** For messages: the endpoint as given, or AWS's for the region. */
    public String endpointForMessages() {
        return endpoint.isEmpty() ? "https://s3." + region + ".amazonaws.com" : endpoint;
    }

    private static void checkEndpoint(String endpoint) {
        if (endpoint.isEmpty()) {
            return;
        }
        if (endpoint.matches("https?://[^\\s/]*@.*")) {
            throw new InvalidSettingException(PropertyNames.S3_ENDPOINT, endpoint, PropertyNames.S3_ENDPOINT + " must not contain credentials;"
                    + " give them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
        }
        boolean valid = endpoint.matches("https?://[^\\s@/]+(/[^\\s]*)?");
        if (valid) {
            try {
                new URI(endpoint); // the host's client needs a URI, the sidecar's curl a URL
            } catch (URISyntaxException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new InvalidSettingException(PropertyNames.S3_ENDPOINT, endpoint, PropertyNames.S3_ENDPOINT + "='" + endpoint
                    + "' is not an http:// or https:// URL.");
        }
    }

    private static void checkProjectFile(String property, String path) {
        if (path == null) {
            return;
        }
        String normalized = path.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.equals("..") || normalized.startsWith("../")
                || normalized.contains("/../") || normalized.matches("[A-Za-z]:.*")) {
            throw new InvalidSettingException(property, path, property + "='" + path
                    + "' must be a file inside the project, given relative to its root.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
