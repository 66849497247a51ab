package io.github.dockstart.model;

/**
 * A file of the user's (a pom, a configuration file, a backup) that dockstart cannot use. It
 * carries the file, as the message names it, and the line at fault, so that a front end can point
 * at it (an editor link, a CLI's own wording); the message is the sentence for the Maven build.
 */
public class InvalidFileException extends InvalidInputException {

    private final String file;
    private final int line;

    /**
     * @param file    the file as the message names it (relative to the project where it is inside)
     * @param line    the line at fault, from 1; 0 for the file as a whole
     * @param message one sentence naming the file (and line), and what is wrong
     */
    public InvalidFileException(String file, int line, String message) {
        this(file, line, message, null);
    }

    public InvalidFileException(String file, int line, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    /** The file, as the message names it. */
    public String file() {
        return file;
    }

    /** The line at fault, from 1; 0 when the file as a whole is. */
    public int line() {
        return line;
    }
}
