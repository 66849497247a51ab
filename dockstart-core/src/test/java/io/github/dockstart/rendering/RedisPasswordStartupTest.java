package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.testing.validation.ComposeValidator;
import io.github.dockstart.testing.validation.ProcessResult;
import io.github.dockstart.testing.validation.RequiredTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis service's start command, exactly as docker-compose resolves it, run under BusyBox sh
 * against this machine's redis-server: the password reaches {@code requirepass} byte for byte and
 * never appears in the server's command line. A stand-in for the image's docker-entrypoint.sh
 * adds the port and directory that a container would not need.
 */
class RedisPasswordStartupTest {

    private static final String PASSWORD = SecretsSurviveRenderingTest.TRICKY + " back\\slash \\x41 end";

    @Test
    void theStartCommandSetsTheExactPasswordWithoutPuttingItOnTheCommandLine(@TempDir Path root) throws Exception {
        Path redisServer = RequiredTool.find("redis-server", "redis-server");
        Path redisCli = RequiredTool.find("redis-cli", "redis-tools");
        Path busybox = RequiredTool.find("busybox", "busybox");
        GeneratedProject.write(root, new DevcontainerRenderer().render(
                project(server("redis", DatabaseType.REDIS, "redis:7-alpine", 6379, "0", "", PASSWORD))));
        Map<String, Object> redis = submap(submap(
                ComposeValidator.assertValid(root.resolve(".devcontainer/docker-compose.yml")), "services"), "redis");
        @SuppressWarnings("unchecked")
        List<String> command = ((List<String>) redis.get("command")).stream().map(s -> s.replace("$$", "$")).toList();
        assertThat(command.subList(0, 2)).containsExactly("sh", "-c");

        Path bin = Files.createDirectories(root.resolve("bin"));
        for (String applet : List.of("od", "tr", "sed")) {
            Files.createSymbolicLink(bin.resolve(applet), busybox);
        }
        Path entrypoint = Files.writeString(bin.resolve("docker-entrypoint.sh"),
                "#!/bin/sh\nexec \"$@\" --port \"$TEST_REDIS_PORT\" --bind 127.0.0.1 --dir \"$TEST_REDIS_DIR\" --save ''\n");
        entrypoint.toFile().setExecutable(true);
        int port = freePort();
        Path log = root.resolve("redis.log");
        ProcessBuilder builder = new ProcessBuilder(busybox.toString(), "sh", "-c", command.get(2))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", bin + ":" + redisServer.getParent() + ":/usr/bin:/bin");
        builder.environment().put("REDISCLI_AUTH", PASSWORD);
        builder.environment().put("TEST_REDIS_PORT", String.valueOf(port));
        builder.environment().put("TEST_REDIS_DIR", Files.createDirectories(root.resolve("data")).toString());
        Process server = builder.start();
        try {
            assertThat(waitForPong(redisCli, port, PASSWORD)).as("redis log:%n%s", Files.readString(log)).isTrue();

            assertThat(ping(redisCli, port, null)).contains("NOAUTH");
            assertThat(ping(redisCli, port, PASSWORD + "x")).doesNotContain("PONG");
            // exec all the way down: the process started is redis-server itself, and its argv is clean
            String argv = Files.readString(Path.of("/proc", String.valueOf(server.pid()), "cmdline"),
                    StandardCharsets.ISO_8859_1).replace('\0', ' ');
            assertThat(argv).contains("redis-server").doesNotContain("it's").doesNotContain("slash");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        assertThat(Files.readString(log)).contains("ready to exit");
    }

    private static boolean waitForPong(Path redisCli, int port, String password) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (ping(redisCli, port, password).contains("PONG")) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String ping(Path redisCli, int port, String password) {
        Map<String, String> env = password == null ? Map.of() : Map.of("REDISCLI_AUTH", password);
        ProcessResult result = ProcessResult.run(
                List.of(redisCli.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "ping"), null, env, 10);
        return result.stdout() + result.stderr();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
