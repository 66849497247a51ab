package io.github.dockstart.maven;

import io.github.dockstart.log.DockstartLog;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Backs up every database now (or {@code -Ddockstart.service=NAME}) into {@code ./backups/}, with
 * the sidecar's names, format and checksums; with a bucket set ({@code -Ddockstart.s3.bucket}),
 * copies each to it like the sidecar.
 */
@Mojo(name = "backup", requiresProject = true, threadSafe = true)
public class BackupMojo extends AbstractEngineMojo {

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) throws IOException {
        engine(projectRoot, log).backup(service).forEach(file -> log.info("Backup written: " + projectRoot.relativize(file)));
    }
}
