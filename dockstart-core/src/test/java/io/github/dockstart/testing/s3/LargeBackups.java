package io.github.dockstart.testing.s3;

import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.testing.Dumps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Backups large enough for multipart uploads with lowered thresholds: valid gzip of a PostgreSQL dump, stored uncompressed. */
public final class LargeBackups {

    private LargeBackups() {
    }

    /** A backup of a little more than {@code mib} MiB with its sha256sum-style checksum file beside it. */
    public static Path write(Path dir, BackupFileName name, int mib) throws IOException {
        Random random = new Random(mib);
        StringBuilder text = new StringBuilder(mib * 1024 * 1024);
        for (int i = 0; i < mib * 1024 * 1024; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(name.fileName());
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256);
             GZIPOutputStream gzip = new GZIPOutputStream(out) {
                 {
                     def.setLevel(Deflater.NO_COMPRESSION); // the size stays that of the dump
                 }
             }) {
            gzip.write(Dumps.postgres(text.toString()).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(name.checksumFileName()),
                HexFormat.of().formatHex(sha256.digest()) + "  " + name.fileName() + "\n");
        return file;
    }
}
