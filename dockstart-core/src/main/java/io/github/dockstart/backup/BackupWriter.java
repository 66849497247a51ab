package io.github.dockstart.backup;

import io.github.dockstart.access.DatabaseAccess.Dump;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one backup so that it is either complete, verified and under its final name, or absent:
 * the dump is compressed and hashed in one pass into a hidden temporary file, the file is read
 * back and checked, made private (0600), and only then moved to its final name, checksum first.
 */
public final class BackupWriter {

    private static final int BUFFER = 1 << 16;

    private final BackupVerifier verifier = new BackupVerifier();

    /**
     * @return the final path of the backup
     * @throws IOException when the dump or a write fails; no file is left under the final name
     */
    public Path write(Path directory, BackupFileName name, Dump dump, ProgressMeter progress) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(name.fileName());
        Path checksum = directory.resolve(name.checksumFileName());
        Path temp = directory.resolve("." + name.fileName() + ".tmp");
        Path tempChecksum = directory.resolve("." + name.checksumFileName() + ".tmp");
        if (Files.exists(target)) {
            // two backups in the same second: the older one is never replaced
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "a backup of this name already exists; try again in a second");
        }
        boolean done = false;
        try {
            MessageDigest sha256 = BackupVerifier.sha256();
            try (OutputStream file = Files.newOutputStream(temp);
                 OutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file, BUFFER), sha256);
                 GZIPOutputStream gzip = new GZIPOutputStream(hashed, BUFFER)) {
                setPrivate(temp);
                dump.writeTo(progress.counting(gzip));
            }
            if (progress.bytes() == 0) {
                throw new IOException("The dump was empty; nothing was saved.");
            }
            String hex = HexFormat.of().formatHex(sha256.digest());
            // a client that cut its output short yet exited 0 leaves a whole gzip of half a dump
            BackupVerifier.Verdict verdict = verifier.verify(temp, hex, BackupContent.ofExtension(name.extension()));
            if (!verdict.good()) {
                throw new IOException("The backup failed verification after writing: " + verdict.problem().orElseThrow());
            }
            Files.writeString(tempChecksum, hex + "  " + name.fileName() + "\n", StandardCharsets.UTF_8);
            move(tempChecksum, checksum);
            move(temp, target);
            done = true;
            return target;
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(tempChecksum);
            if (!done) {
                // the checksum moves first; without its backup it must not stay either
                if (!Files.exists(target)) {
                    Files.deleteIfExists(checksum);
                }
            }
        }
    }

    private static void setPrivate(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
