package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.SafetyRetention;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sidecar's scripts keep their own defaults (they run unchanged outside the container, with no
 * environment from {@code generate}); those defaults are the Java ones of {@link SidecarSettings}
 * (and {@link SafetyRetention}), which {@code generate} writes into the Compose file and {@code rotate} uses on the host.
 */
class ScriptDefaultsTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void libShDefaultsAreTheJavaDefaults() throws IOException {
        BusyboxShell shell = BusyboxShell.create(servers.newDirectory("ds-defaults").resolve("sh"));
        // empty is unset for ${VAR:-default}; TZ is set by the shell's base environment otherwise
        Exec.Result result = shell.sh(Map.of("LIB", shell.script("lib.sh").toString(), "TZ", ""), """
                . "$LIB"
                printf '%s\\n' "$BACKUP_RETENTION_DAYS" "$BACKUP_KEEP_MIN" "$BACKUP_SCHEDULE" "$TZ" "$BACKUP_SAFETY_KEEP" \\
                  "$BACKUP_KEEP_DAILY" "$BACKUP_KEEP_WEEKLY" "$BACKUP_KEEP_MONTHLY"
                """);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines().toList()).containsExactly(
                String.valueOf(SidecarSettings.DEFAULT_RETENTION_DAYS), String.valueOf(SidecarSettings.DEFAULT_KEEP_MIN),
                SidecarSettings.DEFAULT_SCHEDULE, SidecarSettings.DEFAULT_TIME_ZONE, String.valueOf(SafetyRetention.DEFAULT_KEEP),
                String.valueOf(SidecarSettings.DEFAULT_KEEP_DAILY), String.valueOf(SidecarSettings.DEFAULT_KEEP_WEEKLY),
                String.valueOf(SidecarSettings.DEFAULT_KEEP_MONTHLY));
    }

    /** A script that falls back on its own (s3.sh's rotation, say) falls back on the same values. */
    @Test
    void everyFallbackInTheScriptsIsTheJavaDefault() throws IOException {
        Map<String, String> defaults = Map.of(
                "BACKUP_RETENTION_DAYS", String.valueOf(SidecarSettings.DEFAULT_RETENTION_DAYS),
                "BACKUP_KEEP_MIN", String.valueOf(SidecarSettings.DEFAULT_KEEP_MIN),
                "BACKUP_SCHEDULE", SidecarSettings.DEFAULT_SCHEDULE,
                "TZ", SidecarSettings.DEFAULT_TIME_ZONE,
                "BACKUP_SAFETY_KEEP", String.valueOf(SafetyRetention.DEFAULT_KEEP),
                "BACKUP_KEEP_DAILY", String.valueOf(SidecarSettings.DEFAULT_KEEP_DAILY),
                "BACKUP_KEEP_WEEKLY", String.valueOf(SidecarSettings.DEFAULT_KEEP_WEEKLY),
                "BACKUP_KEEP_MONTHLY", String.valueOf(SidecarSettings.DEFAULT_KEEP_MONTHLY));
        Pattern fallback = Pattern.compile("\\$\\{(BACKUP_RETENTION_DAYS|BACKUP_KEEP_MIN|BACKUP_SCHEDULE|TZ|BACKUP_SAFETY_KEEP"
                + "|BACKUP_KEEP_DAILY|BACKUP_KEEP_WEEKLY|BACKUP_KEEP_MONTHLY):-([^}]*)}");
        List<String> found = new ArrayList<>();
        List<String> different = new ArrayList<>();
        BusyboxShell shell = BusyboxShell.create(servers.newDirectory("ds-fallbacks").resolve("sh"));
        for (String script : BusyboxShell.SCRIPTS) {
            Matcher m = fallback.matcher(Files.readString(shell.script(script)));
            while (m.find()) {
                found.add(script + ": " + m.group());
                if (!m.group(2).equals(defaults.get(m.group(1)))) {
                    different.add(script + ": " + m.group());
                }
            }
        }
        assertThat(found).as("the fallbacks looked at").hasSizeGreaterThanOrEqualTo(8);
        assertThat(different).isEmpty();
    }
}
