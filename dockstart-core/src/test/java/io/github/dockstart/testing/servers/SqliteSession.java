package io.github.dockstart.testing.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code sqlite3} process that keeps a database open between statements, as an application's
 * connection does: statements go to its standard input (a pipe), and {@link #run} waits until
 * they are done. In WAL mode its committed transactions may sit in the {@code -wal} file.
 */
public final class SqliteSession implements AutoCloseable {

    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private int marker;

    private SqliteSession(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        ProcessReaper.register(this);
    }

    public static SqliteSession open(Path database) {
        try {
            Process p = new ProcessBuilder(Sqlite.binary().toString(), "-batch", database.toString())
                    .redirectErrorStream(true).start();
            SqliteSession session = new SqliteSession(p);
            session.run(".timeout 20000");
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the statements and returns their output once they are done. */
    public synchronized String run(String sql) {
        String done = "-- done " + (++marker) + " --";
        try {
            in.write((sql + "\nSELECT '" + done + "';\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            StringBuilder result = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(done)) {
                    return result.toString();
                }
                result.append(line).append('\n');
            }
            throw new IllegalStateException("sqlite3 ended before finishing: " + result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            in.close();
            Processes.awaitExit(process, Duration.ofSeconds(30));
        } catch (IOException e) {
            process.destroyForcibly();
        } finally {
            ProcessReaper.unregister(this);
        }
    }
}
