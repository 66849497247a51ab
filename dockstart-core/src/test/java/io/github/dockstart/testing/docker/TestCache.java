package io.github.dockstart.testing.docker;

import java.nio.file.Path;

/**
 * Where the end-to-end tests keep what outlives one run: the engine's data root (with the stand-in
 * images in it), the imported root file system, the Compose v2 plugin and the Dev Containers CLI.
 * {@code DOCKSTART_TEST_CACHE} overrides the default: {@code /var/cache/dockstart-tests} for root
 * (who alone can start the engine; other users, such as the non-root developer of the ownership
 * test, must be able to run the tools from it, which they cannot under {@code /root}), else
 * {@code ~/.cache/dockstart-tests}. {@code run-tests.sh} installs the tools into the same place.
 */
public final class TestCache {

    private TestCache() {
    }

    public static Path root() {
        String configured = System.getenv("DOCKSTART_TEST_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        if (io.github.dockstart.testing.servers.Tools.runningAsRoot()) {
            return Path.of("/var/cache/dockstart-tests");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "dockstart-tests");
    }

    /** {@code DOCKER_CONFIG} of the tests: its {@code cli-plugins/} holds Compose v2 and buildx. */
    public static Path dockerConfig() {
        return root().resolve("docker-config");
    }

    /** The Dev Containers CLI, installed with npm under this prefix. */
    public static Path devcontainerCli() {
        return root().resolve("npm").resolve("node_modules").resolve(".bin").resolve("devcontainer");
    }

    static Path engineData() {
        return root().resolve("engine");
    }

    static Path rootFileSystems() {
        return root().resolve("rootfs");
    }
}
