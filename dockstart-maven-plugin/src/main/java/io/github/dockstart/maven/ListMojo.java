package io.github.dockstart.maven;

import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.BackupTable;
import io.github.dockstart.log.DockstartLog;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Lists the backups in {@code ./backups/}: service, type, taken at, age, size, verified or not (each
 * file read in full once, its good verdict remembered while it is unchanged); and, while the stack
 * runs, where each database is published on this machine. With a bucket, its backups too: each
 * complete or not, and with {@code -Ddockstart.ageIdentity} each encrypted copy downloaded,
 * decrypted and checked in full.
 */
@Mojo(name = "list", requiresProject = true, threadSafe = true)
public class ListMojo extends AbstractBackupsMojo {

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) {
        BackupEngine engine = engine(projectRoot, log);
        BackupTable.local(engine.list(), engine.directory().path()).forEach(log::info);
        warnFutureDated(engine, log);
        BackupTable.safetyCopies(engine.listSafetyCopies(), engine.directory().safetyPath()).forEach(log::info);
        BackupTable.safetyDatabases(engine.safetyDatabases()).forEach(log::info);
        if (hasBucket()) {
            BackupTable.remote(engine.remoteListings(), engine.now()).forEach(log::info);
        }
        engine.publishedAddresses().forEach((service, address) ->
                log.info("Database " + service + " of the running stack is reachable from this machine at " + address + "."));
    }

    /** Names each future-dated backup and what that means; shared with {@code verify}. */
    static void warnFutureDated(BackupEngine engine, DockstartLog log) {
        BackupTable.futureDated(engine.futureDated(), engine.now(), engine.zone()).forEach(log::warn);
    }
}
