package io.github.dockstart.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway MariaDB server: mariadb-install-db into a temp dir, mariadbd on a free
 * loopback port and a private socket, with password authentication for every TCP user
 * (an "admin" with all privileges for the harness; one user per test database).
 */
public final class MariaDbServer extends MySqlFamilyServer {

    private final String adminPassword = Passwords.plain();
    private Path adminOptions;

    private MariaDbServer(Path base) {
        super(base);
    }

    public static MariaDbServer start() {
        Path install = Tools.require("mariadb-install-db", "mariadb-server");
        Path server = Tools.require("mariadbd", "mariadb-server");
        Tools.require("mariadb", "mariadb-client");
        MariaDbServer db = new MariaDbServer(TempDirs.create("ds-my"));
        return startOrClose(db, () -> {
            db.init(install);
            db.startServer(server);
            db.secure();
        });
    }

    private void init(Path install) {
        Exec.of(install.toString(), "--no-defaults", "--datadir=" + data, "--user=" + osUser(),
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve")
                .timeout(Duration.ofMinutes(3)).run().orFail();
    }

    private void startServer(Path server) {
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults", "--datadir=" + data, "--user=" + osUser()));
        command.addAll(serverOptions());
        command.add("--collation-server=utf8mb4_unicode_ci");
        launch("mariadbd", command, () -> Exec.of(Tools.require("mariadb-admin", "mariadb-client").toString(), "--no-defaults",
                "--socket=" + socket, "-u", "root", "ping").timeout(Duration.ofSeconds(10)).run());
    }

    /** An admin over TCP with a password; no passwordless or anonymous account remains on TCP. */
    private void secure() {
        rootSocketSql("DELETE FROM mysql.global_priv WHERE User='';"
                + "CREATE USER 'admin'@'%' IDENTIFIED BY " + literal(adminPassword) + ";"
                + "GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;"
                + "FLUSH PRIVILEGES;");
        try {
            adminOptions = base.resolve("admin.cnf");
            Files.writeString(adminOptions, "[client]\nuser=admin\npassword=\"" + adminPassword + "\"\nhost=127.0.0.1\nport="
                    + port() + "\nprotocol=TCP\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(adminOptions, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rootSocketSql(String sql) {
        Exec.of(Tools.require("mariadb", "mariadb-client").toString(), "--no-defaults", "--socket=" + socket,
                "-u", "root").stdin(sql).run().orFail();
    }

    /** A new database with its own user (password with quotes and a backslash), for one test. */
    public MariaDbDatabase createDatabase(String prefix) {
        return createDatabase(prefix, "IDENTIFIED BY", (name, user, password) -> new MariaDbDatabase(this, name, user, password));
    }

    /** Runs SQL as the admin over TCP; tab-separated rows without headers. */
    @Override
    public String adminSql(String database, String sql) {
        // SQL goes through stdin: CREATE USER ... IDENTIFIED BY must not show a password in the process list
        List<String> command = new ArrayList<>(List.of(Tools.require("mariadb", "mariadb-client").toString(),
                "--defaults-file=" + adminOptions, "--default-character-set=utf8mb4", "-N", "-B"));
        if (database != null) {
            command.addAll(List.of("-D", database));
        }
        return Exec.of(command).stdin(sql).timeout(Duration.ofMinutes(5)).run().orFail().stdout();
    }
}
