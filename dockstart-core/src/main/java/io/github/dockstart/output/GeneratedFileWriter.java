package io.github.dockstart.output;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.FileAccessException;
import io.github.dockstart.model.ProjectLayout;
import io.github.dockstart.rendering.GeneratedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes generated files into a project: only what changed, or only a unified diff in a dry run.
 * Also keeps {@code backups/} in {@code .gitignore}.
 *
 * <p>A directory that is partly the user's is never written into: when {@code .devcontainer/}
 * holds a file dockstart did not write (a hand-written {@code devcontainer.json}, a script of the
 * user's) or a generated file that was changed by hand since, nothing is written and the run fails
 * naming those files, unless forced. What dockstart wrote is recorded in the {@link WriteManifest}.
 */
public final class GeneratedFileWriter {

    static final String GITIGNORE = ".gitignore";
    static final String DEVCONTAINER_DIRECTORY = ProjectLayout.DEVCONTAINER_DIRECTORY;
    static final String BACKUPS_IGNORE_LINE = "/" + ProjectLayout.BACKUP_DIRECTORY + "/";

    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

    private final DockstartLog log;

    public GeneratedFileWriter(DockstartLog log) {
        this.log = log;
    }

    public WriteReport write(Path projectRoot, List<GeneratedFile> files, WriteOptions options) {
        return write(projectRoot, files, options, null);
    }

    /**
     * @param inputStamp identifies what the files were generated from; recorded when they are all
     *                   as generated, for {@link #unchangedSince}
     */
    public WriteReport write(Path projectRoot, List<GeneratedFile> files, WriteOptions options, String inputStamp) {
        try {
            return writeFiles(projectRoot, files, options, inputStamp);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write into " + projectRoot + ": " + e.getMessage(), e);
        }
    }

    /**
     * The report of a run that would write nothing, when the last run recorded {@code inputStamp}
     * and every file it wrote is still there exactly as written; empty otherwise.
     */
    public Optional<WriteReport> unchangedSince(Path projectRoot, String inputStamp) {
        try {
            WriteManifest manifest = WriteManifest.read(projectRoot);
            if (manifest.inputs().isEmpty() || !manifest.inputs().equals(inputStamp) || gitignoreUpdate(projectRoot).isPresent()) {
                return Optional.empty();
            }
            for (String path : manifest.paths()) {
                Optional<String> content = readIfExists(projectRoot.resolve(path));
                if (content.isEmpty() || !manifest.wroteExactly(path, content.get())) {
                    return Optional.empty();
                }
            }
            return Optional.of(new WriteReport(List.of(), List.copyOf(manifest.paths()), List.of(), ""));
        } catch (IOException e) {
            return Optional.empty(); // a full run will say what is wrong
        }
    }

    private WriteReport writeFiles(Path root, List<GeneratedFile> files, WriteOptions options, String inputStamp) throws IOException {
        WriteManifest manifest = WriteManifest.read(root);
        List<String> notOurs = notWrittenByDockstart(root, files, manifest);
        if (!notOurs.isEmpty() && !options.force()) {
            throw new ForeignFilesException(notOurs);
        }
        List<String> written = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        StringBuilder diff = new StringBuilder();

        List<GeneratedFile> all = new ArrayList<>(files);
        gitignoreUpdate(root).ifPresent(all::add);

        for (GeneratedFile file : all) {
            Path target = root.resolve(file.path());
            Optional<String> current = readIfExists(target);
            if (current.isPresent() && current.get().equals(file.content())) {
                if (!options.dryRun()) {
                    setPermissions(target, file.executable());
                    // a file that already matches is dockstart's from now on
                    manifest.record(file.path(), file.content());
                }
                unchanged.add(file.path());
                continue;
            }
            diff.append(unifiedDiff(file.path(), current.orElse(null), file.content()));
            if (!options.dryRun()) {
                writeAtomically(target, file.content(), file.executable());
                if (!file.path().equals(GITIGNORE)) {
                    manifest.record(file.path(), file.content());
                }
                log.debug("Wrote " + file.path());
            }
            written.add(file.path());
        }
        List<String> removed = removeObsolete(root, manifest, all, options, diff);
        manifest.recordInputs(inputStamp);
        if (!options.dryRun() && manifest.changed()) {
            writeAtomically(manifest.file(), manifest.render(), false);
        }
        return new WriteReport(List.copyOf(written), List.copyOf(unchanged), List.copyOf(removed), diff.toString());
    }

    /**
     * The files a run would otherwise mix with generated ones: generated paths whose current
     * content dockstart did not write, and every other file under {@code .devcontainer/} that
     * dockstart never wrote.
     */
    private static List<String> notWrittenByDockstart(Path root, List<GeneratedFile> files, WriteManifest manifest)
            throws IOException {
        Set<String> generated = new TreeSet<>();
        Set<String> foreign = new TreeSet<>();
        for (GeneratedFile file : files) {
            generated.add(file.path());
            Optional<String> current = readIfExists(root.resolve(file.path()));
            if (current.isPresent() && !current.get().equals(file.content())
                    && !manifest.wroteExactly(file.path(), current.get())) {
                foreign.add(file.path());
            }
        }
        Path directory = root.resolve(DEVCONTAINER_DIRECTORY);
        if (Files.isDirectory(directory)) {
            try (Stream<Path> existing = Files.walk(directory)) {
                existing.filter(Files::isRegularFile)
                        .map(path -> root.relativize(path).toString().replace('\\', '/'))
                        .filter(path -> !path.equals(WriteManifest.PATH) && !generated.contains(path)
                                && !isOwnTemporaryFile(path) && !writtenExactly(root, path, manifest))
                        .forEach(foreign::add);
            }
        }
        return List.copyOf(foreign);
    }

    /** Whether the file is as dockstart last wrote it (a file it no longer generates, say). */
    private static boolean writtenExactly(Path root, String path, WriteManifest manifest) {
        try {
            Optional<String> content = readIfExists(root.resolve(path));
            return content.isPresent() && manifest.wroteExactly(path, content.get());
        } catch (IOException e) {
            return false;
        }
    }

    /** A temporary file of {@link #writeAtomically} that a killed run left behind. */
    private static boolean isOwnTemporaryFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /**
     * Deletes the files dockstart wrote earlier that it no longer generates (the sidecar's, once it
     * is off or the last database has gone), so that no stale script or Dockerfile stays behind. A
     * file edited by hand since stopped the run unless forced; forced, it stays: only what dockstart
     * wrote exactly is deleted.
     */
    private List<String> removeObsolete(Path root, WriteManifest manifest, List<GeneratedFile> generated,
            WriteOptions options, StringBuilder diff) throws IOException {
        Set<String> current = new HashSet<>();
        generated.forEach(file -> current.add(file.path()));
        List<String> removed = new ArrayList<>();
        for (String path : new ArrayList<>(manifest.paths())) {
            if (current.contains(path)) {
                continue;
            }
            Path target = root.resolve(path);
            Optional<String> content = readIfExists(target);
            if (content.isEmpty()) {
                if (!options.dryRun()) {
                    manifest.forget(path);
                }
                continue;
            }
            if (!manifest.wroteExactly(path, content.get())) {
                log.debug("Keeping " + path + ", no longer generated: changed by hand since dockstart wrote it");
                continue;
            }
            diff.append(deletionDiff(path, content.get()));
            if (!options.dryRun()) {
                Files.delete(target);
                manifest.forget(path);
                deleteIfEmpty(target.getParent(), root);
            }
            removed.add(path);
        }
        return removed;
    }

    private static void deleteIfEmpty(Path directory, Path root) throws IOException {
        if (directory == null || directory.equals(root) || !Files.isDirectory(directory)) {
            return;
        }
        try (var entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(directory);
            }
        }
    }

    private static String deletionDiff(String path, String before) {
        List<String> original = before.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("a/" + path, "/dev/null", original,
                DiffUtils.diff(original, List.of()), 3);
        return lines.isEmpty() ? "--- a/" + path + "\n+++ /dev/null\n@@ deleted empty file @@\n"
                : String.join("\n", lines) + "\n";
    }

    /** The {@code .gitignore} with {@code /backups/} added, or empty when it already ignores it. */
    private static Optional<GeneratedFile> gitignoreUpdate(Path root) throws IOException {
        String current = readIfExists(root.resolve(GITIGNORE)).orElse("");
        boolean ignored = current.lines()
                .map(String::trim)
                .map(line -> line.replaceAll("^/|/$", ""))
                .anyMatch(line -> line.equals(ProjectLayout.BACKUP_DIRECTORY));
        if (ignored) {
            return Optional.empty();
        }
        String separator = current.isEmpty() || current.endsWith("\n") ? "" : "\n";
        String updated = current + separator + "# database dumps taken by dockstart's backup sidecar\n" + BACKUPS_IGNORE_LINE + "\n";
        return Optional.of(new GeneratedFile(GITIGNORE, updated, false));
    }

    static Optional<String> readIfExists(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String unifiedDiff(String path, String before, String after) {
        List<String> original = before == null ? List.of() : before.lines().toList();
        List<String> revised = after.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
                before == null ? "/dev/null" : "a/" + path, "b/" + path, original,
                DiffUtils.diff(original, revised), 3);
        if (lines.isEmpty()) {
            // no lines differ: a new empty file, or only line endings or the final newline changed
            return (before == null ? "--- /dev/null" : "--- a/" + path) + "\n+++ b/" + path + "\n"
                    + (before == null ? "@@ new empty file @@\n" : "@@ whitespace only @@\n");
        }
        return String.join("\n", lines) + "\n";
    }

    /** Writes beside the target and moves into place, so a crash never leaves a half-written file. */
    private static void writeAtomically(Path target, String content, boolean executable) throws IOException {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            AtomicFiles.write(target, content, executable ? EXECUTABLE : REGULAR);
        } catch (IOException e) {
            // a full disk's exception names no file: name the one being written
            throw new FileAccessException("write", target, e);
        }
    }

    private static void setPermissions(Path file, boolean executable) throws IOException {
        AtomicFiles.setPermissions(file, executable ? EXECUTABLE : REGULAR);
    }
}
