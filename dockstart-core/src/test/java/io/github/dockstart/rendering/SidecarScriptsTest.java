package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.Models.postgres;
import static io.github.dockstart.rendering.Models.project;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@link SidecarScripts} is the one list of the sidecar's scripts: what a script sources or runs
 * is in it, what is in it is rendered, and no script lies in the resources unlisted. A file added
 * to the scripts without the list would be missing from the sidecar (and from the tests' shell).
 */
class SidecarScriptsTest {

    /** {@code . "$SCRIPT_DIR/NAME"}: a file sourced from the scripts' own directory. */
    private static final Pattern SOURCES = Pattern.compile("(?m)^\\s*\\.\\s+\"?\\$(?:\\{SCRIPT_DIR\\}|SCRIPT_DIR)/([^\"\\s]+)\"?");
    /** Any use of a file beside the script ({@code sh "$SCRIPT_DIR/backup.sh"}, say). */
    private static final Pattern REFERS = Pattern.compile("\\$(?:\\{SCRIPT_DIR\\}|SCRIPT_DIR)/([A-Za-z0-9_.-]+)");

    @Test
    void everyFileAScriptSourcesIsAListedSourcedFileAndEveryOtherFileItUsesIsListed() {
        Map<String, List<String>> sourcedBy = sourcedBy();
        assertThat(sourcedBy.keySet()).as("files sourced by the scripts").isSubsetOf(SidecarScripts.SOURCED);
        for (String script : SidecarScripts.ALL) {
            assertThat(SidecarScripts.FILES).as("files beside it that " + script + " uses")
                    .containsAll(names(REFERS, script));
        }
    }

    @Test
    void everyListedSourcedFileIsSourcedAndTheCommandsSourceLibFirst() {
        Map<String, List<String>> sourcedBy = sourcedBy();
        assertThat(sourcedBy.keySet()).as("sourced files nothing sources").containsAll(SidecarScripts.SOURCED);
        for (String command : SidecarScripts.COMMANDS) {
            assertThat(names(SOURCES, command)).as(command + " sources lib.sh first").startsWith("lib.sh");
        }
        assertThat(sourcedBy.get("schedule.sh")).containsExactlyInAnyOrder("entrypoint.sh", "healthcheck.sh");
    }

    @Test
    void everyScriptInTheResourcesIsListedAndEveryListedOneIsRendered() throws IOException, URISyntaxException {
        Path dir = Path.of(SidecarScripts.class.getResource(SidecarScripts.RESOURCE).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(SidecarScripts.FILES);
        }
        List<String> rendered = new ArrayList<>();
        for (GeneratedFile file : new DevcontainerRenderer().render(project(postgres()))) {
            if (file.path().startsWith(".devcontainer/scripts/")) {
                rendered.add(file.path().substring(".devcontainer/scripts/".length()));
                assertThat(file.content()).isEqualTo(SidecarScripts.text(rendered.get(rendered.size() - 1)));
            }
        }
        assertThat(rendered).containsExactlyInAnyOrderElementsOf(SidecarScripts.FILES);
    }

    /** Sourced file → the listed scripts that source it. */
    private static Map<String, List<String>> sourcedBy() {
        Map<String, List<String>> sourcedBy = new LinkedHashMap<>();
        for (String script : SidecarScripts.ALL) {
            for (String sourced : names(SOURCES, script)) {
                sourcedBy.computeIfAbsent(sourced, name -> new ArrayList<>()).add(script);
            }
        }
        return sourcedBy;
    }

    /** The file names {@code pattern} finds in the script, in order. */
    private static List<String> names(Pattern pattern, String script) {
        List<String> names = new ArrayList<>();
        Matcher matcher = pattern.matcher(SidecarScripts.text(script));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
