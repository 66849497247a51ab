package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway MariaDB server: mariadb-install-db into a temp dir, mariadbd on a free
 * loopback port and a private socket, with password authentication for every TCP user
 * (an "admin" with all privileges for the harness; one user per test database).
 */
public final class MariaDbServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path base;
    private final Path data;
    private final Path socket;
    private final int port;
    private final String adminPassword = Passwords.plain();
    private Process process;
    private Path adminOptions;

    private MariaDbServer(Path base) {
        this.base = base;
        this.data = base.resolve("data");
        this.socket = base.resolve("mysqld.sock");
        this.port = FreePort.find();
    }

    public static MariaDbServer start() {
        Path install = Tools.require("mariadb-install-db", "mariadb-server");
        Path server = Tools.require("mariadbd", "mariadb-server");
        Tools.require("mariadb", "mariadb-client");
        MariaDbServer db = new MariaDbServer(TempDirs.create("ds-my"));
        try {
            db.init(install);
            db.startServer(server);
            db.secure();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private String osUser() {
        return Tools.runningAsRoot() ? "root" : System.getProperty("user.name");
    }

    private void init(Path install) {
        Exec.of(install.toString(), "--no-defaults", "--datadir=" + data, "--user=" + osUser(),
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve")
                .timeout(Duration.ofMinutes(3)).run().orFail();
    }

    private void startServer(Path server) {
        List<String> command = List.of(server.toString(), "--no-defaults", "--datadir=" + data,
                "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1", "--user=" + osUser(),
                "--pid-file=" + base.resolve("mysqld.pid"), "--log-error=" + base.resolve("error.log"),
                "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--performance-schema=OFF",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mariadbd", e);
        }
        ProcessReaper.register(this);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Exec.Result ping = Exec.of(Tools.require("mariadb-admin", "mariadb-client").toString(), "--no-defaults",
                    "--socket=" + socket, "-u", "root", "ping").timeout(Duration.ofSeconds(10)).run();
            if (ping.exitCode() == 0) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mariadbd did not start: " + ping + "\n" + log());
            }
            sleep(100);
        }
    }

    /** An admin over TCP with a password; no passwordless or anonymous account remains on TCP. */
    private void secure() {
        rootSocketSql("DELETE FROM mysql.global_priv WHERE User='';"
                + "CREATE USER 'admin'@'%' IDENTIFIED BY " + literal(adminPassword) + ";"
                + "GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;"
                + "FLUSH PRIVILEGES;");
        try {
            adminOptions = base.resolve("admin.cnf");
            Files.writeString(adminOptions, "[client]\nuser=admin\npassword=\"" + adminPassword + "\"\nhost=127.0.0.1\nport="
                    + port + "\nprotocol=TCP\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(adminOptions, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rootSocketSql(String sql) {
        Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--no-defaults", "--socket=" + socket,
                "-u", "root").stdin(sql).run().orFail();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** A new database with its own user (password with quotes and a backslash), for one test. */
    public MariaDbDatabase createDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        String user = "u_" + name;
        String password = Passwords.tricky();
        adminSql(null, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4;"
                + "CREATE USER '" + user + "'@'%' IDENTIFIED BY " + literal(password) + ";"
                + "GRANT ALL PRIVILEGES ON " + name + ".* TO '" + user + "'@'%';");
        return new MariaDbDatabase(this, name, user, password);
    }

    /** Runs SQL as the admin over TCP; tab-separated rows without headers. */
    public String adminSql(String database, String sql) {
        // SQL goes through stdin: CREATE USER ... IDENTIFIED BY must not show a password in the process list
        Exec exec = database == null
                ? Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--defaults-file=" + adminOptions,
                        "--default-character-set=utf8mb4", "-N", "-B")
                : Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--defaults-file=" + adminOptions,
                        "--default-character-set=utf8mb4", "-N", "-B", "-D", database);
        return exec.stdin(sql).timeout(Duration.ofMinutes(5)).run().orFail().stdout();
    }

    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private String log() {
        try {
            return Files.readString(base.resolve("error.log"));
        } catch (IOException e) {
            return "(no error.log)";
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
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        } finally {
            ProcessReaper.unregister(this);
            TempDirs.deleteRecursively(base);
        }
    }
}
