package io.github.dockstart.access;

import io.github.dockstart.rendering.SidecarScripts;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A database a restore drill can load a backup beside, without writing to it: into a throwaway
 * target that is removed again however the load ends. The figures of both are what the drill
 * compares: lines "kind name value", sorted byte-wise, counted by the same query files
 * ({@code drill-*.sql}) the sidecar's {@code restore.sh --drill} reads.
 */
public interface Drillable {

    /** The figures of the live database now (it is only read). */
    List<String> liveFigures() throws IOException;

    /**
     * Loads the decompressed backup into a throwaway target named with {@code stamp}, counts its
     * figures and removes it, also when anything fails.
     *
     * @throws ThrowawayFailed when the backup does not load or its copy cannot be read
     */
    Throwaway loadThrowaway(String stamp, InputStream dump) throws IOException;

    /** What the backup was restored into, its figures, and what its load changed that a user must know. */
    record Throwaway(String description, List<String> figures, Optional<String> warning) {
        public Throwaway(String description, List<String> figures) {
            this(description, figures, Optional.empty());
        }
    }

    /** The backup did not restore into its throwaway target (which is gone again). */
    final class ThrowawayFailed extends IOException {
        private final String target;

        public ThrowawayFailed(String target, String message, Throwable cause) {
            super(message, cause);
            this.target = target;
        }

        /** What it was to be restored into, or null when the target could not be made. */
        public String target() {
            return target;
        }
    }

    /** The backup could not be drilled here, which says nothing against it (a snapshot newer than the server at hand). */
    final class ThrowawaySkipped extends IOException {
        public ThrowawaySkipped(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The longest part of the live database's name a throwaway database's name keeps (as restore.sh's drill_name). */
    int NAME_PREFIX = 32;

    /** {@code {db}_drill_{stamp}}: no restore or user names a database like it. */
    static String throwawayName(String database, String stamp) {
        return (database.length() > NAME_PREFIX ? database.substring(0, NAME_PREFIX) : database) + "_drill_" + stamp;
    }

    /** The query file of a drill, shipped into the sidecar too. */
    static String query(String name) {
        return SidecarScripts.text(name);
    }

    /** Output lines, blank ones dropped. */
    static List<String> lines(String output) {
        return output.lines().filter(l -> !l.isBlank()).toList();
    }
}
