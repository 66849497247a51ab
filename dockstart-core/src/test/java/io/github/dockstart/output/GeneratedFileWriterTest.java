package io.github.dockstart.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.rendering.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFileWriterTest {

    private static final WriteOptions NORMAL = new WriteOptions(false, false);

    @TempDir
    Path root;

    private final GeneratedFileWriter writer = new GeneratedFileWriter(DockstartLog.SILENT);

    private static List<GeneratedFile> files(String composeContent) {
        return List.of(
                new GeneratedFile(".devcontainer/docker-compose.yml", composeContent, false),
                new GeneratedFile(".devcontainer/scripts/backup.sh", "#!/bin/sh\necho backup\n", true),
                new GeneratedFile("backups/.gitkeep", "", false));
    }

    @Test
    void firstRunWritesEveryFileWithItsPermissions() throws IOException {
        WriteReport report = writer.write(root, files("services: {}\n"), NORMAL);

        assertThat(report.written()).containsExactly(".devcontainer/docker-compose.yml",
                ".devcontainer/scripts/backup.sh", "backups/.gitkeep", ".gitignore");
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).hasContent("services: {}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".devcontainer/scripts/backup.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(root.resolve("backups/.gitkeep")).exists().isEmptyFile();
    }

    @Test
    void secondRunWritesNothing() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);
        Path compose = root.resolve(".devcontainer/docker-compose.yml");
        Path manifest = root.resolve(WriteManifest.PATH);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(compose, old);
        Files.setLastModifiedTime(manifest, old);

        WriteReport again = writer.write(root, files("services: {}\n"), NORMAL);

        assertThat(again.written()).isEmpty();
        assertThat(again.unchanged()).hasSize(3);
        assertThat(again.diff()).isEmpty();
        assertThat(Files.getLastModifiedTime(compose)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(old);
    }

    @Test
    void changedOutputReplacesOwnFile() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);

        WriteReport report = writer.write(root, files("services:\n  app: {}\n"), NORMAL);

        assertThat(report.written()).containsExactly(".devcontainer/docker-compose.yml");
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).hasContent("services:\n  app: {}");
    }

    @Test
    void aFileEditedByHandStopsTheWholeRunUnlessForced() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);
        Path compose = root.resolve(".devcontainer/docker-compose.yml");
        Path script = root.resolve(".devcontainer/scripts/backup.sh");
        Files.writeString(compose, "services: {} # mine\n");
        Files.delete(script);

        assertThatThrownBy(() -> writer.write(root, files("services:\n  app: {}\n"), NORMAL))
                .isInstanceOf(ForeignFilesException.class)
                .hasMessageStartingWith(".devcontainer/docker-compose.yml was not written by dockstart, or changed by hand")
                .hasMessageContaining("generate wrote nothing").hasMessageContaining("-Ddockstart.force");
        // nothing half written: the edit stays, the deleted generated file stays deleted
        assertThat(compose).hasContent("services: {} # mine");
        assertThat(script).doesNotExist();

        WriteReport forced = writer.write(root, files("services:\n  app: {}\n"), new WriteOptions(true, false));
        assertThat(forced.written()).containsExactly(".devcontainer/docker-compose.yml", ".devcontainer/scripts/backup.sh");
        assertThat(compose).hasContent("services:\n  app: {}");

        // once forced, the file is dockstart's again and follows later changes
        WriteReport later = writer.write(root, files("services: {}\n"), NORMAL);
        assertThat(later.written()).containsExactly(".devcontainer/docker-compose.yml");
    }

    @Test
    void aDevcontainerDirectoryThatWasThereBeforeDockstartIsLeftWhole() throws IOException {
        Path devcontainer = Files.createDirectories(root.resolve(".devcontainer"));
        Files.writeString(devcontainer.resolve("devcontainer.json"), "{ // mine\n \"image\": \"java:21\",\n}\n");
        Files.createDirectories(devcontainer.resolve("hooks"));
        Files.writeString(devcontainer.resolve("hooks/post-create.sh"), "echo hi\n");

        assertThatThrownBy(() -> writer.write(root, files("services: {}\n"), NORMAL))
                .isInstanceOf(ForeignFilesException.class)
                .satisfies(e -> assertThat(((ForeignFilesException) e).files())
                        .containsExactly(".devcontainer/devcontainer.json", ".devcontainer/hooks/post-create.sh"));
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).doesNotExist();
        assertThat(root.resolve("backups")).doesNotExist();
        assertThat(root.resolve(".gitignore")).doesNotExist();
        assertThat(root.resolve(WriteManifest.PATH)).doesNotExist();

        // forced: the generated files are written, the user's other files stay as they are
        writer.write(root, files("services: {}\n"), new WriteOptions(true, false));
        assertThat(devcontainer.resolve("hooks/post-create.sh")).hasContent("echo hi");
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).hasContent("services: {}");
    }

    @Test
    void filesDockstartWroteBeforeButNoLongerGeneratesAreNotTheUsers() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);

        WriteReport fewer = writer.write(root, List.of(new GeneratedFile(".devcontainer/docker-compose.yml",
                "services: {}\n", false)), NORMAL);

        assertThat(fewer.unchanged()).containsExactly(".devcontainer/docker-compose.yml");
    }

    @Test
    void dryRunPrintsUnifiedDiffAndWritesNothing() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);
        Path compose = root.resolve(".devcontainer/docker-compose.yml");
        byte[] before = Files.readAllBytes(compose);
        byte[] manifestBefore = Files.readAllBytes(root.resolve(WriteManifest.PATH));

        WriteReport report = writer.write(root, files("services:\n  app: {}\n"), new WriteOptions(false, true));

        assertThat(report.written()).containsExactly(".devcontainer/docker-compose.yml");
        assertThat(report.diff()).contains("--- a/.devcontainer/docker-compose.yml", "+++ b/.devcontainer/docker-compose.yml",
                "-services: {}", "+services:", "+  app: {}");
        assertThat(Files.readAllBytes(compose)).isEqualTo(before);
        assertThat(Files.readAllBytes(root.resolve(WriteManifest.PATH))).isEqualTo(manifestBefore);
    }

    @Test
    void dryRunOnEmptyProjectCreatesNoFile() throws IOException {
        WriteReport report = writer.write(root, files("services: {}\n"), new WriteOptions(false, true));

        assertThat(report.diff()).contains("--- /dev/null", "+++ b/backups/.gitkeep", "+++ b/.gitignore", "+/backups/")
                .doesNotContain("--- a/");
        try (var entries = Files.list(root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void gitignoreGetsBackupsOnceAndKeepsItsLines() throws IOException {
        Files.writeString(root.resolve(".gitignore"), "target/");

        writer.write(root, files("services: {}\n"), NORMAL);
        writer.write(root, files("services: {}\n"), NORMAL);

        assertThat(root.resolve(".gitignore")).content()
                .startsWith("target/\n")
                .containsOnlyOnce("/backups/");
    }

    @Test
    void existingBackupsIgnoreLineIsRespected() throws IOException {
        Files.writeString(root.resolve(".gitignore"), "backups/\n");

        WriteReport report = writer.write(root, files("services: {}\n"), NORMAL);

        assertThat(report.written()).doesNotContain(".gitignore");
        assertThat(root.resolve(".gitignore")).hasContent("backups/");
    }

    private static List<GeneratedFile> withoutScripts(String composeContent) {
        return List.of(new GeneratedFile(".devcontainer/docker-compose.yml", composeContent, false),
                new GeneratedFile("backups/.gitkeep", "", false));
    }

    @Test
    void aFileDockstartNoLongerGeneratesIsRemovedWithItsEmptyDirectory() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);

        WriteReport report = writer.write(root, withoutScripts("services: {}\n"), NORMAL);

        assertThat(report.removed()).containsExactly(".devcontainer/scripts/backup.sh");
        assertThat(report.written()).isEmpty();
        assertThat(report.diff()).contains("--- a/.devcontainer/scripts/backup.sh", "+++ /dev/null", "-echo backup");
        assertThat(root.resolve(".devcontainer/scripts")).doesNotExist();
        assertThat(root.resolve(".devcontainer/docker-compose.yml")).exists();
        assertThat(root.resolve(WriteManifest.PATH)).content().doesNotContain("backup.sh");
        // and the next run is quiet again
        assertThat(writer.write(root, withoutScripts("services: {}\n"), NORMAL).removed()).isEmpty();
    }

    @Test
    void aFileNoLongerGeneratedButEditedByHandStopsTheRunAndIsNeverDeleted() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);
        Path script = root.resolve(".devcontainer/scripts/backup.sh");
        Files.writeString(script, "#!/bin/sh\necho my own backup\n");

        assertThatThrownBy(() -> writer.write(root, withoutScripts("services: {}\n"), NORMAL))
                .isInstanceOf(ForeignFilesException.class).hasMessageContaining(".devcontainer/scripts/backup.sh");
        assertThat(script).hasContent("#!/bin/sh\necho my own backup");

        // forced, the generated files are written and the user's edit still stays
        WriteReport forced = writer.write(root, withoutScripts("services: {}\n"), new WriteOptions(true, false));
        assertThat(forced.removed()).isEmpty();
        assertThat(script).hasContent("#!/bin/sh\necho my own backup");
    }

    @Test
    void aDryRunShowsTheRemovalAndRemovesNothing() throws IOException {
        writer.write(root, files("services: {}\n"), NORMAL);

        WriteReport report = writer.write(root, withoutScripts("services: {}\n"), new WriteOptions(false, true));

        assertThat(report.removed()).containsExactly(".devcontainer/scripts/backup.sh");
        assertThat(report.diff()).contains("+++ /dev/null");
        assertThat(root.resolve(".devcontainer/scripts/backup.sh")).exists();
        assertThat(root.resolve(WriteManifest.PATH)).content().contains("backup.sh");
    }
}
