package io.github.dockstart.access;

import io.github.dockstart.model.InvalidInputException;
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
 * the database atomically, which must happen while the application is stopped.
 */
final class SqliteAccess implements DatabaseAccess {

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

    /** A damaged or missing file is a reason to restore, not a reason to refuse. */
    @Override
    public void checkReadyForLoad() {
    }

    /** The file as it is, byte for byte: it may be damaged, which is why it is being replaced. */
    @Override
    public Optional<Dump> safetyDump() {
        if (!Files.isRegularFile(database)) {
            return Optional.empty();
        }
        return Optional.of(out -> Files.copy(database, out));
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
            Files.move(restored, database, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // a journal left by the old file would be replayed into the new one
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-wal"));
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-shm"));
        } finally {
            Files.deleteIfExists(restored);
        }
    }

    private void requireIntact(Path file) throws IOException {
        String verdict;
        try {
            verdict = runner.output(Command.of(List.of("sqlite3", "-bail", "-readonly", file.toString(), "PRAGMA integrity_check"), Map.of())).trim();
        } catch (CommandFailedException e) {
            throw new InvalidInputException("The SQLite file " + file + " is not a usable database: " + e.getMessage());
        }
        if (!verdict.equals("ok")) {
            throw new InvalidInputException("The SQLite file " + file + " fails its integrity check: " + RedisAccess.firstLine(verdict));
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
