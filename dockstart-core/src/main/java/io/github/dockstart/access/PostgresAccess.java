package io.github.dockstart.access;

import io.github.dockstart.rendering.SidecarScripts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A PostgreSQL database reached with its command-line clients, here or in its container. Besides
 * dump and load (in place), it offers what a restore needs to build a new database beside the
 * live one and swap it in: the same SQL as the sidecar's {@code restore.sh}.
 */
public final class PostgresAccess implements DatabaseAccess, Drillable {

    /** The suffix of a database a restore replaced and kept: {@code {db}_before_restore_{yyyyMMdd'T'HHmmss}}. */
    public static final String SAFETY_INFIX = "_before_restore_";
    /** NAMEDATALEN is 64: 63 bytes, of which {@code _before_restore_yyyyMMddTHHmmss} takes 31. */
    static final int LONGEST_SWAPPABLE_NAME = 32;

    static final List<String> PG_DUMP_OPTIONS = List.of("--clean", "--if-exists", "--encoding=UTF8");
    private static final List<String> PSQL = List.of("psql", "-X", "-q", "-At", "--no-password", "-v", "ON_ERROR_STOP=1");

    private final CommandRunner runner;
    private final BiFunction<String, List<String>, Command> client;
    private final String database;
    private final String user;
    private final String description;
    private String maintenance;

    /**
     * @param client builds the command for a client program and its arguments (login settings
     *               and password are the builder's business)
     */
    PostgresAccess(CommandRunner runner, BiFunction<String, List<String>, Command> client, String database, String user, String description) {
        this.runner = runner;
        this.client = client;
        this.database = database;
        this.user = user;
        this.description = description;
    }

    public String database() {
        return database;
    }

    @Override
    public void checkReachable() throws IOException {
        runner.output(client.apply("psql", List.of("-X", "-q", "-t", "-A", "-c", "SELECT 1", "--dbname=" + database)));
    }

    /** The roles section ({@link PostgresRoles}), then pg_dump's dump, ownership kept. */
    @Override
    public void dump(OutputStream out) throws IOException {
        String roles = runner.output(client.apply("pg_dumpall", List.of("--roles-only", "--no-role-passwords", "--no-password",
                "--database=" + database)));
        out.write(PostgresRoles.section(roles).getBytes(StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(PG_DUMP_OPTIONS);
        args.add("--dbname=" + database);
        HeaderCheck dump = new HeaderCheck(out);
        runner.readFrom(client.apply("pg_dump", args), dump);
        // the roles section repeats pg_dump's header, so the file's own first bytes no longer
        // prove that pg_dump wrote one: check pg_dump's output itself (as backup.sh does)
        if (!dump.headerSeen()) {
            throw new CommandFailedException("pg_dump's output does not start with its header (-- PostgreSQL database dump): it is not a dump");
        }
    }

    /** Passes everything through and keeps the first 64 bytes, to look for pg_dump's header line. */
    private static final class HeaderCheck extends java.io.FilterOutputStream {
        private final byte[] head = new byte[64];
        private int length;

        HeaderCheck(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (length < head.length) {
                head[length++] = (byte) b;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int keep = Math.min(len, head.length - length);
            if (keep > 0) {
                System.arraycopy(b, off, head, length, keep);
                length += keep;
            }
            out.write(b, off, len);
        }

        boolean headerSeen() {
            return new String(head, 0, length, StandardCharsets.ISO_8859_1).lines().anyMatch("-- PostgreSQL database dump"::equals);
        }
    }

    /** In place, in one transaction that stops at the first error. */
    @Override
    public void load(InputStream in) throws IOException {
        loadInto(database, in);
    }

    /** Into {@code target}, in one transaction that stops at the first error. */
    public void loadInto(String target, InputStream in) throws IOException {
        runner.writeTo(client.apply("psql", List.of("-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
                "--dbname=" + target, "-o", "/dev/null", "-f", "-")), in);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Runs {@code sql} in {@code target} with psql variables; the rows, one per line. */
    String sql(String target, String sql, Map<String, String> variables) throws IOException {
        List<String> args = new ArrayList<>(PSQL.subList(1, PSQL.size()));
        variables.forEach((k, v) -> args.addAll(List.of("-v", k + "=" + v)));
        args.addAll(List.of("--dbname=" + target, "-f", "-"));
        return runner.output(client.apply("psql", args), new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8))).strip();
    }

    // --- build beside, check, swap --------------------------------------------------

    /** Why build-and-swap cannot run here, or empty when it can. */
    public Optional<String> swapRefusal() throws IOException {
        String[] facts = sql(database, """
                SELECT (r.rolcreatedb OR r.rolsuper)::text || '|' || pg_has_role(d.datdba, 'MEMBER')::text
                  FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user;
                """, Map.of()).split("\\|");
        if (!facts[0].equals("true")) {
            return Optional.of("user " + user + " may not create databases (no CREATEDB)");
        }
        if (!facts[1].equals("true")) {
            return Optional.of("user " + user + " does not own database " + database);
        }
        if (database.getBytes(StandardCharsets.UTF_8).length > LONGEST_SWAPPABLE_NAME) {
            return Optional.of("the name " + database + " is too long to add " + SAFETY_INFIX + "<time> to it");
        }
        if (maintenanceDatabase().isEmpty()) {
            return Optional.of("user " + user + " cannot connect to the database postgres or template1, from where the swap runs");
        }
        return Optional.empty();
    }

    /** A database other than this one to run CREATE, RENAME and DROP from (found once). */
    private Optional<String> maintenanceDatabase() {
        if (maintenance != null) {
            return Optional.of(maintenance);
        }
        for (String candidate : List.of("postgres", "template1")) {
            if (candidate.equals(database)) {
                continue;
            }
            try {
                sql(candidate, "SELECT 1;", Map.of());
                maintenance = candidate;
                return Optional.of(candidate);
            } catch (IOException e) {
                // not allowed to connect there: try the next
            }
        }
        return Optional.empty();
    }

    private String maintenance() throws IOException {
        return maintenanceDatabase().orElseThrow(() -> new CommandFailedException("cannot connect to the database postgres or template1"));
    }

    /** The live database's size on disk, in bytes. */
    public long size() throws IOException {
        return Long.parseLong(sql(database, "SELECT pg_database_size(current_database());", Map.of()));
    }

    /** A database a restore replaced and kept. */
    public record SafetyDatabase(String name, long bytes) {
    }

    /** The safety databases of this database, newest first. */
    public List<SafetyDatabase> safetyDatabases() throws IOException {
        String rows = sql(maintenance(), """
                SELECT datname || '|' || pg_database_size(oid) FROM pg_database
                 WHERE left(datname, length(:'db')) = :'db'
                   AND substr(datname, length(:'db') + 1) ~ '^_before_restore_[0-9]{8}T[0-9]{6}$'
                 ORDER BY datname DESC;
                """, Map.of("db", database));
        List<SafetyDatabase> result = new ArrayList<>();
        for (String row : rows.lines().filter(l -> !l.isBlank()).toList()) {
            int bar = row.lastIndexOf('|');
            result.add(new SafetyDatabase(row.substring(0, bar), Long.parseLong(row.substring(bar + 1))));
        }
        return result;
    }

    /** The names of the server's roles (to tell which ones a restore created). */
    public Set<String> roles() throws IOException {
        return new TreeSet<>(Arrays.asList(sql(database, "SELECT rolname FROM pg_roles;", Map.of()).split("\n")));
    }

    /** An empty database beside this one, with its encoding, locale and owner. */
    public void createBeside(String name) throws IOException {
        sql(maintenance(), SidecarScripts.text(SidecarScripts.PG_CREATE_BESIDE), Map.of("db", database, "new", name));
    }

    /**
     * Gives {@code name} this database's settings, comment, connection limit and grants (none of
     * which pg_dump writes without {@code --create}): the SQL the sidecar's restore.sh runs too.
     */
    public void copyPropertiesTo(String name) throws IOException {
        sql(maintenance(), SidecarScripts.text(SidecarScripts.PG_COPY_PROPERTIES), Map.of("db", database, "new", name));
    }

    /**
     * Ends the sessions on this database (no new ones meanwhile) and swaps {@code name} in: this
     * database becomes {@code oldName}, both renames in one transaction. Connections to the old
     * one are allowed again afterwards, as before. On failure nothing is renamed.
     *
     * @return a warning when the swap happened but the old database stayed closed to connections
     */
    public Optional<String> swapIn(String name, String oldName) throws IOException {
        String maintenance = maintenance();
        boolean allowed = sql(maintenance, "SELECT datallowconn FROM pg_database WHERE datname = :'db';", Map.of("db", database)).equals("t");
        sql(maintenance, "ALTER DATABASE :\"db\" WITH ALLOW_CONNECTIONS false;", Map.of("db", database));
        try {
            sql(maintenance, """
                    BEGIN;
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
                    ALTER DATABASE :"db" RENAME TO :"old";
                    ALTER DATABASE :"new" RENAME TO :"db";
                    COMMIT;
                    """, Map.of("db", database, "new", name, "old", oldName));
        } catch (IOException e) {
            if (allowed) {
                sql(maintenance, "ALTER DATABASE :\"db\" WITH ALLOW_CONNECTIONS true;", Map.of("db", database));
            }
            throw e;
        }
        if (allowed) {
            try {
                sql(maintenance, "ALTER DATABASE :\"db\" WITH ALLOW_CONNECTIONS true;", Map.of("db", oldName));
            } catch (IOException e) {
                // the swap is done; only the safety copy stays closed
                return Optional.of("Connections to " + oldName + " are still not allowed (" + e.getMessage()
                        + "): ALTER DATABASE \"" + oldName + "\" WITH ALLOW_CONNECTIONS true");
            }
        }
        return Optional.empty();
    }

    // --- restore drill ---------------------------------------------------------------

    private static final String DRILL_FIGURES = Drillable.query("drill-postgres.sql");

    @Override
    public List<String> liveFigures() throws IOException {
        return Drillable.lines(sql(database, DRILL_FIGURES, Map.of()));
    }

    /** Into a new database beside this one ({@link #createBeside}), dropped again however the load ends. */
    @Override
    public Throwaway loadThrowaway(String stamp, InputStream dump) throws IOException {
        String name = Drillable.throwawayName(database, stamp);
        try {
            createBeside(name);
        } catch (IOException e) {
            throw new ThrowawayFailed(null, "could not create the throwaway database " + name + " (user " + user
                    + " needs CREATEDB and membership in the owner of " + database + "): " + e.getMessage() + " " + database
                    + " was not touched.", e);
        }
        String target = "database " + name + " (dropped afterwards)";
        IOException failure = null;
        List<String> figures = List.of();
        try {
            loadInto(name, dump);
            figures = Drillable.lines(sql(name, DRILL_FIGURES, Map.of()));
        } catch (IOException e) {
            failure = new ThrowawayFailed(target, "the backup does not restore: loading it into the throwaway database " + name
                    + " failed: " + e.getMessage() + " " + database + " was not touched.", e);
        }
        try {
            drop(name);
        } catch (IOException e) {
            IOException notDropped = new IOException("could not drop the throwaway database " + name + " (" + e.getMessage()
                    + "): drop it with DROP DATABASE \"" + name + "\"", e);
            if (failure != null) {
                failure.addSuppressed(notDropped);
            } else {
                throw notDropped;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Throwaway(target, figures);
    }

    /** Drops a database beside this one (an unfinished restore, an old safety copy). */
    public void drop(String name) throws IOException {
        sql(maintenance(), "DROP DATABASE IF EXISTS :\"db\";", Map.of("db", name));
    }
}
