package io.github.dockstart.access;

import java.io.IOException;

/** A client program failed: exited non-zero, could not start, or wrote an error reply. */
public class CommandFailedException extends IOException {

    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
