package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a throwaway MySQL and a throwaway MariaDB server share: a temp dir with the data and a
 * private socket, a free loopback port, the server process and its wait until it answers, a
 * database with its own password user per test, and the clean-up. The subclasses differ in how
 * the data directory is made, how the server is started and who the harness's admin is.
 */
public abstract sealed class MySqlFamilyServer implements LoopbackServer, AutoCloseable permits MySqlServer, MariaDbServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    protected final Path base;
    protected final Path data;
    protected final Path socket;
    private final int port;
    private Process process;

    /** A database's name, user and password, which the subclass wraps in its own database type. */
    @FunctionalInterface
    protected interface DatabaseFactory<D> {
        D create(String name, String user, String password);
    }

    protected MySqlFamilyServer(Path base) {
        this.base = base;
        this.data = base.resolve("data");
        this.socket = base.resolve("mysqld.sock");
        this.port = FreePort.find();
    }

    /** Starts the server within {@code start()}, closing it (and its temp dir) when that fails. */
    protected static <S extends MySqlFamilyServer> S startOrClose(S server, Runnable start) {
        try {
            start.run();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    protected final String osUser() {
        return Tools.runningAsRoot() ? "root" : System.getProperty("user.name");
    }

    /** The options both servers start with: the private socket, the port on loopback only, logs in the temp dir, small and fast. */
    protected final List<String> serverOptions() {
        return List.of("--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1",
                "--pid-file=" + base.resolve("mysqld.pid"), "--log-error=" + base.resolve("error.log"),
                "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--performance-schema=OFF",
                "--character-set-server=utf8mb4");
    }

    /** Runs COMMAND as the server (output into stdout.log) until PING answers, 60 s at the most. */
    protected final void launch(String program, List<String> command, Supplier<Exec.Result> ping) {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + program, e);
        }
        ProcessReaper.register(this);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Exec.Result answer = ping.get();
            if (answer.exitCode() == 0) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(program + " did not start: " + answer + "\n" + log("error.log"));
            }
            sleep(100);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /**
     * A new database with its own user (password with quotes and a backslash), for one test;
     * IDENTIFIED: how the user authenticates ("IDENTIFIED BY", or with a named plugin).
     */
    protected final <D> D createDatabase(String prefix, String identified, DatabaseFactory<D> factory) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        String user = "u_" + name;
        String password = Passwords.tricky();
        adminSql(null, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4;"
                + "CREATE USER '" + user + "'@'%' " + identified + " " + literal(password) + ";"
                + "GRANT ALL PRIVILEGES ON " + name + ".* TO '" + user + "'@'%';");
        return factory.create(name, user, password);
    }

    /** Runs SQL as the harness's admin (in DATABASE unless null); tab-separated rows without headers. */
    public abstract String adminSql(String database, String sql);

    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    protected final String log(String name) {
        try {
            return Files.readString(base.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                Processes.stop(process, Duration.ofSeconds(30));
            }
        } finally {
            ProcessReaper.unregister(this);
            TempDirs.deleteRecursively(base);
        }
    }
}
