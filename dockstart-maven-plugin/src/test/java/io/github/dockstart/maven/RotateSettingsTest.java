package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad retention setting on {@code rotate} is the user's error, naming the property, never an internal one. */
class RotateSettingsTest {

    @TempDir
    Path root;

    @SuppressWarnings("deprecation")
    private RotateMojo mojo() {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setFile(new File(root.toFile(), "pom.xml"));
        project.setExecutionRoot(true);
        MavenSession session = new MavenSession(null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
        session.setProjects(List.of(project));
        session.getRequest().setPom(project.getFile());
        RotateMojo mojo = new RotateMojo();
        mojo.project = project;
        mojo.session = session;
        mojo.retentionDays = "7";
        mojo.keepMin = "3";
        return mojo;
    }

    @Test
    void aNegativeRetentionNamesTheProperty() {
        RotateMojo mojo = mojo();
        mojo.retentionDays = "-1";

        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("dockstart.retentionDays='-1' is not a whole number of days (0 or more).");
    }

    @Test
    void aBadMultipartSettingNamesThePropertyAndValue() {
        RotateMojo mojo = mojo();
        mojo.s3Bucket = "team-backups";
        mojo.s3PartSizeMb = "4";

        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("dockstart.s3.partSizeMb='4' is not a whole number of MiB from 5 to 5120 (S3's limits for a part).");
    }

    @Test
    void aNegativeKeepMinNamesTheProperty() {
        RotateMojo mojo = mojo();
        mojo.keepMin = "-2";

        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("dockstart.keepMin='-2' is not a whole number (0 or more).");
    }

    @Test
    void aBadPeriodToKeepNamesTheProperty() {
        RotateMojo mojo = mojo();
        mojo.keepWeekly = "four";

        assertThatThrownBy(mojo::execute).isExactlyInstanceOf(MojoFailureException.class)
                .hasMessage("dockstart.keepWeekly='four' is not a whole number (0 or more).");
    }
}
