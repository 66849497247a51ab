package io.github.dockstart.testing.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validators other tests rely on do find faults, so that a passing check means something. */
class ValidatorsRejectBadFilesTest {

    @Test
    void composeSchemaRejectsAnUnknownServiceKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  app:
                    image: alpine:3.22
                    restart_policy: always
                """);

        assertThat(ComposeValidator.schemaErrors(file)).anySatisfy(error -> assertThat(error).contains("restart_policy"));
    }

    @Test
    void composeSchemaAcceptsAMinimalFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  app:
                    image: alpine:3.22
                    ports:
                      - "127.0.0.1:8080:80"
                """);

        assertThat(ComposeValidator.schemaErrors(file)).isEmpty();
        assertThat(ComposeValidator.dockerComposeConfig(file)).containsKey("services");
    }

    @Test
    void dockerComposeConfigRejectsADependencyOnAnUnknownService(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  app:
                    image: alpine:3.22
                    depends_on:
                      db:
                        condition: service_healthy
                """);

        assertThatThrownBy(() -> ComposeValidator.dockerComposeConfig(file)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("docker-compose config");
    }

    @Test
    void devcontainerSchemaRejectsAnUnknownPropertyAndAcceptsAComposeSetup() {
        assertThat(DevcontainerValidator.schemaErrors("""
                {"name": "x", "dockerComposeFile": "docker-compose.yml", "service": "app",
                 "workspaceFolder": "/workspaces/x", "shutdownAction": "stopCompose"}
                """)).isEmpty();
        assertThat(DevcontainerValidator.schemaErrors("""
                {"name": "x", "dockerComposeFile": "docker-compose.yml", "service": "app",
                 "workspaceFolder": "/workspaces/x", "shutdownAction": "stopEverything"}
                """)).isNotEmpty();
    }

    @Test
    void shellChecksRejectBashOnlySyntax(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("bad.sh"), "#!/bin/sh\nif [[ -n \"$1\" ]]; then echo yes; fi\n");
        Path broken = Files.writeString(dir.resolve("broken.sh"), "#!/bin/sh\nif true; then echo yes\n");
        Path good = Files.writeString(dir.resolve("good.sh"), "#!/bin/sh\nset -eu\nif [ -n \"${1:-}\" ]; then echo yes; fi\n");

        assertThat(ShellChecks.shellcheckDash(script).succeeded()).isFalse();
        assertThat(ShellChecks.busyboxSyntax(broken).succeeded()).isFalse();
        ShellChecks.assertClean(good);
    }

    @Test
    void aMissingToolFailsNamingTheDebianPackage() {
        assertThatThrownBy(() -> RequiredTool.find("dockstart-no-such-tool", "dockstart-tools"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("install Debian package dockstart-tools");
    }
}
