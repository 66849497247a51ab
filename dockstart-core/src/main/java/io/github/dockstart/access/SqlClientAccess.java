package io.github.dockstart.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A SQL database reached through its command-line clients: one command checks the login, one
 * dumps to standard output, one loads from standard input. Whether the clients run here or in a
 * container is only a matter of how the commands were built.
 */
final class SqlClientAccess implements DatabaseAccess {

    private final CommandRunner runner;
    private final Command ping;
    private final Command dump;
    private final Command load;
    private final String description;

    SqlClientAccess(CommandRunner runner, Command ping, Command dump, Command load, String description) {
        this.runner = runner;
        this.ping = ping;
        this.dump = dump;
        this.load = load;
        this.description = description;
    }

    @Override
    public void checkReachable() throws IOException {
        runner.output(ping);
    }

    @Override
    public void dump(OutputStream out) throws IOException {
        runner.readFrom(dump, out);
    }

    @Override
    public void load(InputStream in) throws IOException {
        runner.writeTo(load, in);
    }

    @Override
    public String describe() {
        return description;
    }
}
