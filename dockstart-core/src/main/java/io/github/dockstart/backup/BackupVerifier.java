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
        try {
            String expected = expectedChecksum(file);
            Optional<BackupContent> content = type.map(BackupContent::of).or(() -> BackupContent.ofFileName(name));
            return verify(file, expected, content);
        } catch (BadBackupException e) {
            return bad(file, e.getMessage());
        } catch (IOException e) {
            return bad(file, "Backup " + file + " could not be read: " + e.getMessage() + ".");
        }
    }

    /** The SHA-256 the checksum file beside {@code file} holds; refused when the file is a link, missing, or has none. */
    private static String expectedChecksum(Path file) throws IOException {
        String name = file.getFileName().toString();
        Path checksumFile = file.resolveSibling(name + BackupFileName.CHECKSUM_SUFFIX);
        if (Files.isSymbolicLink(file)) {
            // the same rule as a restore: a link in backups/ is not a backup, wherever it points
            throw new BadBackupException("Backup " + file + " is a symbolic link, not a backup file; remove it or copy the file it points to into its place.");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadBackupException("Backup " + file + " does not exist.");
        }
        Optional<String> expected = readChecksum(checksumFile, name);
        if (expected.isEmpty()) {
            throw new BadBackupException("Backup " + file + " has no valid checksum file " + checksumFile.getFileName() + ".");
        }
        return expected.get();
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
            Optional<String> problem = checksumProblem(file, expectedHex, sha256);
            if (problem.isEmpty() && content.isPresent()) {
                problem = content.get().problem(file, probe, copy);
            }
            return new Verdict(file, problem);
        } catch (NoSuchFileException e) {
            return bad(file, "Backup " + file + " does not exist.");
        } catch (ZipException | java.io.EOFException e) {
            return bad(file, gzipProblem(file, e));
        } catch (IOException e) {
            return bad(file, "Backup " + file + " could not be read: " + e.getMessage() + ".");
        } finally {
            deleteQuietly(copy);
        }
    }

    private static Optional<String> checksumProblem(Path file, String expectedHex, MessageDigest sha256) {
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (actual.equals(expectedHex)) {
            return Optional.empty();
        }
        return Optional.of("Backup " + file + " does not match its checksum in " + file.getFileName() + BackupFileName.CHECKSUM_SUFFIX
                + " (expected " + expectedHex + ", found " + actual + ").");
    }

    private static String gzipProblem(Path file, IOException e) {
        return e instanceof java.io.EOFException ? "Backup " + file + " is truncated: its gzip stream ends early."
                : "Backup " + file + " is not a valid gzip file (" + e.getMessage() + ").";
    }

    // --- checked while it loads ------------------------------------------------------------

    /**
     * The checks that cost no pass over the whole file, made before a restore that checks the rest
     * while it loads ({@link #checkedWhileRead}): the file is a regular file, not a link; its
     * checksum file holds a SHA-256; it starts as a gzip stream; and the start of what it
     * decompresses to is the header of {@code type}'s dump. Truncation and corruption further on,
     * the checksum and the end marker show only at the end of a full read.
     */
    public Verdict verifyStart(Path file, DatabaseType type) {
        try {
            expectedChecksum(file);
            BackupContent.Probe probe = new BackupContent.Probe();
            try (InputStream gzip = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
                byte[] head = gzip.readNBytes(BackupContent.HEAD);
                probe.write(head, 0, head.length);
            }
            if (BackupContent.of(type).headerProblem(file, probe).isEmpty()) {
                return new Verdict(file, Optional.empty());
            }
        } catch (BadBackupException e) {
            return bad(file, e.getMessage());
        } catch (ZipException | java.io.EOFException e) {
            // below: the whole check names the first problem in its order
        } catch (IOException e) {
            return bad(file, "Backup " + file + " could not be read: " + e.getMessage() + ".");
        }
        // a start that is wrong gets the whole check: its verdict names the first problem (a corrupt stream, say)
        return verify(file, Optional.of(type));
    }

    /** The backup was found bad while it was read: the one sentence saying why is the message. */
    public static final class BadBackupException extends IOException {
        private static final long serialVersionUID = 1L;

        BadBackupException(String problem) {
            super(problem);
        }
    }

    /**
     * The decompressed content of {@code file}, checked while it is read, in the same single pass:
     * the SHA-256 of the compressed bytes against its checksum file, the gzip stream's CRC and
     * length, and the content rule of {@code type} ({@link BackupContent}: header and end marker).
     * A problem is thrown as {@link BadBackupException} by the read that reaches it, at the latest
     * by the read that would have returned the end: a reader never sees the clean end of a bad file.
     * Not for content that needs a copy on disk (SQLite).
     */
    public InputStream checkedWhileRead(Path file, DatabaseType type) throws IOException {
        BackupContent content = BackupContent.of(type);
        if (content.needsCopy()) {
            throw new IllegalArgumentException(content + " cannot be checked while it is read");
        }
        return new CheckedStream(file, expectedChecksum(file), content);
    }

    /** Decompresses and hashes; at the end, checks the digest and the content before reporting the end. */
    private static final class CheckedStream extends InputStream {
        private final Path file;
        private final String expectedHex;
        private final BackupContent content;
        private final MessageDigest sha256 = sha256();
        private final DigestInputStream hashed;
        private final GZIPInputStream gzip;
        private final BackupContent.Probe probe = new BackupContent.Probe();
        private boolean ended;

        CheckedStream(Path file, String expectedHex, BackupContent content) throws IOException {
            this.file = file;
            this.expectedHex = expectedHex;
            this.content = content;
            this.hashed = new DigestInputStream(Files.newInputStream(file), sha256);
            GZIPInputStream opened;
            try {
                opened = new GZIPInputStream(hashed, BUFFER);
            } catch (ZipException | java.io.EOFException e) {
                hashed.close();
                throw new BadBackupException(gzipProblem(file, e));
            }
            this.gzip = opened;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            int n;
            try {
                n = gzip.read(b, off, len);
            } catch (ZipException | java.io.EOFException e) {
                throw new BadBackupException(gzipProblem(file, e));
            }
            if (n > 0) {
                probe.write(b, off, n);
            } else if (n < 0) {
                finish();
                ended = true;
            }
            return n;
        }

        private void finish() throws IOException {
            byte[] rest = new byte[BUFFER];
            // the gzip reader may stop short of trailing bytes; the checksum covers the whole file
            while (hashed.read(rest) >= 0) {
                // drain
            }
            Optional<String> problem = checksumProblem(file, expectedHex, sha256);
            if (problem.isEmpty()) {
                problem = content.problem(file, probe, null);
            }
            if (problem.isPresent()) {
                throw new BadBackupException(problem.get());
            }
        }

        @Override
        public void close() throws IOException {
            gzip.close();
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
