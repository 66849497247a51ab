package io.github.dockstart.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** One database as backup and restore see it: something that can be dumped and loaded. */
public interface DatabaseAccess {

    /** Fails with a message saying why when the database cannot be reached or logged into. */
    void checkReachable() throws IOException;

    /** Streams a dump (SQL text, an RDB snapshot or a SQLite file) into {@code out}. */
    void dump(OutputStream out) throws IOException;

    /** Replaces the database's data with the dump read from {@code in}. */
    void load(InputStream in) throws IOException;

    /** Fails with a message saying why when {@link #load} may not run now. By default: the database answers. */
    default void checkReadyForLoad() throws IOException {
        checkReachable();
    }

    /**
     * What to save before a restore replaces the data, or empty when there is nothing to save.
     * By default a normal dump.
     */
    default Optional<Dump> safetyDump() {
        return Optional.of(this::dump);
    }

    /** What the last {@link #load} did that the user must know (e.g. what Redis must hold once started), if anything. */
    default Optional<String> loadReport() {
        return Optional.empty();
    }

    /** What the last {@link #load} changed that the user did not ask for (e.g. definers), if anything. */
    default Optional<String> loadWarning() {
        return Optional.empty();
    }

    /** Something that writes a dump into a stream. */
    @FunctionalInterface
    interface Dump {
        void writeTo(OutputStream out) throws IOException;
    }

    /** For messages: what is reached and how, e.g. {@code PostgreSQL demo@localhost:5432/demo (local clients)}. */
    String describe();
}
