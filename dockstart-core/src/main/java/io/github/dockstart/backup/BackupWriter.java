package io.github.dockstart.backup;

import io.github.dockstart.access.DatabaseAccess.Dump;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one backup so that it is either complete, verified and under its final name, or absent:
 * the dump is compressed and hashed in one pass into a hidden temporary file, the file is read
 * back and checked, made private (0600, its checksum too), and only then given its final name,
 * checksum first, never replacing a file already there.
 */
public final class BackupWriter {

    private static final int BUFFER = 1 << 16;
    /** How many seconds past its own a backup may move when names are taken. */
    private static final int MAX_SECONDS_AHEAD = 60;

    private final BackupVerifier verifier = new BackupVerifier();

    /**
     * @param name the name for now; when another writer (the sidecar, a second build) has taken it
     *             in the same second, the next free second is used: a final name is never replaced
     * @return the final path of the backup, whose name may be a second or more after {@code name}
     * @throws IOException when the dump or a write fails; no file is left under the final name
     */
    public Path write(Path directory, BackupFileName name, Dump dump, ProgressMeter progress) throws IOException {
        Files.createDirectories(directory);
        // hidden, and unique to this writer: another one may be writing the same name right now
        Path temp = Files.createTempFile(directory, "." + name.fileName() + ".", ".tmp");
        Path tempChecksum = Files.createTempFile(directory, "." + name.checksumFileName() + ".", ".tmp");
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
            return publish(directory, name, temp, tempChecksum, hex);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(tempChecksum);
        }
    }

    /**
     * Gives the verified temporary file its final name, checksum first (a backup never appears
     * without it), claiming each name with a hard link, which fails when the name exists: unlike a
     * rename (which on Unix replaces the target, ATOMIC_MOVE or not), it can never replace a backup
     * another writer finished in the same second. The sidecar's backup.sh claims names the same way
     * ({@code ln}), so either moves on to the next second.
     */
    private Path publish(Path directory, BackupFileName first, Path temp, Path tempChecksum, String hex) throws IOException {
        BackupFileName name = first;
        for (int attempt = 0; attempt < MAX_SECONDS_AHEAD; attempt++, name = name.nextSecond()) {
            Path target = directory.resolve(name.fileName());
            Path checksum = directory.resolve(name.checksumFileName());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.writeString(tempChecksum, hex + "  " + name.fileName() + "\n", StandardCharsets.UTF_8);
            setPrivate(tempChecksum);
            if (!claim(tempChecksum, checksum)) {
                continue;
            }
            boolean claimed = false;
            try {
                claimed = claim(temp, target);
            } finally {
                if (!claimed) {
                    // the backup's name went to another writer between the two links, or the link
                    // failed: a checksum never stays without its backup
                    Files.deleteIfExists(checksum);
                }
            }
            if (claimed) {
                return target;
            }
        }
        throw new FileAlreadyExistsException(directory.resolve(first.fileName()).toString(), null,
                "this name and the next " + (MAX_SECONDS_AHEAD - 1) + " seconds' are all taken; nothing was saved");
    }

    /** Links {@code to} to {@code from}'s content, then drops {@code from}; false when {@code to} exists. */
    private static boolean claim(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            // a file system without hard links: a rename that refuses an existing target (checked, then moved)
            try {
                Files.move(from, to);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
        Files.delete(from);
        return true;
    }

    private static void setPrivate(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
