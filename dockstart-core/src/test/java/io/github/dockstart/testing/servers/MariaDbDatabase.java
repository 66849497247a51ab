package io.github.dockstart.testing.servers;

/** One database of a {@link MariaDbServer} with its own user and password. */
public record MariaDbDatabase(MariaDbServer server, String name, String user, String password) {

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** Runs SQL in this database (as the server's admin); tab-separated rows without headers. */
    public String sql(String sql) {
        return server.adminSql(name, sql);
    }
}
