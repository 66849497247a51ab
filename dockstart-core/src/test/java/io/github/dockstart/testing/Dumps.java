package io.github.dockstart.testing;

/** Text shaped like a whole dump (header and end marker), for tests that write backups by hand. */
public final class Dumps {

    private Dumps() {
    }

    /** {@code body} between pg_dump's header and its end marker. */
    public static String postgres(String body) {
        return "--\n-- PostgreSQL database dump\n--\n\n" + body + "\n--\n-- PostgreSQL database dump complete\n--\n\n";
    }

    /** {@code body} between mariadb-dump's header and its end marker. */
    public static String mariadb(String body) {
        return "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n--\n" + body
                + "\n-- Dump completed on 2026-11-25  3:00:00\n";
    }
}
