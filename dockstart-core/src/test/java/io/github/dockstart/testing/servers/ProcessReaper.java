package io.github.dockstart.testing.servers;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Last line of defence: servers still registered when the JVM exits (a crashed or
 * interrupted test run) are stopped by a shutdown hook, so no server outlives the build.
 */
final class ProcessReaper {

    private static final Set<AutoCloseable> LIVE = Collections.newSetFromMap(new IdentityHashMap<>());
    private static boolean hookInstalled;

    private ProcessReaper() {
    }

    static synchronized void register(AutoCloseable server) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::closeAll, "dockstart-test-servers-reaper"));
            hookInstalled = true;
        }
        LIVE.add(server);
    }

    static synchronized void unregister(AutoCloseable server) {
        LIVE.remove(server);
    }

    private static void closeAll() {
        List<AutoCloseable> all;
        synchronized (ProcessReaper.class) {
            all = List.copyOf(LIVE);
        }
        for (AutoCloseable server : all) {
            try {
                server.close();
            } catch (Exception ignored) {
                // keep closing the others
            }
        }
    }
}
