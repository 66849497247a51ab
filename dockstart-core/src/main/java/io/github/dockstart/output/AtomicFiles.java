package io.github.dockstart.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The one way dockstart replaces a small text file it owns (generated files, the write manifest,
 * remembered verdicts, drill results): written beside the target under a hidden {@code .NAME….tmp}
 * name, given its permissions, then renamed over the target, so a reader or a crash sees the old
 * content or the new, never half of one.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} (UTF-8) and {@code permissions} where the file
     * system has POSIX permissions. The temporary file is 0600 until then and is removed on failure.
     */
    public static void write(Path target, CharSequence content, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            setPermissions(temp, permissions);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Sets {@code permissions} on {@code file} when they differ and the file system has them. */
    public static void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")
                && !Files.getPosixFilePermissions(file).equals(permissions)) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }
}
