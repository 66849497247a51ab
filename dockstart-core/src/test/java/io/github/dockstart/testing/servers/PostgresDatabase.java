package io.github.dockstart.testing.servers;

import java.time.Duration;

/** One database of a {@link PostgresServer}, owned by its own role with a password. */
public record PostgresDatabase(PostgresServer server, String name, String user, String password) implements ServerDatabase {

    /** Runs SQL as the database's owner; returns unaligned, tuples-only output ('|' between columns). */
    public String sql(String sql) {
        return Exec.of(Tools.postgres("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
                        "-h", host(), "-p", String.valueOf(port()), "-U", user, "-d", name, "-f", "-")
                .stdin(sql)
                .env("PGPASSWORD", password).env("PGCLIENTENCODING", "UTF8")
                .timeout(Duration.ofMinutes(5)).run().orFail().stdout();
    }
}
