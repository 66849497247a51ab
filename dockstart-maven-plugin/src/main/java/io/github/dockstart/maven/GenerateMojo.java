package io.github.dockstart.maven;

import io.github.dockstart.generation.DevcontainerGenerator;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.output.WriteReport;
import io.github.dockstart.rendering.RemoteStorage;
import io.github.dockstart.rendering.RenderOptions;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code .devcontainer/} (Compose stack, Dockerfiles, backup sidecar scripts) and
 * {@code backups/.gitkeep} for the detected databases, and keeps {@code backups/} in
 * {@code .gitignore}. Rewrites only files whose content changed; writes nothing at all when
 * {@code .devcontainer/} holds files it did not write or that were edited by hand, unless forced. Bound to {@code initialize} when used in an {@code <execution>}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = true, threadSafe = true)
public class GenerateMojo extends AbstractBucketMojo {

    static final String NO_DATABASE = "No database detected: the devcontainer has no backup sidecar.";

    /**
     * Overwrite generated files even when they were edited by hand since dockstart wrote them.
     * Set with {@code -Ddockstart.force}.
     */
    @Parameter(property = PropertyNames.FORCE, defaultValue = "false")
    boolean force;

    /** Print a unified diff of what would change and write nothing. Set with {@code -Ddockstart.dryRun}. */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    boolean dryRun;

    /** A file of the project holding the access key id. Set with {@code -Ddockstart.s3.accessKeyIdFile}. */
    @Parameter(property = PropertyNames.S3_ACCESS_KEY_ID_FILE)
    String s3AccessKeyIdFile;

    /** A file of the project holding the secret access key. Set with {@code -Ddockstart.s3.secretAccessKeyFile}. */
    @Parameter(property = PropertyNames.S3_SECRET_ACCESS_KEY_FILE)
    String s3SecretAccessKeyFile;

    /**
     * SQLite backups stop the app container around the copy and start it again, instead of copying
     * while the app runs; the sidecar then mounts the Docker socket. Set with
     * {@code -Ddockstart.sqlite.stopApp}.
     */
    @Parameter(property = PropertyNames.SQLITE_STOP_APP, defaultValue = "false")
    boolean sqliteStopApp;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) {
        RenderOptions options = (hasBucket()
                ? RenderOptions.DEFAULT.withRemoteStorage(new RemoteStorage(s3Bucket, s3Prefix, s3Endpoint, s3Region,
                        s3AccessKeyIdFile, s3SecretAccessKeyFile))
                : RenderOptions.DEFAULT).withSqliteStopsApp(sqliteStopApp);
        DevcontainerGenerator.Result result = new DevcontainerGenerator(log)
                .generate(projectRoot, effectivePoms(), options, new WriteOptions(force, dryRun), dockstartBuild());
        WriteReport report = result.report();

        if (result.model().isPresent() && !result.model().get().hasDatabases()) {
            log.info(NO_DATABASE);
        }
        String verb = dryRun ? "Would write " : "Wrote ";
        report.written().forEach(path -> log.info(verb + path));
        report.unchanged().forEach(path -> log.debug("Unchanged " + path));
        if (dryRun) {
            if (report.diff().isEmpty()) {
                log.info("Dry run: nothing would change.");
            } else {
                log.info("Dry run, nothing written; this would change (passwords hidden):");
                SecretMask.of(result.model().orElseThrow()).apply(report.diff()).lines().forEach(log::info);
            }
        }
        log.info(summary(report));
    }

    /** The plugin's and the core's jars, by size and time: a rebuilt dockstart never counts as up to date. */
    private static String dockstartBuild() {
        return Stream.of(GenerateMojo.class, DevcontainerGenerator.class)
                .map(type -> type.getProtectionDomain().getCodeSource())
                .map(GenerateMojo::jarIdentity)
                .collect(Collectors.joining("+"));
    }

    private static String jarIdentity(CodeSource source) {
        if (source == null) {
            return "?";
        }
        try {
            File file = new File(source.getLocation().toURI());
            return file.getName() + ":" + file.length() + ":" + file.lastModified();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    private String summary(WriteReport report) {
        return "dockstart: " + report.written().size() + (dryRun ? " would be written, " : " written, ")
                + report.unchanged().size() + " unchanged.";
    }
}
