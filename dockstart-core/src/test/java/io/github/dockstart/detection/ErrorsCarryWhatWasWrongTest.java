package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dockstart.access.Via;
import io.github.dockstart.backup.BackupDirectory;
import io.github.dockstart.model.InvalidFileException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.settings.PropertyNames;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user error carries what was wrong, as data a second front end can word in its own terms: the
 * setting and its value, or the file and line; the sentence is the one Maven prints.
 */
class ErrorsCarryWhatWasWrongTest {

    @TempDir
    Path dir;

    @Test
    void aBadSettingCarriesItsNameAndValue() {
        InvalidSettingException days = catchThrowableOfType(
                () -> SidecarSettings.of(null, null, "a week", null, null, null), InvalidSettingException.class);
        assertThat(days.setting()).isEqualTo(PropertyNames.RETENTION_DAYS);
        assertThat(days.value()).isEqualTo("a week");
        assertThat(days).hasMessage("dockstart.retentionDays='a week' is not a whole number of days (0 or more).");

        InvalidSettingException via = catchThrowableOfType(() -> Via.parse("ssh"), InvalidSettingException.class);
        assertThat(via.setting()).isEqualTo(PropertyNames.VIA);
        assertThat(via.value()).isEqualTo("ssh");

        InvalidSettingException backup = catchThrowableOfType(
                () -> new BackupDirectory(dir.resolve("backups"), dir).resolve("../../etc/passwd", null),
                InvalidSettingException.class);
        assertThat(backup.setting()).isEqualTo(PropertyNames.BACKUP);
        assertThat(backup.value()).isEqualTo("../../etc/passwd");
    }

    @Test
    void aBadFileCarriesTheFileAndTheLine() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", "spring.datasource.username=demo\n"
                        + "spring.datasource.url=jdbc:postgresql://localhost:99999/demo\n");

        InvalidFileException e = catchThrowableOfType(project::detect, InvalidFileException.class);

        assertThat(e.file()).isEqualTo("src/main/resources/application.properties");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e).hasMessageStartingWith("src/main/resources/application.properties:2: ");
    }

    @Test
    void aBrokenPomCarriesItsLine() {
        SampleProject project = new SampleProject(dir).file("pom.xml", "<project>\n  <artifactId>demo\n</project>\n");

        InvalidFileException e = catchThrowableOfType(project::detect, InvalidFileException.class);

        assertThat(e.file()).isEqualTo("pom.xml");
        assertThat(e.line()).isEqualTo(3);
    }
}
