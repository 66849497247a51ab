package io.github.dockstart.access;

/**
 * Where a database is and who to log in as. The password is never part of {@link #toString()}.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     user name (may be empty for Redis)
 * @param password password (may be empty)
 * @param database database name; for SQLite the file path
 */
public record Connection(String host, int port, String user, String password, String database) {

    @Override
    public String toString() {
        return (user == null || user.isEmpty() ? "" : user + "@") + host + ":" + port + "/" + database;
    }
}
