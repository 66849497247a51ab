package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Redis: redis-server with requirepass (in its config file, so the password
 * is not in the process list), its own data dir, a free loopback port. It can be stopped
 * and started again on the same port and data dir (for restores into dump.rdb).
 */
public final class RedisServer implements AutoCloseable {

    private final Path base;
    private final Path dataDir;
    private final Path config;
    private final int port;
    private final String password = Passwords.plain();
    private Process process;

    private RedisServer(Path base) {
        this.base = base;
        this.dataDir = base.resolve("data");
        this.config = base.resolve("redis.conf");
        this.port = FreePort.find();
    }

    public static RedisServer start() {
        Tools.require("redis-server", "redis-server");
        Tools.require("redis-cli", "redis-tools");
        RedisServer server = new RedisServer(TempDirs.create("ds-redis"));
        try {
            TempDirs.mkdir(server.dataDir, "rwxr-xr-x");
            Files.writeString(server.config, String.join("\n",
                    "port " + server.port,
                    "bind 127.0.0.1",
                    "requirepass \"" + server.password + "\"",
                    "dir " + server.dataDir,
                    "dbfilename dump.rdb",
                    "save \"\"",
                    "appendonly no",
                    // redis-cli --rdb is a replica sync: start it at once instead of after 5 s
                    "repl-diskless-sync-delay 0",
                    "daemonize no",
                    "logfile " + server.base.resolve("redis.log"),
                    ""), StandardCharsets.UTF_8);
            server.startAgain();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server (again) on the same port and data dir; it loads dump.rdb if there is one. */
    public void startAgain() {
        try {
            process = new ProcessBuilder(Tools.require("redis-server", "redis-server").toString(), config.toString())
                    .redirectErrorStream(true).redirectOutput(base.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        ProcessReaper.register(this);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"PONG".equals(cliOrNull("PING"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the server without saving, so that dump.rdb stays as it is. */
    public void stop() {
        if (process != null && process.isAlive()) {
            cliOrNull("SHUTDOWN", "NOSAVE");
            Processes.awaitExit(process, Duration.ofSeconds(20));
        }
    }

    /** Adds a line to the configuration (a later line wins); takes effect at the next start. */
    public void configure(String line) {
        try {
            Files.writeString(config, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs redis-cli with {@code commands} on its standard input (one per line); fails on an error reply. */
    public String pipe(String commands) {
        Exec.Result result = Exec.of(Tools.require("redis-cli", "redis-tools").toString(), "-h", host(), "-p", String.valueOf(port))
                .env("REDISCLI_AUTH", password).stdin(commands).run().orFail();
        if (result.stdout().contains("ERR")) {
            throw new IllegalStateException("redis error reply: " + result.stdout().lines().filter(l -> l.contains("ERR")).findFirst().orElse(""));
        }
        return result.stdout();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The configuration file the server runs with (holds the password; private to the test). */
    public Path configFile() {
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A command through redis-cli (password via REDISCLI_AUTH); fails on a non-zero exit or an error reply. */
    public String cli(String... args) {
        Exec.Result result = exec(args).run().orFail();
        if (result.stdout().startsWith("ERR") || result.stdout().startsWith("NOAUTH") || result.stdout().startsWith("WRONGPASS")) {
            throw new IllegalStateException("redis error reply to " + String.join(" ", args) + ": " + result.stdout());
        }
        return result.stdout();
    }

    private String cliOrNull(String... args) {
        Exec.Result result = exec(args).timeout(Duration.ofSeconds(10)).run();
        return result.exitCode() == 0 ? result.stdout().trim() : null;
    }

    private Exec exec(String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.require("redis-cli", "redis-tools").toString(),
                "-h", host(), "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return Exec.of(command).env("REDISCLI_AUTH", password);
    }

    @Override
    public void close() {
        try {
            stop();
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        } finally {
            ProcessReaper.unregister(this);
            TempDirs.deleteRecursively(base);
        }
    }
}
