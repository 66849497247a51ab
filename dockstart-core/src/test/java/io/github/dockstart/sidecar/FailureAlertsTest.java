package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.FreePort;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.Sqlite;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failure alerts (notify.sh): backup.sh and rotate.sh POST one JSON message to BACKUP_NOTIFY_URL,
 * received here by an HTTP server on loopback, against a real PostgreSQL; the message holds no secret
 * and the run's exit status is the same with a receiver that answers, refuses or hangs.
 */
class FailureAlertsTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hook-token-4711";

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private ExecutorService handlers;
    private PostgresDatabase db;
    private Sidecar sidecar;

    @BeforeEach
    void setUp() throws IOException {
        handlers = Executors.newCachedThreadPool();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/hangs", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.setExecutor(handlers);
        receiver.start();
        db = servers.newPostgresDatabase();
        db.sql("CREATE TABLE t(x int); INSERT INTO t VALUES (1);");
        sidecar = new Sidecar(servers).postgres("shop-db", db);
        // BusyBox has no curl: the sidecar's image installs it, here Debian's stands in
        Files.createSymbolicLink(sidecar.shell.clients().resolve("curl"), Tools.require("curl", "curl"));
        sidecar.env.put("BACKUP_NOTIFY_SOURCE", "demo-db-backup");
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        handlers.shutdownNow();
    }

    private String url(String path) {
        return "http://alerts:" + TOKEN + "@127.0.0.1:" + receiver.getAddress().getPort() + path + "?token=" + TOKEN;
    }

    /** pg_dump fails as a refused login does, and its error output carries the password and a URL's credentials. */
    private void failingPgDump() {
        sidecar.shell.wrapClient("pg_dump", """
                echo "pg_dump: error: password authentication failed ($PGPASSWORD) for postgres://shop:$PGPASSWORD@db:5432/shop" >&2
                printf 'pg_dump: detail: "quoted" \\\\back\\tslash\\n' >&2
                exit 1""");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    @Test
    void aFailedBackupPostsOneMessageWithWhatFailedAndNoSecret() {
        failingPgDump();
        Exec.Result quiet = sidecar.backup();
        Map<String, String> before = sidecar.snapshot();
        sidecar.env.put("BACKUP_NOTIFY_URL", url("/hook"));

        Exec.Result run = sidecar.backup();

        Faults.assertFailedCleanly(sidecar, run, before, "backup of shop-db (postgres) failed");
        assertThat(run.exitCode()).as("the exit status without alerts").isEqualTo(quiet.exitCode());
        // the log shows the client output as it is (this fake one prints the password); the URL never
        assertThat(run.stderr()).contains("alert sent to http://127.0.0.1:").doesNotContain(TOKEN);
        assertThat(received).hasSize(1);
        String body = received.get(0);
        assertThat(body).doesNotContain(db.password(), TOKEN, "shop:" + db.password());
        JsonNode message = parse(body);
        assertThat(message.get("status").asText()).isEqualTo("failure");
        assertThat(message.get("exit_status").asInt()).isEqualTo(quiet.exitCode());
        assertThat(message.get("script").asText()).isEqualTo("backup.sh");
        assertThat(message.get("source").asText()).isEqualTo("demo-db-backup");
        assertThat(message.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}");
        assertThat(message.get("failures")).hasSize(1);
        assertThat(message.get("failures").get(0).get("container").asText()).isEqualTo("shop-db");
        assertThat(message.get("failures").get(0).get("what").asText()).isEqualTo("backup");
        assertThat(message.get("text").asText()).contains("demo-db-backup", "backup of shop-db failed");
        String log = message.get("log").toString();
        assertThat(log).contains("pg_dump exited with status 1", "password authentication failed (***)",
                "postgres://***@db:5432/shop");
        assertThat(message.get("log")).anySatisfy(line -> assertThat(line.asText()).endsWith("pg_dump: detail: \"quoted\" \\back\tslash"));
    }

    @Test
    void theUrlMayComeFromAFileAndASuccessPostsOnlyWhenAsked() throws IOException {
        Path urlFile = servers.newDirectory("ds-alert").resolve("notify-url");
        Files.writeString(urlFile, url("/hook") + "\n");
        sidecar.env.put("BACKUP_NOTIFY_URL_FILE", urlFile.toString());

        sidecar.backupOk();
        assertThat(received).as("on failure only, by default").isEmpty();

        sidecar.env.put("BACKUP_NOTIFY_ON", "always");
        Exec.Result run = sidecar.backupOk();

        assertThat(received).hasSize(1);
        JsonNode message = parse(received.get(0));
        assertThat(message.get("status").asText()).isEqualTo("success");
        assertThat(message.get("exit_status").asInt()).isZero();
        assertThat(message.get("failures")).isEmpty();
        assertThat(message.get("log").toString()).contains("backup of shop-db written");
        assertThat(run.stderr()).doesNotContain(TOKEN);
    }

    @Test
    void aReceiverThatIsDownChangesNoExitStatusAndCostsBoundedTime() {
        failingPgDump();
        Exec.Result quiet = sidecar.backup();
        sidecar.env.put("BACKUP_NOTIFY_URL", "http://127.0.0.1:" + FreePort.find() + "/hook");
        sidecar.env.put("BACKUP_NOTIFY_RETRIES", "2");

        long start = System.nanoTime();
        Exec.Result failed = sidecar.backup();
        Duration spent = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(quiet.exitCode()).isNotZero();
        assertThat(failed.stderr()).contains("not sent: the connection was refused", "the run's own status stands");
        // three attempts one second apart, nothing more
        assertThat(spent).isLessThan(Duration.ofSeconds(10));

        sidecar.shell.wrapClient("pg_dump", "exec \"$REAL\" \"$@\"");
        sidecar.env.put("BACKUP_NOTIFY_ON", "always");
        Exec.Result ok = sidecar.backup();
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stderr()).contains("backup of shop-db written", "not sent: the connection was refused");
    }

    @Test
    void aReceiverThatHangsIsGivenUpAfterTheTimeout() {
        failingPgDump();
        Exec.Result quiet = sidecar.backup();
        sidecar.env.put("BACKUP_NOTIFY_URL", url("/hangs"));
        sidecar.env.put("BACKUP_NOTIFY_TIMEOUT", "2");
        sidecar.env.put("BACKUP_NOTIFY_RETRIES", "1");

        long start = System.nanoTime();
        Exec.Result run = sidecar.backup();
        Duration spent = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(quiet.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("not sent: no answer within 2 s").doesNotContain(TOKEN);
        // two attempts of 2 s and a second between them
        assertThat(spent).isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aFailedUploadAndAFailedRotationSayWhatFailed() {
        sidecar.env.put("BACKUP_NOTIFY_URL", url("/hook"));
        sidecar.env.put("BACKUP_S3_BUCKET", "backups");
        sidecar.env.put("BACKUP_S3_ENDPOINT", "http://127.0.0.1:" + FreePort.find());
        sidecar.env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        sidecar.env.put("AWS_SECRET_ACCESS_KEY", "aws-secret-0815");

        Exec.Result upload = sidecar.backup();

        assertThat(upload.exitCode()).as(upload.toString()).isEqualTo(1);
        assertThat(received).hasSize(1);
        JsonNode message = parse(received.get(0));
        assertThat(message.get("failures").get(0).get("what").asText()).isEqualTo("upload");
        assertThat(received.get(0)).doesNotContain("aws-secret-0815");

        sidecar.env.remove("BACKUP_S3_BUCKET");
        sidecar.env.put("BACKUP_RETENTION_DAYS", "a week");
        Exec.Result rotation = sidecar.rotate();

        assertThat(rotation.exitCode()).as(rotation.toString()).isEqualTo(1);
        assertThat(received).hasSize(2);
        JsonNode rotated = parse(received.get(1));
        assertThat(rotated.get("script").asText()).isEqualTo("rotate.sh");
        assertThat(rotated.get("failures").get(0).get("what").asText()).isEqualTo("rotation");
        assertThat(rotated.get("log").toString()).contains("BACKUP_RETENTION_DAYS='a week' is not a whole number");
    }

    @Test
    void theSafetyCopyOfARestoreIsNoRunToReport() throws IOException {
        Path database = servers.newDirectory("ds-alert-sqlite").resolve("notes.db");
        Sqlite.sql(database, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept');");
        Sidecar notes = new Sidecar(servers).sqlite("notes", database);
        Files.createSymbolicLink(notes.shell.clients().resolve("curl"), Tools.require("curl", "curl"));
        notes.env.put("BACKUP_NOTIFY_URL", url("/hook"));
        notes.env.put("BACKUP_NOTIFY_ON", "always");
        notes.backupOk();
        assertThat(received).as("the backup's own run").hasSize(1);

        Exec.Result restore = notes.restore(notes.onlyBackup().toString(), "--yes");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.stderr()).contains("safety");
        assertThat(received).as("backup.sh --safety-copy, a part of the restore, posts nothing").hasSize(1);
    }

    @Test
    void theEntrypointRefusesAlertSettingsThatCannotWork() {
        sidecar.env.put("BACKUP_NOTIFY_URL", "ftp://example.org/" + TOKEN);
        Exec.Result ftp = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(ftp.exitCode()).isNotZero();
        assertThat(ftp.stderr()).contains("BACKUP_NOTIFY_URL is not an http:// or https:// URL").doesNotContain(TOKEN);

        sidecar.env.put("BACKUP_NOTIFY_URL", url("/hook"));
        sidecar.env.put("BACKUP_NOTIFY_ON", "sometimes");
        Exec.Result on = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(on.exitCode()).isNotZero();
        assertThat(on.stderr()).contains("BACKUP_NOTIFY_ON='sometimes' is not failure or always");

        sidecar.env.put("BACKUP_NOTIFY_ON", "always");
        assertThat(sidecar.run("entrypoint.sh", "--print-crontab").exitCode()).isZero();
        sidecar.shell.removeClient("curl");
        Exec.Result noCurl = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(noCurl.exitCode()).isNotZero();
        assertThat(noCurl.stderr()).contains("curl, which sends the alerts, is not installed");
    }
}
