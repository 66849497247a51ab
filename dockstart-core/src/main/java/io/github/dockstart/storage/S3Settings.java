package io.github.dockstart.storage;

import io.github.dockstart.model.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where remote backups live: a bucket of AWS S3 or of an S3-compatible store (MinIO, Google
 * Cloud Storage's XML API with HMAC keys, S3Proxy).
 *
 * @param bucket    the bucket; it must exist
 * @param prefix    prepended to every object key (e.g. {@code myapp/}); empty for none
 * @param endpoint  the store's URL, e.g. {@code https://storage.googleapis.com}; empty for AWS
 * @param region    the signing region; empty means {@code us-east-1}
 * @param accessKey the access key id; empty to take the credentials from the environment
 *                  ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, profiles)
 * @param secretKey the secret key, with {@code accessKey}; never printed
 * @param pathStyle address buckets as {@code ENDPOINT/BUCKET/KEY} (what custom endpoints need)
 *                  instead of {@code BUCKET.ENDPOINT/KEY}
 */
public record S3Settings(String bucket, String prefix, String endpoint, String region, String accessKey,
                         String secretKey, boolean pathStyle) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        bucket = bucket == null ? "" : bucket.trim();
        prefix = prefix == null ? "" : prefix.trim();
        endpoint = endpoint == null ? "" : endpoint.trim();
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
        accessKey = accessKey == null ? "" : accessKey.trim();
        secretKey = secretKey == null ? "" : secretKey;
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]")) {
            throw new InvalidInputException("dockstart.s3.bucket='" + bucket
                    + "' is not a valid bucket name (3 to 63 lower-case letters, digits, '.', '-' or '_').");
        }
        if (prefix.startsWith("/")) {
            throw new InvalidInputException("dockstart.s3.prefix='" + prefix + "' must not start with '/'.");
        }
        if (!endpoint.isEmpty()) {
            checkEndpoint(endpoint);
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new InvalidInputException("Give both the S3 access key and the secret key, or neither"
                    + " (then they come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).");
        }
    }

    /** Settings with the usual addressing: path style for a custom endpoint, virtual hosts on AWS. */
    public static S3Settings of(String bucket, String prefix, String endpoint, String region, String accessKey,
            String secretKey) {
        return new S3Settings(bucket, prefix, endpoint, region, accessKey, secretKey,
                endpoint != null && !endpoint.isBlank());
    }

    /** The object key of a file: the prefix, then the file name. */
    public String key(String fileName) {
        return prefix + fileName;
    }

    /** For messages: the endpoint as given, or AWS's for the region. */
    public String endpointForMessages() {
        return endpoint.isEmpty() ? "https://s3." + region + ".amazonaws.com" : endpoint;
    }

    /** The {@code s3://bucket/key} address of a file. */
    public String uri(String fileName) {
        return "s3://" + bucket + "/" + key(fileName);
    }

    private static void checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInputException("dockstart.s3.endpoint='" + endpoint
                        + "' is not an http:// or https:// URL.");
            }
            if (uri.getUserInfo() != null) {
                throw new InvalidInputException("dockstart.s3.endpoint must not contain credentials;"
                        + " give them as the access key and secret key.");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("dockstart.s3.endpoint='" + endpoint + "' is not a valid URL.");
        }
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpointForMessages()
                + ", region=" + region + ", accessKey=" + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "***")
                + ", pathStyle=" + pathStyle + "]";
    }
}
