package io.github.dockstart.testing.servers;

/** One database of a {@link MySqlServer} with its own caching_sha2_password user. */
public record MySqlDatabase(MySqlServer server, String name, String user, String password) implements ServerDatabase {

    /** Runs SQL in this database (as the server's root); tab-separated rows without headers. */
    public String sql(String sql) {
        return server.adminSql(name, sql);
    }
}
