package io.github.dockstart.access;

import io.github.dockstart.model.InvalidFileException;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * A SQLite file. A dump is a consistent copy made by {@code VACUUM INTO} (a read transaction, so
 * the application may keep running); a restore checks the new file's integrity and then replaces
 * the database atomically, which must happen while no other process has it open: a process that
 * has it open would go on writing into the replaced file, and what it wrote would be lost. The
 * sidecar's {@code restore.sh} follows the same rule ({@code sqlite_in_use} in {@code clients.sh}).
 */
final class SqliteAccess implements DatabaseAccess, Drillable {

    private final CommandRunner runner;
    private final Path database;

    SqliteAccess(CommandRunner runner, Path database) {
        this.runner = runner;
        this.database = database;
    }

    @Override
    public void checkReachable() throws IOException {
        if (!Files.isRegularFile(database)) {
            throw new CommandFailedException("The SQLite database " + database + " does not exist.");
        }
        requireIntact(database);
    }

    /**
     * Refuses while another process has the database open. A missing file is a reason to restore,
     * not to refuse; a damaged one is refused by the safety copy, which SQLite cannot make of it.
     */
    @Override
    public void checkReadyForLoad() throws IOException {
        if (inUse()) {
            throw new CommandFailedException(database + " is open in another process (the application, or a sqlite3 shell):"
                    + " replacing it now would lose what that process writes. Nothing was changed; stop the application"
                    + " and run the restore again (in the dev container, generate -D" + PropertyNames.SQLITE_STOP_APP + " has the"
                    + " sidecar's restore.sh stop and start it).");
        }
    }

    /**
     * Whether another connection holds a lock on the database: in WAL mode every open connection
     * keeps a shared lock for as long as it is open, otherwise only one inside a transaction does.
     * Asking for an exclusive lock without waiting tells which.
     */
    private boolean inUse() throws IOException {
        if (!Files.isRegularFile(database)) {
            return false;
        }
        try {
            runner.output(Command.of(List.of("sqlite3", "-bail", database.toString(),
                    "PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "COMMIT"), Map.of()));
            return false;
        } catch (CommandFailedException e) {
            String message = e.getMessage();
            // a damaged file fails otherwise: not a sign of another process
            return message.contains("database is locked") || message.contains("database is busy");
        }
    }

    /**
     * SQLite's own copy ({@code VACUUM INTO}), so that transactions committed into the {@code -wal}
     * are in it; a file SQLite cannot read cannot be kept this way and is refused by name.
     */
    @Override
    public Optional<Dump> safetyDump() {
        if (!Files.isRegularFile(database)) {
            return Optional.empty();
        }
        return Optional.of(out -> {
            try {
                dump(out);
            } catch (CommandFailedException e) {
                throw new InvalidInputException("Cannot keep a safety copy of " + database + ", as SQLite cannot read it ("
                        + e.getMessage() + "). Nothing was changed; if it is damaged and you want it replaced, move it"
                        + " away yourself (e.g. mv " + database + " " + database + ".damaged) and run the restore again.");
            }
        });
    }

    @Override
    public void dump(OutputStream out) throws IOException {
        Path copy = tempBeside(".dump");
        try {
            Files.delete(copy); // VACUUM INTO refuses an existing file
            runner.output(Command.of(List.of("sqlite3", "-bail", database.toString(),
                    "VACUUM INTO '" + copy.toString().replace("'", "''") + "'"), Map.of()));
            Files.copy(copy, out);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public void load(InputStream in) throws IOException {
        Path restored = tempBeside(".restoring");
        try {
            Files.copy(in, restored, StandardCopyOption.REPLACE_EXISTING);
            requireIntact(restored);
            if (walMode(database)) {
                // VACUUM INTO writes a rollback-journal file: a WAL database comes back in WAL mode
                runner.output(Command.of(List.of("sqlite3", "-bail", restored.toString(), "PRAGMA journal_mode=WAL"), Map.of()));
            }
            // the safety copy took a while: someone may have opened it since
            checkReadyForLoad();
            Files.move(restored, database, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // a journal left by the old file would be replayed into the new one
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-wal"));
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-shm"));
        } finally {
            Files.deleteIfExists(restored);
            Files.deleteIfExists(restored.resolveSibling(restored.getFileName() + "-wal"));
            Files.deleteIfExists(restored.resolveSibling(restored.getFileName() + "-shm"));
        }
    }

    /** The file header's read and write versions are 2 in WAL mode (SQLite file format, offsets 18 and 19). */
    private static boolean walMode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(header, 0, 20) == 20 && header[18] == 2 && header[19] == 2;
        }
    }

    private void requireIntact(Path file) throws IOException {
        String verdict;
        try {
            verdict = runner.output(Command.of(List.of("sqlite3", "-bail", "-readonly", file.toString(), "PRAGMA integrity_check"), Map.of())).trim();
        } catch (CommandFailedException e) {
            throw new InvalidFileException(file.toString(), 0, "The SQLite file " + file + " is not a usable database: " + e.getMessage());
        }
        if (!verdict.equals("ok")) {
            throw new InvalidFileException(file.toString(), 0, "The SQLite file " + file + " fails its integrity check: " + RedisAccess.firstLine(verdict));
        }
    }

    // --- restore drill ---------------------------------------------------------------

    private static final String DRILL_FIGURES = Drillable.query("drill-sqlite.sql");

    @Override
    public List<String> liveFigures() throws IOException {
        return figures(database);
    }

    /** The query of drill-sqlite.sql writes the query that counts; both only read. */
    private List<String> figures(Path file) throws IOException {
        List<String> readOnly = List.of("sqlite3", "-readonly", "-bail", "-cmd", ".timeout 30000", file.toString());
        String counting = runner.output(Command.of(readOnly, Map.of()),
                new java.io.ByteArrayInputStream(DRILL_FIGURES.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return Drillable.lines(runner.output(Command.of(readOnly, Map.of()),
                new java.io.ByteArrayInputStream((counting + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** Into a temporary copy outside the project, deleted afterwards. */
    @Override
    public Throwaway loadThrowaway(String stamp, InputStream dump) throws IOException {
        String target = "a temporary copy of the file (deleted afterwards)";
        Path copy = Files.createTempFile("dockstart-drill-" + stamp + "-", ".db");
        try {
            Files.copy(dump, copy, StandardCopyOption.REPLACE_EXISTING);
            String verdict;
            try {
                verdict = runner.output(Command.of(List.of("sqlite3", "-bail", copy.toString(), "PRAGMA integrity_check"), Map.of())).trim();
            } catch (CommandFailedException e) {
                throw new ThrowawayFailed(target, "the backup does not restore: its copy is not a usable database: " + e.getMessage(), e);
            }
            if (!verdict.equals("ok")) {
                throw new ThrowawayFailed(target, "the backup does not restore: its copy fails PRAGMA integrity_check: "
                        + RedisAccess.firstLine(verdict), null);
            }
            return new Throwaway(target, figures(copy));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private Path tempBeside(String suffix) throws IOException {
        Path directory = database.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        return Files.createTempFile(directory, "." + database.getFileName() + ".", suffix);
    }

    @Override
    public String describe() {
        return "SQLite " + database;
    }
}
