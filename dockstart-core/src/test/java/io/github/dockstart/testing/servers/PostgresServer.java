package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL cluster: initdb with scram-sha-256 and a superuser password,
 * pg_ctl on a free loopback port with its socket in its own directory, fsync off.
 * As root it runs as the "postgres" user, which owns its directories.
 */
public final class PostgresServer implements LoopbackServer, AutoCloseable {

    private static final String OS_USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path base;
    private final Path data;
    private final int port;
    private final String superPassword = Passwords.plain();
    private boolean running;

    private PostgresServer(Path base) {
        this.base = base;
        this.data = base.resolve("data");
        this.port = FreePort.find();
    }

    public static PostgresServer start() {
        Path initdb = Tools.postgres("initdb");
        Tools.postgres("pg_ctl");
        Tools.postgres("psql");
        Path base = TempDirs.create("ds-pg");
        PostgresServer server = new PostgresServer(base);
        try {
            server.init(initdb);
            server.startServer();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void init(Path initdb) {
        TempDirs.mkdir(base.resolve("sock"), "rwxr-xr-x");
        Path pwfile = base.resolve("pwfile");
        try {
            Files.writeString(pwfile, superPassword + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TempDirs.chown(base, OS_USER);
        Exec.asUser(OS_USER, initdb.toString(), "-D", data.toString(), "-U", "postgres",
                        "-A", "scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
                .timeout(Duration.ofMinutes(2)).run().orFail();
        try {
            Files.delete(pwfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        String options = "-p " + port + " -k " + base.resolve("sock") + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
                + " -c shared_buffers=64MB";
        Exec.asUser(OS_USER, Tools.postgres("pg_ctl").toString(), "-D", data.toString(), "-l",
                        base.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start")
                .timeout(Duration.ofSeconds(90)).run().orFail();
        running = true;
        ProcessReaper.register(this);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** A new database owned by a new login role with a password, for one test. */
    public PostgresDatabase createDatabase(String prefix) {
        int n = DATABASES.incrementAndGet();
        String name = prefix + "_" + n;
        String user = "u_" + name;
        String password = Passwords.tricky();
        superSql("postgres", "CREATE ROLE " + user + " LOGIN PASSWORD " + literal(password) + ";\n"
                + "CREATE DATABASE " + name + " OWNER " + user + ";");
        return new PostgresDatabase(this, name, user, password);
    }

    /** Runs SQL as the superuser over TCP; returns unaligned, tuples-only output. */
    public String superSql(String database, String sql) {
        return Exec.of(Tools.postgres("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
                        "-h", host(), "-p", String.valueOf(port), "-U", "postgres", "-d", database, "-f", "-")
                .stdin(sql)
                .env("PGPASSWORD", superPassword).run().orFail().stdout();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public void stop() {
        if (running) {
            Exec.asUser(OS_USER, Tools.postgres("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop")
                    .timeout(Duration.ofSeconds(60)).run();
            running = false;
        }
        killLeftover();
    }

    /** Kills the postmaster named in postmaster.pid if pg_ctl could not stop it. */
    void killLeftover() {
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            try {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
            } catch (IOException | RuntimeException ignored) {
                // best effort: the directory is deleted next
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            ProcessReaper.unregister(this);
            TempDirs.deleteRecursively(base);
        }
    }
}
