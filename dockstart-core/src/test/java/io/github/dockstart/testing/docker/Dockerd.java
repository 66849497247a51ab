package io.github.dockstart.testing.docker;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of the tests' own: Debian's dockerd with its data root in the test cache (so
 * the stand-in images survive between runs), its socket and state in a short temporary directory,
 * and its own network namespace. That namespace has only a loopback interface and no route, so
 * containers reach each other over the engine's bridges and nothing else: no image is pulled and
 * no packet leaves the machine.
 */
final class Dockerd implements AutoCloseable {

    private static final String NETNS_PREFIX = "dockstart-tests-";

    private final Path docker;
    private final String netns;
    private final Path execRoot;
    private final Path socket;
    private final Path log;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private Process process;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "dockstart-test-dockerd-stopper");

    private Dockerd(Path docker, String netns, Path execRoot, FileChannel lockChannel, FileLock lock) {
        this.docker = docker;
        this.netns = netns;
        this.execRoot = execRoot;
        this.socket = execRoot.resolve("docker.sock");
        this.log = TestCache.engineData().resolve("dockerd.log");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static Dockerd start() {
        if (!Tools.runningAsRoot()) {
            throw new IllegalStateException("The end-to-end tests start their own dockerd, which needs root:"
                    + " run the tests as root (CI does), or with sudo.");
        }
        Path dockerd = Tools.require("dockerd", "docker.io");
        Tools.require("ip", "iproute2");
        Tools.require("nsenter", "util-linux");
        Path docker = Tools.require("docker", "docker.io");
        Path data = TestCache.engineData();
        try {
            Files.createDirectories(data);
            // one engine per data root: a second test JVM waits for the first to finish
            FileChannel channel = FileChannel.open(data.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            stopStaleDaemon(data.resolve("dockerd.pid"));
            removeStaleNamespaces();
            long pid = ProcessHandle.current().pid();
            String netns = NETNS_PREFIX + pid;
            Path execRoot = Path.of("/tmp", "dst-" + pid);
            Files.createDirectories(execRoot);
            Dockerd daemon = new Dockerd(docker, netns, execRoot, channel, lock);
            daemon.launch(dockerd, data);
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the tests' dockerd", e);
        }
    }

    private void launch(Path dockerd, Path data) throws IOException {
        Exec.of("ip", "netns", "add", netns).run().orFail();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Exec.of("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up").run().orFail();
        // nsenter, not `ip netns exec`: the latter remounts /sys and so hides the cgroup mounts
        process = new ProcessBuilder(List.of("nsenter", "--net=/run/netns/" + netns, dockerd.toString(),
                "--data-root", data.resolve("data").toString(),
                "--exec-root", execRoot.resolve("exec").toString(),
                "--pidfile", data.resolve("dockerd.pid").toString(),
                "--host", "unix://" + socket,
                "--log-level", "warn"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            if (Files.exists(socket) && docker("version", "--format", "{{.Server.Version}}").run().exitCode() == 0) {
                return;
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String tail = tail(log, 20);
                stopQuietly();
                throw new IllegalStateException("the tests' dockerd did not start; its log " + log + " ends:\n" + tail);
            }
            sleep(200);
        }
    }

    /**
     * For programs that talk to this engine; {@code DOCKSTART_DOCKER_SOCKET} is where a generated
     * Compose file mounts the socket from (this engine's is not at the default path).
     */
    Map<String, String> environment() {
        return Map.of("DOCKER_HOST", "unix://" + socket,
                "DOCKER_CONFIG", TestCache.dockerConfig().toString(),
                "DOCKSTART_DOCKER_SOCKET", socket.toString());
    }

    /** The engine's network namespace, for {@code nsenter --net=}. */
    String networkNamespace() {
        return "/run/netns/" + netns;
    }

    Path dockerProgram() {
        return docker;
    }

    Exec docker(String... args) {
        return docker(List.of(args));
    }

    Exec docker(List<String> args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(docker.toString());
        command.addAll(args);
        return Exec.of(command).env(environment()).timeout(Duration.ofMinutes(10));
    }

    /** Removes every container, user-defined network and volume: everything but the images. */
    void removeAllButImages() {
        List<String> containers = lines(docker("ps", "-aq").run().orFail().stdout());
        if (!containers.isEmpty()) {
            List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(containers);
            docker(rm).run().orFail();
        }
        List<String> networks = lines(docker("network", "ls", "-q", "--filter", "type=custom").run().orFail().stdout());
        if (!networks.isEmpty()) {
            List<String> rm = new java.util.ArrayList<>(List.of("network", "rm"));
            rm.addAll(networks);
            docker(rm).run().orFail();
        }
        List<String> volumes = lines(docker("volume", "ls", "-q").run().orFail().stdout());
        if (!volumes.isEmpty()) {
            List<String> rm = new java.util.ArrayList<>(List.of("volume", "rm", "-f"));
            rm.addAll(volumes);
            docker(rm).run().orFail();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: it does the same
        }
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (process != null) {
            try {
                removeAllButImages();
            } catch (RuntimeException ignored) {
                // stop the daemon all the same
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        Exec.of("ip", "netns", "delete", netns).run();
        try {
            deleteRecursively(execRoot);
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    /** A dockerd that a killed run left behind still holds the data root: stop it first. */
    private static void stopStaleDaemon(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        if (!text.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(text)).filter(p -> p.info().command().orElse("").endsWith("dockerd"))
                .ifPresent(stale -> {
                    stale.destroy();
                    stale.onExit().completeOnTimeout(stale, 30, TimeUnit.SECONDS).join();
                    stale.destroyForcibly();
                });
    }

    private static void removeStaleNamespaces() {
        for (String line : lines(Exec.of("ip", "netns", "list").run().stdout())) {
            String name = line.split("\\s+")[0];
            if (name.startsWith(NETNS_PREFIX)) {
                String pid = name.substring(NETNS_PREFIX.length());
                boolean alive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isPresent();
                if (!alive) {
                    Exec.of("ip", "netns", "delete", name).run();
                }
            }
        }
    }

    static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String tail(Path file, int count) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            Exec.of("rm", "-rf", dir.toString()).run();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
