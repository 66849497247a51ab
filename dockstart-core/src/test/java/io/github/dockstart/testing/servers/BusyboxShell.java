package io.github.dockstart.testing.servers;

import io.github.dockstart.rendering.SidecarScripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the sidecar scripts the way the Alpine container does: {@code busybox sh script},
 * with a PATH of exactly two directories, the BusyBox applets first and then the database
 * clients (pg_dump, psql, mariadb, mariadb-dump, redis-cli, redis-check-rdb, sqlite3, pigz, igzip).
 * The scripts are copied from the classpath, where rendering finds them too. A test can
 * replace a client by a wrapper (to kill it mid-stream, say) or remove it.
 */
public final class BusyboxShell {

    /** The scripts rendering copies to .devcontainer/scripts/. */
    public static final List<String> SCRIPTS = SidecarScripts.ALL;
    public static final String SCRIPTS_RESOURCE = SidecarScripts.RESOURCE;

    private final Path root;
    private final Path applets;
    private final Path clients;
    private final Path scripts;
    private final Path tmp;
    private final Path busybox;
    private final Map<String, Path> realClients = new LinkedHashMap<>();

    private BusyboxShell(Path root) {
        this.root = root;
        this.applets = root.resolve("busybox");
        this.clients = root.resolve("clients");
        this.scripts = root.resolve("scripts");
        this.tmp = root.resolve("tmp");
        this.busybox = Tools.require("busybox", "busybox");
    }

    /** Sets up applets, clients and scripts under {@code root} (a directory the test owns). */
    public static BusyboxShell create(Path root) {
        BusyboxShell shell = new BusyboxShell(root);
        shell.setUp();
        return shell;
    }

    private void setUp() {
        TempDirs.mkdir(applets, "rwxr-xr-x");
        TempDirs.mkdir(clients, "rwxr-xr-x");
        TempDirs.mkdir(scripts, "rwxr-xr-x");
        TempDirs.mkdir(tmp, "rwxrwxrwx");
        Exec.of("chmod", "1777", tmp.toString()).run().orFail();
        String list = Exec.of(busybox.toString(), "--list").run().orFail().stdout();
        try {
            for (String applet : list.split("\n")) {
                if (!applet.isBlank() && !applet.contains("/")) {
                    Files.createSymbolicLink(applets.resolve(applet.trim()), busybox);
                }
            }
            realClients.put("pg_dump", Tools.postgres("pg_dump"));
            realClients.put("psql", Tools.postgres("psql"));
            realClients.put("pg_dumpall", Tools.postgres("pg_dumpall"));
            realClients.put("mariadb", Tools.require("mariadb", "mariadb-client"));
            realClients.put("mariadb-dump", Tools.require("mariadb-dump", "mariadb-client"));
            realClients.put("redis-cli", Tools.require("redis-cli", "redis-tools"));
            realClients.put("redis-check-rdb", Tools.require("redis-check-rdb", "redis-server"));
            // the restore drill's temporary Redis
            realClients.put("redis-server", Tools.require("redis-server", "redis-server"));
            realClients.put("sqlite3", Tools.require("sqlite3", "sqlite3"));
            realClients.put("pigz", Tools.require("pigz", "pigz"));
            realClients.put("igzip", Tools.require("igzip", "isal"));
            for (Map.Entry<String, Path> client : realClients.entrySet()) {
                Files.createSymbolicLink(clients.resolve(client.getKey()), client.getValue());
            }
            // the scripts and the files they read beside them, as rendering copies them
            for (String script : SidecarScripts.FILES) {
                try (InputStream in = BusyboxShell.class.getResourceAsStream(SCRIPTS_RESOURCE + script)) {
                    if (in == null) {
                        throw new IllegalStateException("script " + script + " is not on the classpath under " + SCRIPTS_RESOURCE);
                    }
                    Path target = scripts.resolve(script);
                    Files.copy(in, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(SCRIPTS.contains(script) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the BusyBox shell in " + root, e);
        }
    }

    public Path scripts() {
        return scripts;
    }

    public Path script(String name) {
        return scripts.resolve(name);
    }

    public Path clients() {
        return clients;
    }

    public Path root() {
        return root;
    }

    /** The scratch directory given to the scripts as TMPDIR. */
    public Path tmp() {
        return tmp;
    }

    public Path busybox() {
        return busybox;
    }

    public Path realClient(String name) {
        Path real = realClients.get(name);
        if (real == null) {
            throw new IllegalArgumentException("unknown client " + name);
        }
        return real;
    }

    /**
     * Replaces a client by a BusyBox sh script; {@code $REAL} in the body is the real program.
     */
    public void wrapClient(String name, String body) {
        Path target = clients.resolve(name);
        try {
            Files.deleteIfExists(target);
            Files.writeString(target, "#!" + busybox + " sh\nREAL='" + realClient(name) + "'\n" + body + "\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a program that is not a database client (e.g. a stand-in) to the clients directory. */
    public void addProgram(String name, String shBody) {
        Path target = clients.resolve(name);
        try {
            Files.deleteIfExists(target);
            Files.writeString(target, "#!" + busybox + " sh\n" + shBody + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the clock of the scripts at {@code epochSecond}: {@code date} (a BusyBox applet, first on
     * the PATH) then reads that second whenever it is asked for the time now; {@code date -d} is
     * unchanged. For tests of what happens within one second.
     */
    public void fixClock(long epochSecond) {
        Path date = applets.resolve("date");
        try {
            Files.deleteIfExists(date);
            Files.writeString(date, "#!" + busybox + " sh\n"
                    + "case \" $* \" in *\" -d \"*) exec " + busybox + " date \"$@\" ;; esac\n"
                    + "exec " + busybox + " date -d @" + epochSecond + " \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeClient(String name) {
        try {
            Files.deleteIfExists(clients.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PATH = applets, then clients; TZ=UTC; TMPDIR and HOME in the shell's own directory. */
    public Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", applets + ":" + clients);
        env.put("HOME", tmp.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("TZ", "UTC");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** {@code busybox sh scripts/SCRIPT ARGS} in a clean environment: base + {@code env}. */
    public Exec exec(Map<String, String> env, String script, String... args) {
        return execAs(null, env, script, args);
    }

    /** Like {@link #exec} but as another user when this JVM is root (null: as this user). */
    public Exec execAs(String user, Map<String, String> env, String script, String... args) {
        List<String> command = new ArrayList<>();
        if (user != null && Tools.runningAsRoot()) {
            String gid = Exec.of("id", "-g", user).run().orFail().stdout().trim();
            command.addAll(List.of(Tools.require("setpriv", "util-linux").toString(), "--reuid=" + user,
                    "--regid=" + gid, "--init-groups"));
        }
        command.add(busybox.toString());
        command.add("sh");
        command.add(scripts.resolve(script).toString());
        command.addAll(List.of(args));
        Map<String, String> full = baseEnvironment();
        full.putAll(env);
        return Exec.of(command).cleanEnvironment().env(full).directory(root);
    }

    /** Runs a BusyBox sh command line (for test set-up that needs the same PATH). */
    public Exec.Result sh(Map<String, String> env, String commandLine) {
        Map<String, String> full = baseEnvironment();
        full.putAll(env);
        return Exec.of(busybox.toString(), "sh", "-c", commandLine).cleanEnvironment().env(full).directory(root).run();
    }
}
