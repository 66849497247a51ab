package io.github.dockstart.testing;

import io.github.dockstart.log.DockstartLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A log that keeps every message as a line {@code LEVEL message} (INFO, WARN, DEBUG), to check what
 * the user is told, and that no password is among it.
 */
public final class RecordingLog implements DockstartLog {

    /** Every line so far, in order. */
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    /** The messages of one LEVEL, without the level. */
    public List<String> at(String level) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith(level + " ")).map(line -> line.substring(level.length() + 1)).toList();
        }
    }

    /** Every line, one a line. */
    public String all() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
