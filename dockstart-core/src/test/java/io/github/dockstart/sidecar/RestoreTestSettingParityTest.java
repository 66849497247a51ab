package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.rendering.SidecarSettings;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code generate -Ddockstart.restoreTestSchedule} checks the drill setting in Java, the sidecar's
 * entrypoint checks {@code BACKUP_RESTORE_TEST} again ({@code check_restore_test} in schedule.sh): what
 * Java writes, the sidecar accepts with the same meaning; what Java refuses, the sidecar refuses too.
 */
class RestoreTestSettingParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @ParameterizedTest
    @ValueSource(strings = {"off", "after-backup", "@weekly", "0 4 * * sun", " 30  2 * * 1-5 ", "@daily"})
    void whatJavaWritesTheSidecarAcceptsWithTheSameMeaning(String value) {
        String written = SidecarSettings.DEFAULTS.withRestoreTest(value).restoreTest();

        Exec.Result check = sidecar(written, "check_restore_test && restore_test_mode");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        String mode = written.equals("off") || written.equals("after-backup") ? written : "schedule";
        assertThat(check.stdout()).as(check.toString()).isEqualTo(mode + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"weekly", "after backup", "OFF", "0 3 * *", "@reboot", "60 * * * *", "0 3 * * * ; id"})
    void whatJavaRefusesTheSidecarRefusesToo(String value) {
        assertThatThrownBy(() -> SidecarSettings.DEFAULTS.withRestoreTest(value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("dockstart.restoreTestSchedule='" + value + "' is neither off, after-backup nor a schedule");

        Exec.Result check = sidecar(value, "check_restore_test");
        assertThat(check.exitCode()).as(check.toString()).isNotZero();
        assertThat(check.stderr()).as(check.toString()).contains("BACKUP_RESTORE_TEST='" + value + "'");
    }

    private static Exec.Result sidecar(String value, String commands) {
        Sidecar sidecar = new Sidecar(servers);
        Map<String, String> env = new java.util.LinkedHashMap<>(sidecar.env);
        env.put("BACKUP_RESTORE_TEST", value);
        return sidecar.shell.sh(env, "set -eu; . '" + sidecar.shell.script("lib.sh") + "'; . '"
                + sidecar.shell.script("schedule.sh") + "'; " + commands);
    }
}
