package io.github.dockstart.rendering;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backup sidecar's shell scripts, listed once: rendering copies exactly these to
 * {@code .devcontainer/scripts/}, and the tests run exactly these under BusyBox. They live in this
 * package's {@code scripts/} resources.
 */
public final class SidecarScripts {

    /** Where the scripts are on the classpath. */
    public static final String RESOURCE = "/io/github/dockstart/rendering/scripts/";

    /** The scripts that run as commands (the entrypoint, the cron job, {@code docker exec}, the healthcheck). */
    public static final List<String> COMMANDS = List.of("backup.sh", "rotate.sh", "restore.sh", "drill.sh", "entrypoint.sh",
            "healthcheck.sh");

    /**
     * The files the commands source, never run alone (so they inherit {@code set -eu -o pipefail}):
     * lib.sh first (the base), then content.sh (dump checks, compressors), clients.sh (database
     * clients), retention.sh (rotation), schedule.sh (cron and health), s3.sh (the bucket),
     * notify.sh (failure alerts) and redis-drill.sh (the Redis drill, which the host runs too).
     */
    public static final List<String> SOURCED = List.of("lib.sh", "content.sh", "clients.sh", "retention.sh",
            "schedule.sh", "s3.sh", "notify.sh", "redis-drill.sh");

    /** Every script, as rendered. */
    public static final List<String> ALL = Stream.concat(SOURCED.stream(), COMMANDS.stream()).toList();

    /**
     * SQL that restore.sh runs from beside it and the host's PostgresAccess runs too (one text
     * for both): the live database's settings and grants onto the one a restore built.
     */
    public static final String PG_COPY_PROPERTIES = "pg-copy-properties.sql";

    /** The same for the empty database beside the live one that a restore or a restore drill loads into. */
    public static final String PG_CREATE_BESIDE = "pg-create-beside.sql";

    /**
     * The queries of the restore drill: the figures of a database, which the sidecar (restore.sh) and
     * the host (RestoreDrill) both read from these files, so that both count the same things.
     */
    public static final List<String> QUERIES = List.of("drill-postgres.sql", "drill-mysql.sql", "drill-sqlite.sql");

    /** The files the scripts read, rendered beside them (not executable). */
    public static final List<String> DATA = Stream.concat(Stream.of(PG_COPY_PROPERTIES, PG_CREATE_BESIDE), QUERIES.stream()).toList();

    /** Everything rendered into the scripts' directory: the scripts and the files they read. */
    public static final List<String> FILES = Stream.concat(ALL.stream(), DATA.stream()).toList();

    private SidecarScripts() {
    }

    /** The text of one script (or file of {@link #DATA}), as it is copied. */
    public static String text(String name) {
        try (InputStream in = SidecarScripts.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new IllegalStateException("sidecar script missing from the classpath: " + RESOURCE + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read sidecar script " + name, e);
        }
    }
}
