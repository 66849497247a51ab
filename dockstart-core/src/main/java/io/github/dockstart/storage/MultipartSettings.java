package io.github.dockstart.storage;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;

/**
 * When an upload to the bucket goes in parts (S3's multipart upload) and how large they are, by the
 * rules of the sidecar's {@code s3.sh} ({@code BACKUP_S3_MULTIPART_THRESHOLD_MB},
 * {@code BACKUP_S3_PART_SIZE_MB}), with the same defaults and accepted values (a test checks); set
 * as {@link PropertyNames#S3_MULTIPART_THRESHOLD_MB} and {@link PropertyNames#S3_PART_SIZE_MB}.
 *
 * @param thresholdMb a backup larger than this many MiB goes in parts (1 to 5120: one PUT takes at most 5 GiB)
 * @param partSizeMb  the size of each part but the last, in MiB (5 to 5120, S3's limits)
 */
public record MultipartSettings(int thresholdMb, int partSizeMb) {

    /** {@code s3.sh}'s {@code S3_MULTIPART_THRESHOLD_MB_DEFAULT}. */
    public static final int DEFAULT_THRESHOLD_MB = 100;
    /** {@code s3.sh}'s {@code S3_PART_SIZE_MB_DEFAULT}. */
    public static final int DEFAULT_PART_SIZE_MB = 64;
    public static final MultipartSettings DEFAULT = new MultipartSettings(DEFAULT_THRESHOLD_MB, DEFAULT_PART_SIZE_MB);
    /** S3 takes at most this many parts; larger backups get larger parts. */
    static final int MAX_PARTS = 10_000;
    private static final long MIB = 1024 * 1024;
    private static final String THRESHOLD_LIMITS = "1 to 5120 (one PUT takes at most 5 GiB)";
    private static final String PART_SIZE_LIMITS = "5 to 5120 (S3's limits for a part)";

    public MultipartSettings {
        if (thresholdMb < 1 || thresholdMb > 5120) {
            throw new InvalidInputException("The multipart threshold " + thresholdMb
                    + " is not a whole number of MiB from 1 to 5120.");
        }
        if (partSizeMb < 5 || partSizeMb > 5120) {
            throw new InvalidInputException("The multipart part size " + partSizeMb
                    + " is not a whole number of MiB from 5 to 5120.");
        }
    }

    /**
     * The settings as given (blank or null: the default), checked as {@code s3.sh} checks its
     * variables: one to four digits, within the limits; else one sentence naming the property.
     */
    public static MultipartSettings parse(String thresholdMb, String partSizeMb) {
        return new MultipartSettings(
                parse(PropertyNames.S3_MULTIPART_THRESHOLD_MB, thresholdMb, DEFAULT_THRESHOLD_MB, 1, THRESHOLD_LIMITS),
                parse(PropertyNames.S3_PART_SIZE_MB, partSizeMb, DEFAULT_PART_SIZE_MB, 5, PART_SIZE_LIMITS));
    }

    private static int parse(String property, String value, int defaultValue, int min, String limits) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String trimmed = value.trim();
        // at most four digits, as s3.sh takes them: no sign, exponent or overflow
        if (!trimmed.matches("[0-9]{1,4}") || Integer.parseInt(trimmed) < min || Integer.parseInt(trimmed) > 5120) {
            throw new InvalidSettingException(property, value, property + "='" + value
                    + "' is not a whole number of MiB from " + limits + ".");
        }
        return Integer.parseInt(trimmed);
    }

    /** Whether these are the defaults (then {@code generate} leaves them out of the sidecar's environment). */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** Whether a backup of {@code size} bytes goes in parts. */
    public boolean inParts(long size) {
        return size > thresholdMb * MIB;
    }

    /** The part size in bytes for a backup of {@code size} bytes: the setting, grown (in whole MiB) to stay within 10000 parts. */
    public long partBytes(long size) {
        long minimumMb = (size + MAX_PARTS * MIB - 1) / (MAX_PARTS * MIB);
        return Math.max(partSizeMb, minimumMb) * MIB;
    }
}
