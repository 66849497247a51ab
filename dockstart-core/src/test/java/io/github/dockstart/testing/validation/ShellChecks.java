package io.github.dockstart.testing.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * The static checks every shell script of the sidecar passes: {@code shellcheck -s dash} (POSIX sh
 * plus what dash and BusyBox ash share) and a parse by BusyBox's own shell, Alpine's {@code /bin/sh}.
 */
public final class ShellChecks {

    private ShellChecks() {
    }

    public static ProcessResult shellcheckDash(Path script) {
        Path shellcheck = RequiredTool.find("shellcheck", "shellcheck");
        return ProcessResult.run(List.of(shellcheck.toString(), "-s", "dash", "-x", script.getFileName().toString()),
                script.toAbsolutePath().getParent());
    }

    public static ProcessResult busyboxSyntax(Path script) {
        Path busybox = RequiredTool.find("busybox", "busybox");
        return ProcessResult.run(List.of(busybox.toString(), "sh", "-n", script.toString()), null);
    }

    /** Asserts that the script passes both checks. */
    public static void assertClean(Path script) {
        ProcessResult shellcheck = shellcheckDash(script);
        assertThat(shellcheck.succeeded()).as("shellcheck -s dash %s:%n%s", script, shellcheck.describe()).isTrue();
        ProcessResult syntax = busyboxSyntax(script);
        assertThat(syntax.succeeded()).as("busybox sh -n %s:%n%s", script, syntax.describe()).isTrue();
    }
}
