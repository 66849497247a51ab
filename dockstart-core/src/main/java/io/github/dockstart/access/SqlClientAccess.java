package io.github.dockstart.access;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A SQL database reached through its command-line clients: one command checks the login, one
 * dumps to standard output, one loads from standard input. Whether the clients run here or in a
 * container is only a matter of how the commands were built.
 */
final class SqlClientAccess implements DatabaseAccess, Drillable {

    private static final String DRILL_FIGURES = Drillable.query("drill-mysql.sql");

    private final CommandRunner runner;
    private final Command ping;
    private final Command dump;
    private final Command load;
    private final Function<String, Command> clientIn;
    private final String database;
    private final String user;
    private final String description;
    private Optional<String> definersChanged = Optional.empty();

    /**
     * @param clientIn the client in a database (its SQL from standard input, rows without names),
     *                 for the restore drill
     */
    SqlClientAccess(CommandRunner runner, Command ping, Command dump, Command load, Function<String, Command> clientIn,
                    String database, String user, String description) {
        this.runner = runner;
        this.ping = ping;
        this.dump = dump;
        this.load = load;
        this.clientIn = clientIn;
        this.database = database;
        this.user = user;
        this.description = description;
    }

    private String sql(String target, String sql) throws IOException {
        return runner.output(clientIn.apply(target), new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<String> liveFigures() throws IOException {
        return Drillable.lines(sql(database, DRILL_FIGURES));
    }

    /**
     * Into a new database {@code {db}_drill_{stamp}} on the same server, dropped again however the
     * load ends. The user needs the right to create it: {@code GRANT ALL ON `{db}\_drill\_%`.*}.
     */
    @Override
    public Throwaway loadThrowaway(String stamp, InputStream dumpStream) throws IOException {
        String name = Drillable.throwawayName(database, stamp);
        try {
            sql(database, "CREATE DATABASE `" + name + "`;");
        } catch (IOException e) {
            String prefix = (database.length() > Drillable.NAME_PREFIX ? database.substring(0, Drillable.NAME_PREFIX) : database)
                    .replace("_", "\\_");
            throw new ThrowawayFailed(null, "could not create the throwaway database " + name + " (" + e.getMessage()
                    + "); let user " + user + " create and drop the drill's databases: GRANT ALL ON `" + prefix
                    + "\\_drill\\_%`.* TO '" + user + "'@'%'; " + database + " was not touched.", e);
        }
        String target = "database " + name + " (dropped afterwards)";
        IOException failure = null;
        List<String> figures = List.of();
        try {
            loadDefinersChecked(clientIn.apply(name), dumpStream);
            figures = Drillable.lines(sql(name, DRILL_FIGURES));
        } catch (IOException e) {
            failure = new ThrowawayFailed(target, "the backup does not restore: loading it into the throwaway database " + name
                    + " failed: " + e.getMessage() + " " + database + " was not touched.", e);
        }
        try {
            sql(database, "DROP DATABASE IF EXISTS `" + name + "`;");
        } catch (IOException e) {
            IOException notDropped = new IOException("could not drop the throwaway database " + name + " (" + e.getMessage()
                    + "): drop it with DROP DATABASE `" + name + "`", e);
            if (failure == null) {
                throw notDropped;
            }
            failure.addSuppressed(notDropped);
        }
        if (failure != null) {
            throw failure;
        }
        return new Throwaway(target, figures, definersChanged);
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
        loadDefinersChecked(load, in);
    }

    /** What the last load changed: the definers this user may not name (see {@link MySqlDefiners}). */
    @Override
    public Optional<String> loadWarning() {
        return definersChanged;
    }

    /** Whether the user may name any definer; when the server cannot say, no (the rewrite is the safe side, as in the sidecar). */
    private boolean maySetAnyDefiner() {
        try {
            return MySqlDefiners.grantsAllowDefiners(Drillable.lines(sql(database, "SHOW GRANTS;")));
        } catch (IOException e) {
            return false;
        }
    }

    private void loadDefinersChecked(Command loader, InputStream in) throws IOException {
        definersChanged = Optional.empty();
        if (maySetAnyDefiner()) {
            runner.writeTo(loader, in);
            return;
        }
        MySqlDefiners.Rewrite rewrite = new MySqlDefiners.Rewrite(in);
        runner.writeTo(loader, rewrite);
        definersChanged = MySqlDefiners.changedMessage(rewrite, currentUser(), user);
    }

    /** {@code user@host} as the server knows this login (the user's name alone when it does not answer, as in the sidecar). */
    private String currentUser() {
        try {
            return sql(database, "SELECT CURRENT_USER();").strip();
        } catch (IOException e) {
            return user;
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
