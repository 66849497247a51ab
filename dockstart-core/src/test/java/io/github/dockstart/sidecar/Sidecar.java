package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.MariaDbDatabase;
import io.github.dockstart.testing.servers.MySqlDatabase;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.RedisServer;
import io.github.dockstart.testing.servers.TempDirs;
import io.github.dockstart.testing.servers.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The sidecar scripts in a BusyBox shell, with their environment and backup directory. */
final class Sidecar {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.(sql|rdb|db)\\.gz");

    final BusyboxShell shell;
    final Path backupDir;
    final Map<String, String> env = new LinkedHashMap<>();

    Sidecar(TestServers servers) {
        Path root = servers.newDirectory("ds-sc");
        this.shell = BusyboxShell.create(root.resolve("sh"));
        this.backupDir = TempDirs.mkdir(root.resolve("backups"), "rwxr-xr-x");
        env.put("BACKUP_DIR", backupDir.toString());
    }

    /** An app (PostgreSQL) and a cache (Redis) container with these retention settings, as the rotation parity tests use. */
    static Sidecar appAndCache(TestServers servers, int retentionDays, int keepMin) {
        return appAndCache(servers, new RetentionPolicy(retentionDays, keepMin));
    }

    /** The same, with every setting of the policy, the grandfather-father-son periods too. */
    static Sidecar appAndCache(TestServers servers, RetentionPolicy policy) {
        Sidecar sidecar = new Sidecar(servers);
        sidecar.add("app", Map.of("DB_TYPE", "postgres", "DB_NAME", "app", "DB_USER", "app"));
        sidecar.add("cache", Map.of("DB_TYPE", "redis"));
        sidecar.env.put("BACKUP_RETENTION_DAYS", String.valueOf(policy.retentionDays()));
        sidecar.env.put("BACKUP_KEEP_MIN", String.valueOf(policy.keepMin()));
        sidecar.env.put("BACKUP_KEEP_DAILY", String.valueOf(policy.generations().daily()));
        sidecar.env.put("BACKUP_KEEP_WEEKLY", String.valueOf(policy.generations().weekly()));
        sidecar.env.put("BACKUP_KEEP_MONTHLY", String.valueOf(policy.generations().monthly()));
        return sidecar;
    }

    Sidecar postgres(String container, PostgresDatabase db) {
        single("postgres", container, db.host(), db.port(), db.name(), db.user(), db.password());
        return this;
    }

    Sidecar mariadb(String container, MariaDbDatabase db) {
        single("mariadb", container, db.host(), db.port(), db.name(), db.user(), db.password());
        return this;
    }

    Sidecar mysql(String container, MySqlDatabase db) {
        single("mysql", container, db.host(), db.port(), db.name(), db.user(), db.password());
        return this;
    }

    Sidecar redis(String container, RedisServer redis) {
        single("redis", container, redis.host(), redis.port(), null, null, redis.password());
        return this;
    }

    Sidecar sqlite(String container, Path file) {
        env.put("DB_TYPE", "sqlite");
        env.put("DB_CONTAINER", container);
        env.put("DB_PATH", file.toString());
        return this;
    }

    private void single(String type, String container, String host, int port, String db, String user, String password) {
        env.put("DB_TYPE", type);
        env.put("DB_CONTAINER", container);
        env.put("DB_HOST", host);
        env.put("DB_PORT", String.valueOf(port));
        if (db != null) {
            env.put("DB_NAME", db);
        }
        if (user != null) {
            env.put("DB_USER", user);
        }
        env.put("DB_PASSWORD", password);
    }

    /** Settings of one container in the several-databases form (DB_CONTAINERS plus K_DB_*). */
    Sidecar add(String container, Map<String, String> settings) {
        String key = container.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String list = env.getOrDefault("DB_CONTAINERS", "");
        env.put("DB_CONTAINERS", (list + " " + container).trim());
        settings.forEach((k, v) -> env.put(key + "_" + k, v));
        return this;
    }

    static Map<String, String> settings(PostgresDatabase db) {
        return Map.of("DB_TYPE", "postgres", "DB_HOST", db.host(), "DB_PORT", String.valueOf(db.port()),
                "DB_NAME", db.name(), "DB_USER", db.user(), "DB_PASSWORD", db.password());
    }

    static Map<String, String> settings(RedisServer redis) {
        return Map.of("DB_TYPE", "redis", "DB_HOST", redis.host(), "DB_PORT", String.valueOf(redis.port()),
                "DB_PASSWORD", redis.password());
    }

    static Map<String, String> sqliteSettings(Path file) {
        return Map.of("DB_TYPE", "sqlite", "DB_PATH", file.toString());
    }

    Exec.Result run(String script, String... args) {
        return shell.exec(env, script, args).run();
    }

    Exec.Result backup(String... args) {
        return run("backup.sh", args);
    }

    Exec.Result backupOk(String... args) {
        Exec.Result result = backup(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    Exec.Result restore(String... args) {
        return run("restore.sh", args);
    }

    Exec.Result rotate(String... args) {
        return run("rotate.sh", args);
    }

    /** Backups under their final names, oldest first. */
    List<Path> backups() {
        try (Stream<Path> files = Files.list(backupDir)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path onlyBackup() {
        List<Path> all = backups();
        assertThat(all).as("backups in " + backupDir).hasSize(1);
        return all.get(0);
    }

    /** Every file in the backup directory with its SHA-256, to prove nothing changed. */
    Map<String, String> snapshot() {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path f : files.toList()) {
                result.put(f.getFileName().toString(), Files.isRegularFile(f) ? sha256(f) : "dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Names of the backup directory that are neither backups, checksums nor state files. */
    List<String> strayFiles() {
        return snapshot().keySet().stream()
                .filter(n -> !NAME.matcher(n).matches() && !NAME.matcher(n.replaceFirst("\\.sha256$", "")).matches())
                .filter(n -> !n.startsWith(".last-success.") && !n.equals(".sidecar-started"))
                .toList();
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decompressed content of a .gz backup. */
    static byte[] gunzip(Path file) {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid gzip file: " + file, e);
        }
    }

    static void gzip(byte[] content, Path target) {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(target))) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sidecar for REDIS (container "cache") after COMMANDS, with one backup taken. */
    static Sidecar redisBackedUp(TestServers servers, RedisServer redis, String commands) {
        redis.pipe(commands);
        Sidecar sidecar = new Sidecar(servers).redis("cache", redis);
        sidecar.backupOk();
        return sidecar;
    }

    /**
     * Rewrites a Redis backup as if a newer server had written it: RDB format VERSION (four
     * digits) in its header, with a matching checksum file.
     */
    static void withRdbFormatVersion(Path backup, String version) {
        byte[] snapshot = gunzip(backup);
        System.arraycopy(("REDIS" + version).getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, snapshot, 0, 9);
        gzip(snapshot, backup);
        writeChecksum(backup);
    }

    /** Writes FILE.sha256 in sha256sum format for a hand-made backup file. */
    static void writeChecksum(Path file) {
        try {
            Files.writeString(Path.of(file + ".sha256"), sha256(file) + "  " + file.getFileName() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
