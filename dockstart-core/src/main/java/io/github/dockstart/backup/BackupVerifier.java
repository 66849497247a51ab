package io.github.dockstart.backup;

import io.github.dockstart.model.DatabaseType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a backup before anyone relies on it: the checksum beside it matches, the gzip stream
 * decompresses to its end (which catches truncation and corruption), and what it decompresses to
 * is a whole dump of its kind ({@link BackupContent}), in one read of the file.
 */
public final class BackupVerifier {

    private static final int BUFFER = 1 << 16;

    /** The verdict on one file: empty problem means good. */
    public record Verdict(Path file, Optional<String> problem) {
        public boolean good() {
            return problem.isEmpty();
        }
    }

    /** Verifies {@code file}, its content judged by its name's extension. */
    public Verdict verify(Path file) {
        return verify(file, Optional.empty());
    }

    /**
     * Verifies {@code file}; {@code type} is the type of the service it belongs to, when known,
     * so that a PostgreSQL service's file must hold a PostgreSQL dump.
     */
    public Verdict verify(Path file, Optional<DatabaseType> type) {
        String name = file.getFileName().toString();
        Path checksumFile = file.resolveSibling(name + BackupFileName.CHECKSUM_SUFFIX);
        if (Files.isSymbolicLink(file)) {
            // the same rule as a restore: a link in backups/ is not a backup, wherever it points
            return bad(file, "Backup " + file + " is a symbolic link, not a backup file; remove it or copy the file it points to into its place.");
        }
        if (!Files.isRegularFile(file)) {
            return bad(file, "Backup " + file + " does not exist.");
        }
        try {
            Optional<String> expected = readChecksum(checksumFile, name);
            if (expected.isEmpty()) {
                return bad(file, "Backup " + file + " has no valid checksum file " + checksumFile.getFileName() + ".");
            }
            Optional<BackupContent> content = type.map(BackupContent::of).or(() -> BackupContent.ofFileName(name));
            return verify(file, expected.get(), content);
        } catch (IOException e) {
            return bad(file, "Backup " + file + " could not be read: " + e.getMessage() + ".");
        }
    }

    /** Like {@link #verify(Path, String, Optional)}, the content judged by the file's name (none for a temporary name). */
    public Verdict verify(Path file, String expectedHex) {
        return verify(file, expectedHex, BackupContent.ofFileName(file.getFileName().toString()));
    }

    /**
     * Checks the gzip stream of {@code file} to its end, its SHA-256 against {@code expectedHex},
     * and its decompressed content against {@code content} (when given).
     */
    public Verdict verify(Path file, String expectedHex, Optional<BackupContent> content) {
        String checksumName = file.getFileName() + BackupFileName.CHECKSUM_SUFFIX;
        Path copy = null;
        try {
            MessageDigest sha256 = sha256();
            BackupContent.Probe probe = new BackupContent.Probe();
            if (content.isPresent() && content.get().needsCopy()) {
                copy = BackupContent.temporaryCopy();
            }
            try (InputStream raw = Files.newInputStream(file);
                 DigestInputStream hashed = new DigestInputStream(raw, sha256);
                 GZIPInputStream gzip = new GZIPInputStream(hashed, BUFFER);
                 OutputStream copied = copy == null ? OutputStream.nullOutputStream() : Files.newOutputStream(copy)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = gzip.read(buffer)) >= 0) {
                    // decompress to the end: only a complete stream gets there
                    probe.write(buffer, 0, n);
                    copied.write(buffer, 0, n);
                }
                // the gzip reader may stop short of trailing bytes; the checksum covers the whole file
                while (hashed.read(buffer) >= 0) {
                    // drain
                }
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expectedHex)) {
                return bad(file, "Backup " + file + " does not match its checksum in " + checksumName
                        + " (expected " + expectedHex + ", found " + actual + ").");
            }
            if (content.isPresent()) {
                Optional<String> problem = content.get().problem(file, probe, copy);
                if (problem.isPresent()) {
                    return bad(file, problem.get());
                }
            }
            return new Verdict(file, Optional.empty());
        } catch (NoSuchFileException e) {
            return bad(file, "Backup " + file + " does not exist.");
        } catch (ZipException e) {
            return bad(file, "Backup " + file + " is not a valid gzip file (" + e.getMessage() + ").");
        } catch (java.io.EOFException e) {
            return bad(file, "Backup " + file + " is truncated: its gzip stream ends early.");
        } catch (IOException e) {
            return bad(file, "Backup " + file + " could not be read: " + e.getMessage() + ".");
        } finally {
            deleteQuietly(copy);
        }
    }

    private static void deleteQuietly(Path copy) {
        if (copy != null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                copy.toFile().deleteOnExit();
            }
        }
    }

    /** The hex digest from a {@code sha256sum}-style file naming this backup, or empty. */
    static Optional<String> readChecksum(Path checksumFile, String backupName) throws IOException {
        if (!Files.isRegularFile(checksumFile)) {
            return Optional.empty();
        }
        String text = Files.readString(checksumFile, StandardCharsets.UTF_8).trim();
        String[] parts = text.split("\\s+\\*?", 2);
        if (parts.length < 1 || !parts[0].matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        if (parts.length == 2 && !parts[1].equals(backupName)) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Verdict bad(Path file, String problem) {
        return new Verdict(file, Optional.of(problem));
    }
}
