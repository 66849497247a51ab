package io.github.dockstart.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Reading or writing a file failed (an unwritable directory, a full disk, a file where a directory
 * belongs): not the user's configuration and not a fault of dockstart, so a front end reports it
 * as what it is, naming the file, never as an internal error.
 */
public class FileAccessException extends UncheckedIOException {

    private final Path file;

    /**
     * @param action what was being done, e.g. {@code "write"}
     * @param file   the file it was done to
     * @param cause  the failure
     */
    public FileAccessException(String action, Path file, IOException cause) {
        super("Could not " + action + " " + file + ": " + reason(file, cause) + ".", cause);
        this.file = file;
    }

    /** The file the failure is about. */
    public Path file() {
        return file;
    }

    /**
     * The sentence for a failure of the file system that no caller put in words: the file the JDK
     * names, and why (an {@link AccessDeniedException}'s own message is only the path).
     */
    public static String describe(FileSystemException e) {
        return e.getFile() == null ? String.valueOf(e.getMessage())
                : "Could not access " + e.getFile() + ": " + reason(Path.of(e.getFile()), e) + ".";
    }

    /** Why, in words, and the JDK's file when it differs from {@code file} (a temporary file, a parent directory). */
    private static String reason(Path file, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (e instanceof NotDirectoryException) {
            why = "not a directory";
        } else if (e instanceof FileAlreadyExistsException fs && fs.getReason() == null) {
            // what creating a directory says when a file is in its place
            why = fs.getFile() != null && Files.isRegularFile(Path.of(fs.getFile())) ? "is a file, where a directory is needed" : "already exists";
        } else if (e instanceof FileSystemException fs) {
            why = fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (e instanceof FileSystemException fs && fs.getFile() != null && !Path.of(fs.getFile()).equals(file)) {
            why = fs.getFile() + ": " + why;
        }
        return why;
    }
}
