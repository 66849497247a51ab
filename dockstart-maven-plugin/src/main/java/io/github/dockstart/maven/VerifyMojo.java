package io.github.dockstart.maven;

import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.log.DockstartLog;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Checks every backup's gzip stream, checksum and content, each file read in full; fails the build naming each bad file. */
@Mojo(name = "verify", requiresProject = true, threadSafe = true)
public class VerifyMojo extends AbstractBackupsMojo {

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws MojoFailureException {
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
    }
}
