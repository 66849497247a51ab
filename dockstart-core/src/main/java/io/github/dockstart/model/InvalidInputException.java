package io.github.dockstart.model;

/**
 * A problem with what the user gave dockstart: a malformed file, a bad property value, a backup
 * that fails verification. The message is one sentence naming the file, property or value; the
 * Maven plugin turns it into a build failure rather than an internal error.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
