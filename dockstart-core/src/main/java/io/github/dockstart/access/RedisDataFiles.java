package io.github.dockstart.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Redis loads from its data directory when it starts, and how a restore makes it load a
 * snapshot. With {@code appendonly yes} Redis loads its append-only files and ignores
 * {@code dump.rdb}, so replacing {@code dump.rdb} alone changes nothing. Redis 7 keeps them in a
 * directory ({@code appenddirname}, {@code appendonlydir} by default) listed by
 * {@code <appendfilename>.manifest}; a base file may be an RDB. So the restore moves that
 * directory aside (it is the data before the restore) and writes a new one whose manifest
 * names the snapshot as its only base: Redis loads it and appends to it from then on. An older
 * single {@code *.aof} file in the data directory is replaced by the snapshot the same way (an
 * AOF may start with an RDB preamble). The same rule as restore.sh's {@code restore_redis}.
 */
final class RedisDataFiles {

    static final String MANIFEST_SUFFIX = ".manifest";
    static final String BEFORE_RESTORE = ".before-restore-";
    private static final Pattern KEYS_READ = Pattern.compile("\\[info\\] (\\d+) keys read");
    private static final Pattern ALREADY_EXPIRED = Pattern.compile("\\[info\\] (\\d+) already expired");

    private RedisDataFiles() {
    }

    /** One append-only store found in the data directory, and where the old one was moved. */
    record Replaced(Path original, Path before) {
    }

    /**
     * Makes every append-only store in {@code dataDirectory} hold {@code snapshot}; each old one
     * is renamed to {@code <name>.before-restore-<stamp>}.
     */
    static List<Replaced> installSnapshot(Path dataDirectory, Path snapshot, String stamp) throws IOException {
        List<Replaced> replaced = new ArrayList<>();
        for (Path directory : aofDirectories(dataDirectory)) {
            Path manifest = manifestOf(directory);
            String baseName = manifest.getFileName().toString();
            baseName = baseName.substring(0, baseName.length() - MANIFEST_SUFFIX.length());
            Path before = directory.resolveSibling(directory.getFileName() + BEFORE_RESTORE + stamp);
            Path fresh = directory.resolveSibling("." + directory.getFileName() + ".restoring-" + stamp);
            Files.createDirectory(fresh);
            String base = baseName + ".1.base.rdb";
            Files.copy(snapshot, fresh.resolve(base));
            Files.writeString(fresh.resolve(manifest.getFileName()), "file " + base + " seq 1 type b\n", StandardCharsets.UTF_8);
            sameOwner(directory, fresh);
            Files.move(directory, before);
            Files.move(fresh, directory, StandardCopyOption.ATOMIC_MOVE);
            replaced.add(new Replaced(directory, before));
        }
        for (Path aof : legacyAofFiles(dataDirectory)) {
            Path before = aof.resolveSibling(aof.getFileName() + BEFORE_RESTORE + stamp);
            Path fresh = aof.resolveSibling("." + aof.getFileName() + ".restoring-" + stamp);
            Files.copy(snapshot, fresh);
            sameOwner(aof, fresh);
            Files.move(aof, before);
            Files.move(fresh, aof, StandardCopyOption.ATOMIC_MOVE);
            replaced.add(new Replaced(aof, before));
        }
        return replaced;
    }

    /**
     * Writes into {@code directory} a new base file holding {@code snapshot}, an empty incremental
     * file, and a manifest that names only these two, numbered above every file of
     * {@code oldManifest}. Copied over an existing append-only directory (whose old files cannot
     * be removed from a stopped container), Redis loads the snapshot and never appends to an old
     * file: without an incremental file of its own it would open {@code <name>.1.incr.aof} again.
     */
    static void writeBaseAfter(Path directory, String baseName, String oldManifest, Path snapshot) throws IOException {
        long seq = 0;
        Matcher m = Pattern.compile("\\bseq (\\d+)").matcher(oldManifest);
        while (m.find()) {
            seq = Math.max(seq, Long.parseLong(m.group(1)));
        }
        long next = seq + 1;
        String base = baseName + "." + next + ".base.rdb";
        String incr = baseName + "." + next + ".incr.aof";
        Files.copy(snapshot, directory.resolve(base));
        Files.createFile(directory.resolve(incr));
        Files.writeString(directory.resolve(baseName + MANIFEST_SUFFIX),
                "file " + base + " seq " + next + " type b\nfile " + incr + " seq " + next + " type i\n", StandardCharsets.UTF_8);
    }

    /** Directories of the data directory that hold a Redis 7 AOF manifest. */
    static List<Path> aofDirectories(Path dataDirectory) throws IOException {
        try (Stream<Path> entries = Files.list(dataDirectory)) {
            return entries.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p) && isLive(p) && hasManifest(p))
                    .sorted().toList();
        }
    }

    /** Single-file AOFs of Redis 6 and older ({@code appendonly.aof}) directly in the data directory. */
    static List<Path> legacyAofFiles(Path dataDirectory) throws IOException {
        try (Stream<Path> entries = Files.list(dataDirectory)) {
            return entries.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)
                            && p.getFileName().toString().endsWith(".aof") && isLive(p))
                    .sorted().toList();
        }
    }

    /** Not a temporary of a restore, nor what an earlier restore moved aside ({@code BEFORE_RESTORE}). */
    private static boolean isLive(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && !name.contains(BEFORE_RESTORE);
    }

    private static boolean hasManifest(Path directory) {
        try {
            manifestOf(directory);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path manifestOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(MANIFEST_SUFFIX) && Files.isRegularFile(f))
                    .findFirst().orElseThrow(() -> new IOException("no manifest in " + directory));
        }
    }

    private static void sameOwner(Path model, Path target) {
        try {
            Files.setOwner(target, Files.getOwner(model));
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    for (Path f : files.toList()) {
                        Files.setOwner(f, Files.getOwner(model));
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only root can give files away; any other user already writes them as itself
        }
    }

    /**
     * The keys Redis will hold after loading {@code rdb}: what {@code redis-check-rdb} reads,
     * less those already expired (Redis drops them while loading); empty when the tool is not
     * installed.
     */
    static OptionalLong keysIn(CommandRunner runner, Path rdb) throws IOException {
        String report;
        try {
            report = runner.output(Command.of(List.of("redis-check-rdb", rdb.toString()), Map.of()));
        } catch (CommandFailedException e) {
            if (e.getMessage().startsWith("Could not run")) {
                return OptionalLong.empty();
            }
            throw new CommandFailedException("redis-check-rdb rejects the snapshot: " + e.getMessage(), e);
        }
        return keysInReport(report);
    }

    /** Parses redis-check-rdb's report ({@code [info] N keys read}, {@code [info] M already expired}). */
    static OptionalLong keysInReport(String report) {
        Matcher read = KEYS_READ.matcher(report);
        if (!read.find()) {
            return OptionalLong.empty();
        }
        Matcher expired = ALREADY_EXPIRED.matcher(report);
        long gone = expired.find() ? Long.parseLong(expired.group(1)) : 0;
        return OptionalLong.of(Long.parseLong(read.group(1)) - gone);
    }

    /** The number of keys in every database from an {@code INFO keyspace} reply ({@code db0:keys=3,expires=0,...}). */
    static long keysInKeyspace(String info) {
        long keys = 0;
        Matcher m = Pattern.compile("^db\\d+:keys=(\\d+)", Pattern.MULTILINE).matcher(info);
        while (m.find()) {
            keys += Long.parseLong(m.group(1));
        }
        return keys;
    }
}
