package io.github.dockstart.testing.servers;

import io.github.dockstart.testing.s3.S3ProxyServer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that hands out throwaway database servers started from the machine's
 * binaries. Register it on a static field:
 * <pre>{@code @RegisterExtension static final TestServers servers = new TestServers();}</pre>
 * PostgreSQL, MariaDB, MySQL and S3Proxy servers are started once per test class (on first use) and each
 * test gets a fresh database with its own user; Redis servers and directories are per test.
 * Everything a test received is stopped and deleted after it, also when it fails; the
 * class's servers after the class; a shutdown hook catches what an aborted run left.
 */
public final class TestServers implements AfterEachCallback, AfterAllCallback {

    private final Deque<AutoCloseable> perTest = new ArrayDeque<>();
    private final Deque<AutoCloseable> perClass = new ArrayDeque<>();
    private PostgresServer postgres;
    private MariaDbServer mariadb;
    private MySqlServer mysql;
    private S3ProxyServer s3;

    /** The class's PostgreSQL server (started on first use). */
    public synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start();
            perClass.push(postgres);
        }
        return postgres;
    }

    /** The class's MariaDB server (started on first use). */
    public synchronized MariaDbServer mariadb() {
        if (mariadb == null) {
            mariadb = MariaDbServer.start();
            perClass.push(mariadb);
        }
        return mariadb;
    }

    /** The class's MySQL server (started on first use). */
    public synchronized MySqlServer mysql() {
        if (mysql == null) {
            mysql = MySqlServer.start();
            perClass.push(mysql);
        }
        return mysql;
    }

    /** The class's S3-compatible server (S3Proxy on loopback, started on first use). */
    public synchronized S3ProxyServer s3() {
        if (s3 == null) {
            s3 = S3ProxyServer.start();
            perClass.push(s3);
        }
        return s3;
    }

    /** A fresh PostgreSQL database and owner for this test. */
    public PostgresDatabase newPostgresDatabase() {
        return postgres().createDatabase("db");
    }

    /** A fresh MariaDB database and user for this test. */
    public MariaDbDatabase newMariaDbDatabase() {
        return mariadb().createDatabase("db");
    }

    /** A fresh MySQL database and caching_sha2_password user for this test. */
    public MySqlDatabase newMySqlDatabase() {
        return mysql().createDatabase("db");
    }

    /** A Redis server of this test alone. */
    public synchronized RedisServer newRedis() {
        RedisServer redis = RedisServer.start();
        perTest.push(redis);
        return redis;
    }

    /** A directory (mode 755, short path under /tmp) deleted after this test. */
    public synchronized Path newDirectory(String prefix) {
        Path dir = TempDirs.create(prefix);
        perTest.push(() -> TempDirs.deleteRecursively(dir));
        return dir;
    }

    /** Anything else to close after this test, closed in reverse order of registration. */
    public synchronized <T extends AutoCloseable> T closeAfterTest(T resource) {
        perTest.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeAll(perTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll(perTest);
        try {
            closeAll(perClass);
        } finally {
            postgres = null;
            mariadb = null;
            mysql = null;
            s3 = null;
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources) throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable next;
            synchronized (resources) {
                next = resources.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
