package io.github.dockstart.testing.servers;

/** One database of a {@link MariaDbServer} with its own user and password. */
public record MariaDbDatabase(MariaDbServer server, String name, String user, String password) implements ServerDatabase {

    /**
     * Runs SQL in this database as its own user, as the application does (so that routines,
     * triggers and events it creates have that user as their definer); tab-separated rows.
     */
    public String sqlAsOwner(String sql) {
        return Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--no-defaults", "--host=" + host(),
                        "--port=" + port(), "--protocol=TCP", "--user=" + user, "--default-character-set=utf8mb4", "-N", "-B", "-D", name)
                .env("MYSQL_PWD", password).stdin(sql).timeout(java.time.Duration.ofMinutes(5)).run().orFail().stdout();
    }

    /** Runs SQL in this database (as the server's admin); tab-separated rows without headers. */
    public String sql(String sql) {
        return server.adminSql(name, sql);
    }
}
