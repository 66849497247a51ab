package io.github.dockstart.backup;

import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.output.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Good verdicts of earlier full checks, kept in a directory's {@value #FILE_NAME}, so that
 * {@code list} need not decompress an unchanged backup again (its cost would grow with the size of
 * all backups). A verdict is reused only while the backup and its checksum file are the very files
 * that were checked: same name, size, modification and change time (nanoseconds where the file
 * system has them), device and inode, and the same checksum, under the same rule (the bytecode of
 * the classes that judge). Only good verdicts are kept; a bad file is checked every time.
 *
 * <p>What it cannot see: bytes changed without the file system noticing (a failing disk, a write to
 * the raw device). {@code verify} and {@code restore} therefore always read the whole file.
 */
public final class RememberedVerdicts {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    public static final String FILE_NAME = ".dockstart-verified";

    private static final String HEADER = "dockstart remembered verdicts 1 ";
    private static final String END = "end ";

    private final Path directory;
    private final BackupVerifier verifier = new BackupVerifier();
    private final Map<String, String> remembered;
    private final Map<String, String> seen = new LinkedHashMap<>();
    private final String rule;

    private RememberedVerdicts(Path directory, Map<String, String> remembered, String rule) {
        this.directory = directory;
        this.remembered = remembered;
        this.rule = rule;
    }

    /** The verdicts remembered in {@code directory}; none when the file is absent, unreadable, foreign or damaged. */
    public static RememberedVerdicts in(Path directory) {
        String rule = ruleFingerprint();
        return new RememberedVerdicts(directory, rule.isEmpty() ? Map.of() : read(directory.resolve(FILE_NAME), rule), rule);
    }

    /** One verdict, and whether it was remembered rather than checked now. */
    public record Checked(BackupVerifier.Verdict verdict, boolean remembered) {
    }

    /** The remembered good verdict while nothing changed; otherwise a full check, remembered when good. */
    public Checked verify(Path file, Optional<DatabaseType> type) {
        Optional<String> key = key(file, type);
        String name = file.getFileName().toString();
        if (key.isPresent() && key.get().equals(remembered.get(name))) {
            seen.put(name, key.get());
            return new Checked(new BackupVerifier.Verdict(file, Optional.empty()), true);
        }
        return new Checked(check(file, type, key), false);
    }

    /** Always a full check (for {@code verify}); a good verdict is remembered. */
    public BackupVerifier.Verdict check(Path file, Optional<DatabaseType> type) {
        return check(file, type, key(file, type));
    }

    private BackupVerifier.Verdict check(Path file, Optional<DatabaseType> type, Optional<String> before) {
        BackupVerifier.Verdict verdict = verifier.verify(file, type);
        // remembered only when the files did not change while they were read
        if (verdict.good() && before.isPresent() && before.equals(key(file, type))) {
            seen.put(file.getFileName().toString(), before.get());
        }
        return verdict;
    }

    /**
     * Writes the good verdicts of this run's files, and only theirs (entries of deleted or now bad
     * files are dropped), atomically and readable by the owner only; no write when nothing changed.
     */
    public void save() throws IOException {
        if (rule.isEmpty() || seen.equals(remembered) || !Files.isDirectory(directory)) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER).append(rule).append('\n');
        seen.forEach((name, key) -> text.append(name).append('\t').append(key).append('\n'));
        text.append(END).append(seen.size()).append('\n');
        AtomicFiles.write(directory.resolve(FILE_NAME), text, OWNER_ONLY);
    }

    /**
     * What identifies the checked files: the content rule applied, the backup's and its checksum
     * file's stamps, and the checksum itself; empty when either is missing, a link, or has an odd name.
     */
    static Optional<String> key(Path file, Optional<DatabaseType> type) {
        String name = file.getFileName().toString();
        if (name.contains("\t") || name.contains("\n") || name.contains("\r")) {
            return Optional.empty();
        }
        Path checksumFile = file.resolveSibling(name + BackupFileName.CHECKSUM_SUFFIX);
        try {
            Optional<String> fileStamp = stamp(file);
            Optional<String> checksumStamp = stamp(checksumFile);
            if (fileStamp.isEmpty() || checksumStamp.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> checksum = BackupVerifier.readChecksum(checksumFile, name);
            return checksum.map(hex -> type.map(DatabaseType::id).orElse("-") + '\t' + fileStamp.get() + '\t'
                    + checksumStamp.get() + '\t' + hex);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Size, modification and change time, device and inode of a regular file (not a link). */
    private static Optional<String> stamp(Path file) throws IOException {
        BasicFileAttributes basic;
        try {
            basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!basic.isRegularFile()) {
            return Optional.empty();
        }
        String changed;
        try {
            // ctime: no program can set it back, unlike the modification time (touch -d)
            changed = time((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            changed = time(basic.creationTime());
        }
        return Optional.of(basic.size() + " " + time(basic.lastModifiedTime()) + " " + changed + " " + basic.fileKey());
    }

    private static String time(FileTime time) {
        return time.toInstant().getEpochSecond() + "." + time.toInstant().getNano();
    }

    /** The entries of {@code file}, or none when it is not exactly what {@link #save()} writes under this rule. */
    private static Map<String, String> read(Path file, String rule) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || writableByOthers(file)) {
                return Map.of();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(HEADER + rule)
                    || !lines.get(lines.size() - 1).equals(END + (lines.size() - 2))) {
                return Map.of();
            }
            Map<String, String> entries = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size() - 1)) {
                String[] parts = line.split("\t", 2);
                if (parts.length != 2 || parts[1].split("\t", -1).length != 4 || entries.put(parts[0], parts[1]) != null) {
                    return Map.of();
                }
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // unreadable or not text: check everything
        }
    }

    private static boolean writableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            return permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * A digest of the classes that judge a backup: a new dockstart whose rule differs (say, a
     * stricter content check) does not reuse what an older one accepted. Empty if unreadable.
     */
    static String ruleFingerprint() {
        MessageDigest digest = BackupVerifier.sha256();
        for (Class<?> judge : List.of(BackupVerifier.class, BackupContent.class, io.github.dockstart.access.RdbFormat.class,
                RememberedVerdicts.class)) {
            try (InputStream in = judge.getResourceAsStream(judge.getSimpleName() + ".class")) {
                if (in == null) {
                    return "";
                }
                digest.update(in.readAllBytes());
            } catch (IOException e) {
                return "";
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
