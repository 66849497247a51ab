package io.github.dockstart.maven;

import io.github.dockstart.settings.PropertyNames;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.MultipartSettings;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that know the S3-compatible bucket backups are copied to: {@code generate} writes it
 * into the sidecar's environment; {@code backup} copies to it, {@code rotate} rotates it,
 * {@code list} lists it and {@code restore} restores from it.
 */
abstract class AbstractBucketMojo extends AbstractDockstartMojo {

    /**
     * The bucket (AWS S3, MinIO, Google Cloud Storage with HMAC keys). Credentials are never written
     * into the Compose file; the host and the sidecar take them from {@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY}. Set with {@code -Ddockstart.s3.bucket}.
     */
    @Parameter(property = PropertyNames.S3_BUCKET)
    String s3Bucket;

    /** Key prefix of the backups in the bucket, e.g. {@code demo/}. Set with {@code -Ddockstart.s3.prefix}. */
    @Parameter(property = PropertyNames.S3_PREFIX)
    String s3Prefix;

    /** Endpoint URL of a store other than AWS S3 (MinIO, GCS). Set with {@code -Ddockstart.s3.endpoint}. */
    @Parameter(property = PropertyNames.S3_ENDPOINT)
    String s3Endpoint;

    /** The bucket's region; {@code us-east-1} by default. Set with {@code -Ddockstart.s3.region}. */
    @Parameter(property = PropertyNames.S3_REGION)
    String s3Region;

    /**
     * A file of the project holding the access key id: the sidecar gets it as a Compose secret, the
     * host goals read it. Set with {@code -Ddockstart.s3.accessKeyIdFile}.
     */
    @Parameter(property = PropertyNames.S3_ACCESS_KEY_ID_FILE)
    String s3AccessKeyIdFile;

    /** A file of the project holding the secret access key, likewise. Set with {@code -Ddockstart.s3.secretAccessKeyFile}. */
    @Parameter(property = PropertyNames.S3_SECRET_ACCESS_KEY_FILE)
    String s3SecretAccessKeyFile;

    /**
     * age public keys ({@code age1...}, space or comma separated): the copies the sidecar and
     * {@code backup} send to the bucket are encrypted for them ({@code NAME.age}); local backups stay
     * plain. Public keys are not secrets. Set with {@code -Ddockstart.s3.encryptRecipients}.
     */
    @Parameter(property = PropertyNames.S3_ENCRYPT_RECIPIENTS)
    String s3EncryptRecipients;

    /**
     * Backups larger than this many MiB go to the bucket in parts (S3 multipart upload), from the
     * sidecar and from {@code backup}: 1 to 5120, default 100. Set with
     * {@code -Ddockstart.s3.multipartThresholdMb}.
     */
    @Parameter(property = PropertyNames.S3_MULTIPART_THRESHOLD_MB)
    String s3MultipartThresholdMb;

    /** The size of those parts in MiB: 5 to 5120, default 64. Set with {@code -Ddockstart.s3.partSizeMb}. */
    @Parameter(property = PropertyNames.S3_PART_SIZE_MB)
    String s3PartSizeMb;

    boolean hasBucket() {
        return s3Bucket != null && !s3Bucket.isBlank();
    }

    /** The bucket, checked, when one is set. */
    Optional<BucketSettings> bucket() {
        return hasBucket()
                ? Optional.of(new BucketSettings(s3Bucket, s3Prefix, s3Endpoint, s3Region, s3AccessKeyIdFile, s3SecretAccessKeyFile)
                        .withEncryptRecipients(s3EncryptRecipients)
                        .withMultipart(MultipartSettings.parse(s3MultipartThresholdMb, s3PartSizeMb)))
                : Optional.empty();
    }
}
