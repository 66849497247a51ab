package io.github.dockstart.maven;

import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that know the S3-compatible bucket the sidecar copies backups to: {@code generate}
 * writes it into the sidecar's environment, the backup goals list and restore from it.
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

    /** The bucket's region. Set with {@code -Ddockstart.s3.region}. */
    @Parameter(property = PropertyNames.S3_REGION)
    String s3Region;

    boolean hasBucket() {
        return s3Bucket != null && !s3Bucket.isBlank();
    }
}
