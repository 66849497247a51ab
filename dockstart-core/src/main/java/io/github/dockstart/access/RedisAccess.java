package io.github.dockstart.access;

import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.rendering.SidecarScripts;
import io.github.dockstart.settings.PropertyNames;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Redis: a dump is an RDB snapshot taken over the network ({@code redis-cli --rdb}, the
 * replication protocol); a restore replaces {@code dump.rdb} while the server is down and lets it
 * load the file when it starts. {@code redis-cli} exits 0 on some error replies, so answers and
 * snapshots are checked by content, not only by exit status.
 */
abstract sealed class RedisAccess implements DatabaseAccess, Drillable {

    static final byte[] RDB_MAGIC = RdbFormat.MAGIC;

    /** The sidecar's Redis drill (redis_figures, redis_throwaway_figures), run here too: one text for both. */
    private static final String DRILL_SCRIPT = SidecarScripts.text("redis-drill.sh");
    /** redis_throwaway_figures' status for a snapshot newer than the server that was to load it. */
    private static final String NEWER_FORMAT = "(exit 3)";

    final CommandRunner runner;

    RedisAccess(CommandRunner runner) {
        this.runner = runner;
    }

    abstract Command ping();

    abstract Command snapshot();

    @Override
    public void checkReachable() throws IOException {
        String reply = runner.output(ping()).trim();
        if (!reply.equals("PONG")) {
            throw new CommandFailedException("Redis did not answer PING with PONG: " + firstLine(reply));
        }
    }

    @Override
    public void dump(OutputStream out) throws IOException {
        RdbCheckingStream checked = new RdbCheckingStream(out);
        runner.readFrom(snapshot(), checked);
        checked.requireRdb();
    }

    /** {@code sh -c} text: the drill's functions, then {@code command}. */
    static String drillScript(String command) {
        return "set -eu\n" + DRILL_SCRIPT + "\n" + command;
    }

    /** The snapshot, checked and without a transfer mark, into {@code file}. */
    static void writeSnapshot(InputStream in, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            RdbCheckingStream checked = new RdbCheckingStream(out);
            in.transferTo(checked);
            checked.requireRdb();
        }
    }

    /** The figures a throwaway server counted, or why it did not: skipped for a newer format, else failed. */
    static Throwaway throwaway(String target, CommandRunner runner, Command drill) throws IOException {
        try {
            return new Throwaway(target, Drillable.lines(runner.output(drill)));
        } catch (CommandFailedException e) {
            String message = e.getMessage();
            if (message.contains(NEWER_FORMAT + ": ")) {
                throw new ThrowawaySkipped(message.substring(message.indexOf(NEWER_FORMAT + ": ") + NEWER_FORMAT.length() + 2), e);
            }
            throw new ThrowawayFailed(target, "the backup does not restore: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse("(no reply)");
    }

    /**
     * Passes a snapshot through while checking that it starts and ends like an RDB file
     * ({@link RdbFormat}); the last bytes are held back until {@link #requireRdb()}, which drops
     * a diskless transfer's mark after the checksum and writes the rest.
     */
    static final class RdbCheckingStream extends FilterOutputStream {
        private final byte[] head = new byte[RDB_MAGIC.length];
        private int seen;
        private final byte[] held = new byte[RdbFormat.TAIL_NEEDED];
        private int heldLength;

        RdbCheckingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len && seen < head.length; i++) {
                head[seen++] = b[off + i];
            }
            if (heldLength + len <= held.length) {
                System.arraycopy(b, off, held, heldLength, len);
                heldLength += len;
                return;
            }
            // what no longer fits in the held tail goes out: first older held bytes, then new ones
            int keepFromNew = Math.min(len, held.length);
            int excess = heldLength + len - held.length;
            int fromHeld = Math.min(excess, heldLength);
            out.write(held, 0, fromHeld);
            System.arraycopy(held, fromHeld, held, 0, heldLength - fromHeld);
            heldLength -= fromHeld;
            out.write(b, off, len - keepFromNew);
            System.arraycopy(b, off + len - keepFromNew, held, heldLength, keepFromNew);
            heldLength += keepFromNew;
        }

        void requireRdb() throws IOException {
            if (seen < head.length || !java.util.Arrays.equals(head, RDB_MAGIC)) {
                throw new CommandFailedException("The Redis snapshot is not an RDB file (it starts with '"
                        + new String(head, 0, seen, StandardCharsets.US_ASCII) + "'); the transfer failed.");
            }
            java.util.OptionalInt trailing = RdbFormat.trailingBytes(java.util.Arrays.copyOf(held, heldLength));
            if (trailing.isEmpty()) {
                throw new CommandFailedException("The Redis snapshot is incomplete (no RDB end-of-file marker); the transfer was cut short.");
            }
            out.write(held, 0, heldLength - trailing.getAsInt());
            heldLength = 0;
            out.flush();
        }
    }

    /** Redis on this machine (or reachable from it) with {@code redis-cli}; restores into its data directory. */
    static final class Local extends RedisAccess {
        private final Connection connection;
        private final Path dataDirectory;
        /** What the last load did, and the key count Redis must show once its owner starts it. */
        private String lastReport = "";

        Local(CommandRunner runner, Connection connection, Path dataDirectory) {
            super(runner);
            this.connection = connection;
            this.dataDirectory = dataDirectory;
        }

        private Command cli(String... arguments) {
            List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-h", connection.host(),
                    "-p", String.valueOf(connection.port()), "--no-auth-warning"));
            if (connection.user() != null && !connection.user().isEmpty() && !connection.user().equals("default")) {
                argv.addAll(List.of("--user", connection.user()));
            }
            argv.addAll(List.of(arguments));
            String password = connection.password() == null ? "" : connection.password();
            return Command.of(argv, password.isEmpty() ? java.util.Map.of() : java.util.Map.of("REDISCLI_AUTH", password));
        }

        @Override
        Command ping() {
            return cli("PING");
        }

        @Override
        Command snapshot() {
            return cli("--rdb", "-");
        }

        /**
         * Replaces dump.rdb and, where Redis keeps append-only files (which it would load instead),
         * makes them hold the snapshot too ({@link RedisDataFiles}). The server is stopped and
         * started by its owner, so the key count it must show afterwards is said in the log.
         */
        @Override
        public void load(InputStream in) throws IOException {
            checkReadyForLoad();
            Path target = dataDirectory.resolve("dump.rdb");
            Path temp = Files.createTempFile(dataDirectory, ".dump.rdb.", ".restoring");
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    RdbCheckingStream checked = new RdbCheckingStream(out);
                    in.transferTo(checked);
                    checked.requireRdb();
                }
                OptionalLong keys = RedisDataFiles.keysIn(runner, temp);
                String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss"));
                List<RedisDataFiles.Replaced> replaced = RedisDataFiles.installSnapshot(dataDirectory, temp, stamp);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                lastReport = report(target, keys, replaced);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        private static String report(Path target, OptionalLong keys, List<RedisDataFiles.Replaced> replaced) {
            StringBuilder text = new StringBuilder("Replaced " + target);
            for (RedisDataFiles.Replaced r : replaced) {
                text.append("; the append-only files ").append(r.original().getFileName())
                        .append(" (which Redis loads instead of dump.rdb) now hold the snapshot, the old ones are in ")
                        .append(r.before().getFileName());
            }
            text.append(". Start Redis: it must then hold ");
            text.append(keys.isPresent() ? keys.getAsLong() + " keys (redis-cli INFO keyspace)"
                    : "the snapshot's keys (redis-check-rdb is not installed here, so they were not counted)");
            return text.append('.').toString();
        }

        @Override
        public Optional<String> loadReport() {
            return lastReport.isEmpty() ? Optional.empty() : Optional.of(lastReport);
        }

        @Override
        public void checkReadyForLoad() throws IOException {
            if (dataDirectory == null) {
                throw new InvalidSettingException(PropertyNames.REDIS_DATA_DIR, null, "Restoring Redis with local clients needs its data"
                        + " directory: set " + PropertyNames.REDIS_DATA_DIR
                        + " to the directory holding dump.rdb.");
            }
            if (!Files.isDirectory(dataDirectory)) {
                throw new InvalidSettingException(PropertyNames.REDIS_DATA_DIR, dataDirectory.toString(),
                        PropertyNames.REDIS_DATA_DIR + "=" + dataDirectory + " is not a directory.");
            }
            if (answers()) {
                throw new InvalidInputException("Redis at " + connection.host() + ":" + connection.port()
                        + " is still running; stop it (redis-cli shutdown) so that its dump.rdb can be replaced, then restore again.");
            }
        }

        /** The server is down during a restore: the safety copy is the dump.rdb it would load. */
        @Override
        public Optional<Dump> safetyDump() {
            Path current = dataDirectory.resolve("dump.rdb");
            if (!Files.isRegularFile(current)) {
                return Optional.empty();
            }
            return Optional.of(out -> Files.copy(current, out));
        }

        /** Any reply at all, even an authentication error, means a server is listening. */
        private boolean answers() {
            try {
                return !runner.output(cli("PING")).isBlank();
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public List<String> liveFigures() throws IOException {
            Command cli = cli();
            List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", drillScript("redis_figures \"$@\""), "sh"));
            argv.addAll(cli.argv().subList(1, cli.argv().size()));
            return Drillable.lines(runner.output(Command.of(argv, cli.environment())));
        }

        /** Into a redis-server (or valkey-server) of this machine, on a unix socket in a private temporary directory. */
        @Override
        public Throwaway loadThrowaway(String stamp, InputStream dump) throws IOException {
            Path dir = Files.createTempDirectory("dockstart-drill-");
            try {
                writeSnapshot(dump, dir.resolve("dump.rdb"));
                String script = drillScript("server=$(command -v redis-server || command -v valkey-server) || { echo \"neither"
                        + " redis-server nor valkey-server is installed on this machine: install one (Debian: redis-server), or"
                        + " drill in the sidecar (drill.sh)\" >&2; exit 4; }\nredis_throwaway_figures \"$1\" \"$server\"");
                return throwaway("a temporary redis-server of this machine (stopped afterwards)", runner,
                        Command.of(List.of("sh", "-c", script, "sh", dir.toString()), java.util.Map.of()));
            } finally {
                deleteTree(dir);
            }
        }

        @Override
        public String describe() {
            return "Redis " + connection + " (local clients)";
        }
    }

    /** Redis in the Compose stack: snapshot through exec, restore by stop, copy into the volume, start. */
    static final class InCompose extends RedisAccess {
        private final DockerCompose stack;
        private final String service;
        private final String password;
        /** What the last load found after the restart. */
        private String lastReport = "";

        InCompose(DockerCompose stack, String service, String password) {
            super(stack.runner());
            this.stack = stack;
            this.service = service;
            this.password = password == null ? "" : password;
        }

        private Command cli(String arguments) {
            String script = "IFS= read -r REDISCLI_AUTH; [ -n \"$REDISCLI_AUTH\" ] && export REDISCLI_AUTH || unset REDISCLI_AUTH; "
                    + "exec redis-cli --no-auth-warning " + arguments;
            return stack.shell(service, script, List.of(), password);
        }

        @Override
        Command ping() {
            return cli("PING");
        }

        @Override
        Command snapshot() {
            return cli("--rdb -");
        }

        /**
         * Stop, copy into the volume, start; then the key count Redis shows must be the
         * snapshot's, or the restore fails loudly. Where Redis keeps append-only files (which it
         * loads instead of dump.rdb), a new base holding the snapshot is copied in with a
         * manifest that names only it: a stopped container's files can be added but not removed,
         * so its sequence number is above every old file's ({@link RedisDataFiles}).
         */
        @Override
        public void load(InputStream in) throws IOException {
            Path temp = Files.createTempFile("dockstart-", ".rdb");
            Path appendOnly = null;
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    RdbCheckingStream checked = new RdbCheckingStream(out);
                    in.transferTo(checked);
                    checked.requireRdb();
                }
                OptionalLong keys = keysInSnapshot(temp);
                String dir = config("dir", "/data");
                String dbfilename = config("dbfilename", "dump.rdb");
                String appendDirectory = null;
                if (config("appendonly", "no").equals("yes")) {
                    appendDirectory = dir + "/" + config("appenddirname", "appendonlydir");
                    String baseName = config("appendfilename", "appendonly.aof");
                    String manifest = runner.output(stack.shell(service, "cat \"$1\" 2>/dev/null || true",
                            List.of(appendDirectory + "/" + baseName + RedisDataFiles.MANIFEST_SUFFIX), null));
                    appendOnly = Files.createTempDirectory("dockstart-aof-");
                    RedisDataFiles.writeBaseAfter(appendOnly, baseName, manifest, temp);
                }
                runner.output(stack.compose(List.of("stop", service)));
                try {
                    runner.output(stack.compose(List.of("cp", temp.toString(), service + ":" + dir + "/" + dbfilename)));
                    if (appendOnly != null) {
                        runner.output(stack.compose(List.of("cp", appendOnly + "/.", service + ":" + appendDirectory + "/")));
                    }
                } finally {
                    // started again whatever happened, so that a failed copy leaves the old data serving
                    runner.output(stack.compose(List.of("start", service)));
                }
                requireKeys(keys);
            } finally {
                Files.deleteIfExists(temp);
                if (appendOnly != null) {
                    try (var files = Files.list(appendOnly)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(appendOnly);
                }
            }
        }

        /** The keys the snapshot holds, counted by redis-check-rdb in the service's own container. */
        private OptionalLong keysInSnapshot(Path snapshot) throws IOException {
            String inside = "/tmp/dockstart-restore-" + ProcessHandle.current().pid() + ".rdb";
            runner.output(stack.compose(List.of("cp", snapshot.toString(), service + ":" + inside)));
            String report = runner.output(stack.shell(service,
                    "redis-check-rdb \"$1\" 2>&1; status=$?; rm -f \"$1\"; exit $status", List.of(inside), null));
            return RedisDataFiles.keysInReport(report);
        }

        /** A setting of the running server, or {@code fallback} where CONFIG is not allowed. */
        private String config(String name, String fallback) {
            try {
                List<String> reply = runner.output(cli("CONFIG GET " + name)).lines().toList();
                return reply.size() >= 2 && reply.get(0).equals(name) ? reply.get(1) : fallback;
            } catch (IOException e) {
                return fallback;
            }
        }

        /** After the start: the server answers, and holds as many keys as the snapshot. */
        private void requireKeys(OptionalLong expected) throws IOException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            String reply = "";
            while (System.nanoTime() < deadline) {
                try {
                    reply = runner.output(ping()).trim();
                } catch (IOException e) {
                    reply = e.getMessage();
                }
                if (reply.equals("PONG")) {
                    break;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for Redis to start");
                }
            }
            if (!reply.equals("PONG")) {
                throw new CommandFailedException("Redis service " + service + " did not answer within 2 minutes of the restore: "
                        + firstLine(reply));
            }
            if (expected.isEmpty()) {
                lastReport = "Redis service " + service + " is back; redis-check-rdb is not in its container, so its keys were not"
                        + " compared with the snapshot's.";
                return;
            }
            long actual = RedisDataFiles.keysInKeyspace(runner.output(cli("INFO keyspace")));
            if (actual != expected.getAsLong()) {
                throw new CommandFailedException("Redis service " + service + " holds " + actual + " keys after the restore, but the"
                        + " snapshot holds " + expected.getAsLong() + ": it did not load the restored data (append-only files or"
                        + " another dbfilename?).");
            }
            lastReport = "Redis service " + service + " is back with the snapshot's " + actual + " keys.";
        }

        @Override
        public List<String> liveFigures() throws IOException {
            String script = "IFS= read -r REDISCLI_AUTH; [ -n \"$REDISCLI_AUTH\" ] && export REDISCLI_AUTH || unset REDISCLI_AUTH\n"
                    + drillScript("redis_figures --no-auth-warning");
            return Drillable.lines(runner.output(stack.shell(service, script, List.of(), password)));
        }

        /**
         * Into a second redis-server in the service's own container, the very version of the live
         * one, on a unix socket in a private temporary directory there (removed afterwards).
         */
        @Override
        public Throwaway loadThrowaway(String stamp, InputStream dump) throws IOException {
            Path temp = Files.createTempFile("dockstart-drill-", ".rdb");
            String dir = runner.output(stack.shell(service, "mktemp -d /tmp/dockstart-drill.XXXXXX", List.of(), null)).strip();
            try {
                writeSnapshot(dump, temp);
                runner.output(stack.compose(List.of("cp", temp.toString(), service + ":" + dir + "/dump.rdb")));
                return throwaway("a temporary redis-server in the container of service " + service + " (stopped afterwards)", runner,
                        stack.shell(service, drillScript("redis_throwaway_figures \"$1\" redis-server"), List.of(dir), null));
            } finally {
                Files.deleteIfExists(temp);
                runner.output(stack.shell(service, "rm -rf \"$1\"", List.of(dir), null));
            }
        }

        @Override
        public Optional<String> loadReport() {
            return lastReport.isEmpty() ? Optional.empty() : Optional.of(lastReport);
        }

        @Override
        public String describe() {
            return "Redis service " + service + " (docker compose)";
        }
    }
}
