package io.github.dockstart.testing.s3;

import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.Processes;
import io.github.dockstart.testing.servers.TempDirs;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A real S3 implementation on loopback: S3Proxy with its filesystem backend in a temporary
 * directory, run as a separate {@code java -jar} process (its jar bundles Jetty and jclouds, which
 * must not meet the test classpath). The build copies the jar into {@code target/s3proxy/} from the
 * local Maven repository, so after the first download it starts offline. One server per test class.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** Where maven-dependency-plugin puts the jar (see dockstart-core/pom.xml). */
    public static final String JAR_PROPERTY = "dockstart.s3proxy.jar";
    private static final Path DEFAULT_JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path data;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Process process;
    private final Thread reaper;

    private S3ProxyServer(Path root, int port, String accessKey, String secretKey, Process process) {
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
        // a crashed or interrupted test run must not leave the server behind
        this.reaper = new Thread(process::destroyForcibly, "s3proxy-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a server with fresh random credentials (the secret has {@code /} and {@code +}, as AWS's do). */
    public static S3ProxyServer start() {
        Path jar = jar();
        Path root;
        try {
            root = Files.createTempDirectory("s3proxy");
            Files.createDirectories(root.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3Proxy's directory", e);
        }
        int port = FreePort.find();
        String accessKey = "AKID" + random(8).toUpperCase();
        String secretKey = random(12) + "/+" + random(8);
        Path properties = root.resolve("s3proxy.properties");
        Path logFile = root.resolve("s3proxy.log");
        try {
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root.resolve("data"),
                    ""), StandardCharsets.UTF_8);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(root, port, accessKey, secretKey, process);
            server.awaitReady(logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString())).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy's jar is not at " + jar + ": run the tests through Maven"
                    + " (./mvnw -pl dockstart-core test), whose generate-test-resources phase copies"
                    + " org.gaul:s3proxy:jar-with-dependencies there");
        }
        return jar;
    }

    private void awaitReady(Path logFile) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + tail(logFile));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within " + START_TIMEOUT + ":\n"
                + tail(logFile));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Creates an empty bucket (the filesystem backend keeps a bucket as a directory). */
    public String createBucket(String name) {
        try {
            Files.createDirectories(data.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** The file that holds an object, whether or not it exists: what the store really has. */
    public Path objectFile(String bucket, String key) {
        return data.resolve(bucket).resolve(key);
    }

    /** Every file under a bucket's directory, relative to it (including any temporaries of the backend). */
    public List<String> filesIn(String bucket) {
        Path dir = data.resolve(bucket);
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The keys of the multipart uploads begun and neither completed nor aborted (ListMultipartUploads,
     * through the AWS SDK): parts the store keeps, and bills, without any object to show for them.
     */
    public List<String> pendingUploads(String bucket) {
        try (S3Client client = S3Client.builder()
                .endpointOverride(java.net.URI.create(endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            return client.listMultipartUploads(list -> list.bucket(bucket)).uploads().stream()
                    .map(upload -> upload.key()).toList();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        Processes.stop(process, Duration.ofSeconds(10));
        try {
            TempDirs.deleteRecursively(root);
        } catch (UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
