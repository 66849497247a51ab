package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.rendering.SidecarScripts;
import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every sidecar script parses under BusyBox ash and is clean under shellcheck -s dash. */
class ScriptLintTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    static final List<String> SCRIPTS = BusyboxShell.SCRIPTS;

    @ParameterizedTest
    @FieldSource("SCRIPTS")
    void cleanUnderShellcheckAndBusybox(String script) throws Exception {
        BusyboxShell shell = BusyboxShell.create(servers.newDirectory("ds-lint").resolve("sh"));
        String text = Files.readString(shell.script(script));
        assertThat(text).startsWith("#!/bin/sh\n");
        if (!SidecarScripts.SOURCED.contains(script)) {
            // sourced files inherit the options of the script that sources them
            assertThat(text).contains("\nset -eu\nset -o pipefail\n");
        }
        Exec.Result parse = Exec.of(shell.busybox().toString(), "sh", "-n", shell.script(script).toString()).run();
        assertThat(parse.exitCode()).as(parse.toString()).isZero();
        Exec.Result lint = Exec.of(Tools.require("shellcheck", "shellcheck").toString(), "-s", "dash", "-x", script)
                .directory(shell.scripts()).run();
        assertThat(lint.exitCode()).as(lint.toString()).isZero();
    }
}
