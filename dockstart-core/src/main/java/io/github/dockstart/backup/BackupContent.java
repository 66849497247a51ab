package io.github.dockstart.backup;

import io.github.dockstart.access.Command;
import io.github.dockstart.access.CommandRunner;
import io.github.dockstart.access.RdbFormat;
import io.github.dockstart.model.DatabaseType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a backup must hold, judged by its decompressed content: a gzip stream that is whole can
 * still hold a dump that a client cut short yet ended with status 0, or a file of another kind.
 * The same rule as {@code verify_file} in restore.sh and {@code stream_intact} in backup.sh:
 * <ul>
 * <li>PostgreSQL: pg_dump's header at the start and its end marker {@value #POSTGRES_END} at the end;</li>
 * <li>MySQL/MariaDB: the dump tool's header and its end marker {@value #MYSQL_END};</li>
 * <li>Redis: the RDB magic {@code REDIS} and the end-of-file opcode 0xFF before the 8-byte checksum ({@link RdbFormat});</li>
 * <li>SQLite: the header {@code SQLite format 3} and {@code PRAGMA integrity_check} of the decompressed copy.</li>
 * </ul>
 */
public enum BackupContent {
    POSTGRES("a PostgreSQL dump"),
    MYSQL("a MySQL/MariaDB dump"),
    /** A {@code .sql.gz} of a service whose type is unknown: either SQL dump, told apart by its header. */
    ANY_SQL("a SQL dump"),
    REDIS("a Redis RDB snapshot"),
    SQLITE("an SQLite database");

    static final String POSTGRES_HEADER = "-- PostgreSQL database dump";
    static final String POSTGRES_END = "-- PostgreSQL database dump complete";
    static final String MYSQL_END = "-- Dump completed";
    static final byte[] RDB_MAGIC = RdbFormat.MAGIC;
    static final String SQLITE_HEADER = "SQLite format 3\0";

    /** As many bytes as restore.sh looks at: the start for the header, the end for the end marker. */
    static final int HEAD = 64;
    static final int TAIL = 200;

    private final String description;

    BackupContent(String description) {
        this.description = description;
    }

    /** The content a service of this type backs up to. */
    public static BackupContent of(DatabaseType type) {
        return switch (type) {
            case POSTGRES -> POSTGRES;
            case MYSQL, MARIADB -> MYSQL;
            case REDIS -> REDIS;
            case SQLITE -> SQLITE;
        };
    }

    /** The content a file of this extension ({@code sql}, {@code rdb}, {@code db}) holds. */
    public static Optional<BackupContent> ofExtension(String extension) {
        return switch (extension) {
            case "sql" -> Optional.of(ANY_SQL);
            case "rdb" -> Optional.of(REDIS);
            case "db" -> Optional.of(SQLITE);
            default -> Optional.empty();
        };
    }

    /** The content a backup file holds by its name ({@code x.sql.gz}), if the name says. */
    static Optional<BackupContent> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : List.of("sql", "rdb", "db")) {
            if (lower.endsWith("." + extension + ".gz")) {
                return ofExtension(extension);
            }
        }
        return Optional.empty();
    }

    /** Whether checking this content needs a decompressed copy on disk (SQLite's integrity check). */
    boolean needsCopy() {
        return this == SQLITE;
    }

    /**
     * The one sentence that says why {@code file} is not this content, or empty when it is.
     *
     * @param probe what was seen while decompressing {@code file}
     * @param copy  the decompressed content on disk, when {@link #needsCopy()}
     */
    Optional<String> problem(Path file, Probe probe, Path copy) throws IOException {
        String head = probe.headText();
        return switch (this) {
            case POSTGRES -> sqlDump(file, probe, isPostgresHeader(head), POSTGRES_END, "pg_dump");
            case MYSQL -> sqlDump(file, probe, isMysqlHeader(head), MYSQL_END, "mysqldump/mariadb-dump");
            case ANY_SQL -> {
                if (isPostgresHeader(head)) {
                    yield POSTGRES.problem(file, probe, copy);
                }
                if (isMysqlHeader(head)) {
                    yield MYSQL.problem(file, probe, copy);
                }
                yield Optional.of("Backup " + file + " is not a PostgreSQL or MySQL/MariaDB dump: it does not start with"
                        + " the header pg_dump or mysqldump/mariadb-dump writes.");
            }
            case REDIS -> redis(file, probe);
            case SQLITE -> sqlite(file, probe, copy);
        };
    }

    /**
     * The part of {@link #problem} that needs only the start of the content: the header of this
     * kind of dump (for a build-and-swap restore, which checks the rest while it loads).
     */
    Optional<String> headerProblem(Path file, Probe probe) {
        String head = probe.headText();
        return switch (this) {
            case POSTGRES -> isPostgresHeader(head) ? Optional.empty() : Optional.of(notHeader(file, "pg_dump"));
            case MYSQL -> isMysqlHeader(head) ? Optional.empty() : Optional.of(notHeader(file, "mysqldump/mariadb-dump"));
            default -> throw new IllegalArgumentException(this + " is checked only as a whole");
        };
    }

    private String notHeader(Path file, String tool) {
        return "Backup " + file + " is not " + description + ": it does not start with the header " + tool + " writes.";
    }

    /** The header line pg_dump writes first (a line of its own: the end marker must not pass for it). */
    private static boolean isPostgresHeader(String head) {
        return head.lines().anyMatch(POSTGRES_HEADER::equals);
    }

    /** The header line mariadb-dump or mysqldump writes first ({@code -- MariaDB dump 10.19 ...}). */
    private static boolean isMysqlHeader(String head) {
        return head.lines().anyMatch(line -> line.startsWith("-- MariaDB dump ") || line.startsWith("-- MySQL dump "));
    }

    private Optional<String> sqlDump(Path file, Probe probe, boolean header, String endMarker, String tool) {
        if (!header) {
            return Optional.of(notHeader(file, tool));
        }
        if (!probe.tailText().contains(endMarker)) {
            return Optional.of("Backup " + file + " is an incomplete " + description.substring(2) + ": it lacks the end marker '"
                    + endMarker + "' (the dump was cut short).");
        }
        return Optional.empty();
    }

    private Optional<String> redis(Path file, Probe probe) {
        byte[] head = probe.head();
        if (head.length < RDB_MAGIC.length || !java.util.Arrays.equals(head, 0, RDB_MAGIC.length, RDB_MAGIC, 0, RDB_MAGIC.length)) {
            return Optional.of("Backup " + file + " is not a Redis RDB snapshot: it does not start with REDIS.");
        }
        if (RdbFormat.trailingBytes(probe.tail()).isEmpty()) {
            return Optional.of("Backup " + file + " is an incomplete Redis RDB snapshot: it lacks the end-of-file marker (the snapshot was cut short).");
        }
        return Optional.empty();
    }

    private Optional<String> sqlite(Path file, Probe probe, Path copy) throws IOException {
        if (!probe.headText().startsWith(SQLITE_HEADER)) {
            return Optional.of("Backup " + file + " is not an SQLite database: it does not start with the SQLite header.");
        }
        String verdict;
        try {
            verdict = new CommandRunner(copy.getParent()).output(Command.of(
                    List.of("sqlite3", "-bail", "-readonly", copy.toString(), "PRAGMA integrity_check"), Map.of())).trim();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Could not run")) {
                return Optional.of("Backup " + file + " holds an SQLite database that could not be checked: " + e.getMessage());
            }
            verdict = e.getMessage(); // sqlite3 stops at a malformed page with an error instead of a verdict
        }
        if (!verdict.equals("ok")) {
            return Optional.of("Backup " + file + " holds an SQLite database that fails PRAGMA integrity_check: "
                    + verdict.lines().findFirst().orElse(verdict) + ".");
        }
        return Optional.empty();
    }

    /** Keeps the first {@value #HEAD} and the last {@value #TAIL} bytes of a stream written through it. */
    static final class Probe extends OutputStream {
        private final byte[] head = new byte[HEAD];
        private int headLength;
        private final byte[] ring = new byte[TAIL];
        private long total;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int toHead = Math.min(len, HEAD - headLength);
            if (toHead > 0) {
                System.arraycopy(b, off, head, headLength, toHead);
                headLength += toHead;
            }
            int start = Math.max(0, len - TAIL);
            for (int i = start; i < len; i++) {
                ring[(int) ((total + i) % TAIL)] = b[off + i];
            }
            total += len;
        }

        byte[] head() {
            return java.util.Arrays.copyOf(head, headLength);
        }

        byte[] tail() {
            int length = (int) Math.min(total, TAIL);
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                out[i] = ring[(int) ((total - length + i) % TAIL)];
            }
            return out;
        }

        String headText() {
            return new String(head(), StandardCharsets.ISO_8859_1);
        }

        String tailText() {
            return new String(tail(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A private temporary file for the decompressed copy (0600, as createTempFile makes it). */
    static Path temporaryCopy() throws IOException {
        return Files.createTempFile("dockstart-check-", ".db");
    }
}
