package io.github.dockstart.maven;

import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.output.GeneratedFileWriter;
import io.github.dockstart.output.WriteOptions;
import io.github.dockstart.output.WriteReport;
import io.github.dockstart.rendering.DevcontainerRenderer;
import io.github.dockstart.rendering.GeneratedFile;
import io.github.dockstart.rendering.RemoteStorage;
import io.github.dockstart.rendering.RenderOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code .devcontainer/} (Compose stack, Dockerfiles, backup sidecar scripts) and
 * {@code backups/.gitkeep} for the detected databases, and keeps {@code backups/} in
 * {@code .gitignore}. Rewrites only files whose content changed, and never a file edited by hand
 * unless forced. Bound to {@code initialize} when used in an {@code <execution>}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.INITIALIZE, requiresProject = true, threadSafe = true)
public class GenerateMojo extends AbstractDockstartMojo {

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

    /**
     * Have the sidecar copy each backup to this S3-compatible bucket (AWS S3, MinIO, GCS with HMAC
     * keys). Credentials are never written into the Compose file: they come from the environment
     * that starts the stack, or from the files named below. Set with {@code -Ddockstart.s3.bucket}.
     */
    @Parameter(property = PropertyNames.S3_BUCKET)
    String s3Bucket;

    /** Key prefix of the backups in the bucket. Set with {@code -Ddockstart.s3.prefix}. */
    @Parameter(property = PropertyNames.S3_PREFIX)
    String s3Prefix;

    /** Endpoint URL of a store other than AWS S3. Set with {@code -Ddockstart.s3.endpoint}. */
    @Parameter(property = PropertyNames.S3_ENDPOINT)
    String s3Endpoint;

    /** The bucket's region. Set with {@code -Ddockstart.s3.region}. */
    @Parameter(property = PropertyNames.S3_REGION)
    String s3Region;

    /** A file of the project holding the access key id. Set with {@code -Ddockstart.s3.accessKeyIdFile}. */
    @Parameter(property = PropertyNames.S3_ACCESS_KEY_ID_FILE)
    String s3AccessKeyIdFile;

    /** A file of the project holding the secret access key. Set with {@code -Ddockstart.s3.secretAccessKeyFile}. */
    @Parameter(property = PropertyNames.S3_SECRET_ACCESS_KEY_FILE)
    String s3SecretAccessKeyFile;

    @Override
    protected void doExecute(Path projectRoot, DockstartLog log) {
        ProjectModel model = new ProjectDetector(log).detect(projectRoot);
        RenderOptions options = s3Bucket == null || s3Bucket.isBlank() ? RenderOptions.DEFAULT
                : RenderOptions.DEFAULT.withRemoteStorage(new RemoteStorage(s3Bucket, s3Prefix, s3Endpoint, s3Region,
                        s3AccessKeyIdFile, s3SecretAccessKeyFile));
        List<GeneratedFile> files = new DevcontainerRenderer().render(model, options);
        WriteReport report = new GeneratedFileWriter(log).write(projectRoot, files, new WriteOptions(force, dryRun));

        if (!model.hasDatabases()) {
            log.info(NO_DATABASE);
        }
        String verb = dryRun ? "Would write " : "Wrote ";
        report.written().forEach(path -> log.info(verb + path));
        report.unchanged().forEach(path -> log.debug("Unchanged " + path));
        report.keptEdited().forEach(path -> log.warn("Kept " + path + ": it was edited by hand since dockstart wrote it; -D"
                + PropertyNames.FORCE + " overwrites it."));
        if (dryRun) {
            if (report.diff().isEmpty()) {
                log.info("Dry run: nothing would change.");
            } else {
                log.info("Dry run, nothing written; this would change (passwords hidden):");
                SecretMask.of(model).apply(report.diff()).lines().forEach(log::info);
            }
        }
        log.info(summary(report));
    }

    private String summary(WriteReport report) {
        return "dockstart: " + report.written().size() + (dryRun ? " would be written, " : " written, ")
                + report.unchanged().size() + " unchanged, " + report.keptEdited().size() + " kept as edited.";
    }
}
