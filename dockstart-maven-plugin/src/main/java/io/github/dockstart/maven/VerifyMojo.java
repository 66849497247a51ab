package io.github.dockstart.maven;

import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.restore.RestoreDrill;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks every backup's gzip stream, checksum and content, each file read in full; fails the build naming each bad file.
 * With {@code -Ddockstart.restoreTest}, also a restore drill of the newest backup of each service (or of
 * {@code -Ddockstart.backup}): restored into a throwaway target and compared with the live database; a drill that fails
 * fails the build.
 */
@Mojo(name = "verify", requiresProject = true, threadSafe = true)
public class VerifyMojo extends AbstractEngineMojo {

    /** Also drill the restore of the newest backups (a throwaway database; the live one is only read). */
    @Parameter(property = PropertyNames.RESTORE_TEST, defaultValue = "false")
    boolean restoreTest;

    /** With {@code restoreTest}: the one backup to drill (a name in {@code ./backups/}, a path, or {@code latest}). */
    @Parameter(property = PropertyNames.BACKUP)
    String backup;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws MojoFailureException, IOException {
        BackupEngine engine = engine(projectRoot, log);
        List<BackupVerifier.Verdict> verdicts = engine.verify();
        List<BackupVerifier.Verdict> bad = verdicts.stream().filter(v -> !v.good()).toList();
        verdicts.stream().filter(BackupVerifier.Verdict::good).forEach(v -> log.info("OK  " + v.file().getFileName()));
        bad.forEach(v -> log.warn("BAD " + v.problem().orElseThrow()));
        ListMojo.warnFutureDated(engine, log);
        if (!bad.isEmpty()) {
            throw new MojoFailureException(bad.size() + " of " + verdicts.size() + " backups failed verification: "
                    + bad.stream().map(v -> v.file().getFileName().toString()).collect(Collectors.joining(", ")) + ".");
        }
        log.info("All " + verdicts.size() + " backups verified.");
        if (restoreTest) {
            List<RestoreDrill.Result> drills = engine.drill(backup, service);
            List<RestoreDrill.Result> failed = drills.stream().filter(r -> r.verdict() == RestoreDrill.Verdict.FAILED).toList();
            if (!failed.isEmpty()) {
                throw new MojoFailureException(failed.size() + " of " + drills.size() + " restore drills failed: "
                        + failed.stream().map(r -> r.file().getFileName() + " (" + r.reason() + ")").collect(Collectors.joining(", "))
                        + ".");
            }
            log.info(drills.size() + " restore drills done; each result is beside its backup as {backup}.restore-test.");
        }
    }
}
