package io.github.dockstart.restore;

import io.github.dockstart.access.DatabaseAccess;
import io.github.dockstart.access.Drillable;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.output.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A restore drill: proves that a backup restores, without touching the live database. After the
 * same checks as a restore, the backup is loaded into a throwaway target ({@link Drillable}: a new
 * database {@code {db}_drill_{time}} on the same server, dropped again however the load ends, or
 * a temporary copy of an SQLite file), and its figures are compared with the live database's now.
 * The verdict goes beside the backup as {@code {backup}.restore-test}, in the same form as the
 * sidecar's {@code restore.sh --drill} writes it:
 * <ul>
 * <li>passed: the backup loaded and every figure equals the live one;</li>
 * <li>differs: it loaded, but figures differ from the live database now. Writes since the backup
 * do that too, so this is a warning, and the differing figures are listed;</li>
 * <li>failed: it did not load (or its copy cannot be read);</li>
 * <li>skipped: it could not be drilled here, which says nothing against it (a Redis snapshot
 * newer than the server at hand).</li>
 * </ul>
 */
public final class RestoreDrill {

    public enum Verdict {
        PASSED, DIFFERS, FAILED, SKIPPED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What one drill found. */
    public record Result(Path file, Verdict verdict, String reason, List<String> figures, List<String> differences) {
    }

    /** The verdict and date a {@code .restore-test} file holds, for {@code list}. */
    public record Summary(String verdict, String date) {
        public boolean failed() {
            return Verdict.FAILED.word().equals(verdict);
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");
    private static final int BUFFER = 1 << 16;

    private final DockstartLog log;
    private final Clock clock;

    public RestoreDrill(DockstartLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Drills {@code file}, a backup of {@code service}; the result is also written beside it. */
    public Result run(DatabaseService service, Path file, DatabaseAccess access) throws IOException {
        if (!(access instanceof Drillable drillable)) {
            throw new InvalidInputException("The host has no restore drill for " + service.type() + " (service " + service.name()
                    + "); the sidecar's drill.sh drills it (BACKUP_RESTORE_TEST).");
        }
        Instant started = clock.instant();
        String name = file.getFileName().toString();
        BackupVerifier.Verdict checked = new BackupVerifier().verify(file, Optional.of(service.type()));
        if (!checked.good()) {
            return finish(service, file, started, null, Verdict.FAILED, checked.problem().orElseThrow(), List.of(), List.of());
        }
        log.info("Verified " + name + " (gzip stream, checksum and " + service.type() + " content); drilling its restore.");
        String stamp = ZonedDateTime.ofInstant(started, clock.getZone()).format(PostgresSwapRestore.STAMP);
        Drillable.Throwaway restored;
        try (InputStream dump = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER), BUFFER)) {
            restored = drillable.loadThrowaway(stamp, dump);
        } catch (Drillable.ThrowawayFailed e) {
            return finish(service, file, started, e.target(), Verdict.FAILED, e.getMessage(), List.of(), List.of());
        } catch (Drillable.ThrowawaySkipped e) {
            return finish(service, file, started, null, Verdict.SKIPPED, e.getMessage(), List.of(), List.of());
        }
        restored.warning().ifPresent(log::warn);
        List<String> live;
        try {
            live = drillable.liveFigures();
        } catch (IOException e) {
            log.warn("Cannot read the figures of the live database (" + e.getMessage() + "); the restored copy is not compared.");
            return finish(service, file, started, restored.description(), Verdict.PASSED,
                    "restored; not compared: the live database could not be read", restored.figures(), List.of());
        }
        List<String> differences = differences(live, restored.figures());
        return finish(service, file, started, restored.description(), differences.isEmpty() ? Verdict.PASSED : Verdict.DIFFERS,
                null, restored.figures(), differences);
    }

    private Result finish(DatabaseService service, Path file, Instant started, String target, Verdict verdict, String reason,
                          List<String> figures, List<String> differences) throws IOException {
        Instant now = clock.instant();
        List<String> text = new ArrayList<>();
        text.add("# dockstart restore drill of " + file.getFileName());
        text.add("verdict: " + verdict.word());
        text.add("date: " + ZonedDateTime.ofInstant(now, clock.getZone()).format(DATE));
        text.add("duration: " + Duration.between(started, now).toSeconds() + " s");
        text.add("container: " + service.name() + " (" + service.type().id() + ")");
        text.add("restored into: " + (target == null ? "nothing (the drill stopped before)" : target));
        if (reason != null) {
            text.add("reason: " + reason.replace('\n', ' '));
        }
        if (!figures.isEmpty() || verdict != Verdict.FAILED) {
            text.add("figures of the restored copy: " + figures.size());
            figures.forEach(f -> text.add("  " + f));
        }
        if (!differences.isEmpty()) {
            text.add("differences from the live database now (- live, + restored):");
            differences.forEach(d -> text.add("  " + d));
        }
        // 0600, in one rename: a reader sees the old result or the new one
        AtomicFiles.write(file.resolveSibling(file.getFileName() + BackupFileName.DRILL_RESULT_SUFFIX),
                String.join("\n", text) + "\n", PosixFilePermissions.fromString("rw-------"));
        switch (verdict) {
            case PASSED -> log.info("Drill of " + file.getFileName() + " passed: restored into " + target + ", its " + figures.size()
                    + " figures " + (reason == null ? "equal the live database's." : "(" + reason + ")."));
            case DIFFERS -> {
                log.warn("Drill of " + file.getFileName() + ": it restores, but " + differences.size() + " figures differ from the live"
                        + " database now (writes since the backup do that too):");
                differences.stream().limit(20).forEach(d -> log.warn("  " + d));
            }
            case FAILED -> log.warn("Drill of " + file.getFileName() + " FAILED: " + reason);
            case SKIPPED -> log.warn("Drill of " + file.getFileName() + " skipped: " + reason);
        }
        return new Result(file, verdict, reason, figures, differences);
    }

    /**
     * Each figure of one side that the other lacks, as {@code "- live"} or {@code "+ restored"},
     * ordered by the figure (as restore.sh's awk and sort).
     */
    static List<String> differences(List<String> live, List<String> restored) {
        Map<String, Integer> unmatched = new HashMap<>();
        live.forEach(l -> unmatched.merge(l, 1, Integer::sum));
        List<String> result = new ArrayList<>();
        for (String r : restored) {
            if (unmatched.getOrDefault(r, 0) > 0) {
                unmatched.merge(r, -1, Integer::sum);
            } else {
                result.add("+ " + r);
            }
        }
        unmatched.forEach((l, n) -> {
            for (int i = 0; i < n; i++) {
                result.add("- " + l);
            }
        });
        result.sort(Comparator.comparing((String d) -> d.substring(2).getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned)
                .thenComparing(d -> d));
        return result;
    }

    /** The verdict and date of the last drill of {@code backup}, if there was one. */
    public static Optional<Summary> last(Path backup) {
        Path file = backup.resolveSibling(backup.getFileName() + BackupFileName.DRILL_RESULT_SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String verdict = null;
        String date = "";
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : lines.limit(10).toList()) {
                if (line.startsWith("verdict: ")) {
                    verdict = line.substring("verdict: ".length()).strip();
                } else if (line.startsWith("date: ")) {
                    date = line.substring("date: ".length()).strip();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.of(new Summary("unreadable", ""));
        }
        return verdict == null ? Optional.empty() : Optional.of(new Summary(verdict, date));
    }
}
