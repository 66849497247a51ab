package io.github.dockstart.maven;

import io.github.dockstart.log.DockstartLog;
import org.apache.maven.plugin.logging.Log;

/** The one place where the core's log events become Maven log lines. */
final class MavenDockstartLog implements DockstartLog {

    private final Log log;

    MavenDockstartLog(Log log) {
        this.log = log;
    }

    /** A log that passes everything on at debug level, for work whose result is reported otherwise. */
    static DockstartLog debugOnly(DockstartLog log) {
        return new DockstartLog() {
            @Override
            public void info(String message) {
                log.debug(message);
            }

            @Override
            public void warn(String message) {
                log.debug(message);
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }
        };
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }
}
