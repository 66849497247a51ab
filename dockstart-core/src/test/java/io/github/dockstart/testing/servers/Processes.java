package io.github.dockstart.testing.servers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How the throwaway servers end their processes. */
public final class Processes {

    private Processes() {
    }

    /**
     * Waits up to GRACE for PROCESS to end (after it was asked to: a signal, a shutdown command or a
     * closed input), then kills it and waits up to 10 s more; an interrupted wait kills it at once.
     */
    public static void awaitExit(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Asks PROCESS to end (SIGTERM) and {@link #awaitExit waits} up to GRACE. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        awaitExit(process, grace);
    }
}
