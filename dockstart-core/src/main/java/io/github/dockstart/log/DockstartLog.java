package io.github.dockstart.log;

/**
 * The core's own logging port, so that it needs no logging framework and no Maven API; the
 * Maven plugin maps it onto Maven's {@code Log}.
 */
public interface DockstartLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A log that drops everything, for callers that do not care. */
    DockstartLog SILENT = new DockstartLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void debug(String message) {
        }
    };
}
