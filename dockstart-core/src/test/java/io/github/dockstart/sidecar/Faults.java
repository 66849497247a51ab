package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;

import java.util.Map;

/** What every failed backup must look like. */
final class Faults {

    private Faults() {
    }

    /**
     * Non-zero exit, the expected log line, no new file under a final name, every older
     * backup byte for byte as before, no temporary file and no lock left behind.
     */
    static void assertFailedCleanly(Sidecar sidecar, Exec.Result result, Map<String, String> before, String expectedLog) {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).contains(expectedLog);
        Map<String, String> after = sidecar.snapshot();
        after.keySet().removeIf(n -> n.startsWith(".last-success."));
        Map<String, String> expected = new java.util.TreeMap<>(before);
        expected.keySet().removeIf(n -> n.startsWith(".last-success."));
        assertThat(after).as("backup directory after the failed run").isEqualTo(expected);
        assertThat(sidecar.shell.tmp().toFile().list()).as("scratch files left in TMPDIR").isEmpty();
    }
}
