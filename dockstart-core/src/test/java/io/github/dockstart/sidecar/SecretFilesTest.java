package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every secret the sidecar takes may come from a file named by {@code VAR_FILE} (a Docker or Compose
 * secret): the database password, the S3 credentials and the alert URL are read by lib.sh's one
 * {@code read_secret}. Each reader, through the function its script calls: the file wins over the
 * variable and loses its trailing newline, and a file that cannot be read is named with its variable
 * in one sentence that holds no secret.
 */
class SecretFilesTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private static final String SECRET = "s3cr3t-from-a-file";

    /** READER: a shell function that prints the secret it read; VAR: the variable it reads. */
    private record Reader(String name, String var, String call) {
    }

    private static final Reader[] READERS = {
        new Reader("database password (lib.sh)", "SHOP_DB_DB_PASSWORD", "db_password shop-db"),
        new Reader("S3 secret key (s3.sh)", "AWS_SECRET_ACCESS_KEY", "_s3_secret AWS_SECRET_ACCESS_KEY"),
        new Reader("alert URL (notify.sh)", "BACKUP_NOTIFY_URL", "_notify_load && printf %s \"$NOTIFY_URL\""),
    };

    @Test
    void everyReaderTakesTheFileOverTheVariable() throws IOException {
        Sidecar sidecar = new Sidecar(servers);
        Path file = Files.writeString(sidecar.shell.root().resolve("secret"), "http://" + SECRET + "\n");
        for (Reader reader : READERS) {
            Map<String, String> env = env(sidecar);
            env.put(reader.var(), "http://from-the-variable");
            env.put(reader.var() + "_FILE", file.toString());

            Exec.Result result = run(sidecar, env, reader);

            assertThat(result.exitCode()).as(reader.name() + ": " + result).isZero();
            assertThat(result.stdout()).as(reader.name()).isEqualTo("http://" + SECRET);
        }
    }

    @Test
    void everyReaderTakesTheVariableWithoutAFile() {
        Sidecar sidecar = new Sidecar(servers);
        for (Reader reader : READERS) {
            Map<String, String> env = env(sidecar);
            env.put(reader.var(), "http://" + SECRET);

            Exec.Result result = run(sidecar, env, reader);

            assertThat(result.exitCode()).as(reader.name() + ": " + result).isZero();
            assertThat(result.stdout()).as(reader.name()).isEqualTo("http://" + SECRET);
        }
    }

    @Test
    void anUnreadableFileIsNamedWithItsVariableAndNoSecret() {
        Sidecar sidecar = new Sidecar(servers);
        Path missing = sidecar.shell.root().resolve("no-such-secret");
        for (Reader reader : READERS) {
            Map<String, String> env = env(sidecar);
            env.put(reader.var(), "http://" + SECRET);
            env.put(reader.var() + "_FILE", missing.toString());

            Exec.Result result = run(sidecar, env, reader);

            assertThat(result.exitCode()).as(reader.name() + ": " + result).isNotZero();
            assertThat(result.stdout() + result.stderr()).as(reader.name())
                    .contains(reader.var() + "_FILE=" + missing + " is not a readable file")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void backupShRefusesAnUnreadablePasswordFileBeforeItStarts() {
        Sidecar sidecar = new Sidecar(servers);
        sidecar.add("shop-db", Map.of("DB_TYPE", "postgres", "DB_HOST", "127.0.0.1", "DB_PORT", "1", "DB_NAME", "d",
                "DB_USER", "u", "DB_PASSWORD", SECRET, "DB_PASSWORD_FILE", "/no/such/file"));

        Exec.Result result = sidecar.backup();

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("SHOP_DB_DB_PASSWORD_FILE=/no/such/file is not a readable file").doesNotContain(SECRET);
    }

    private static Map<String, String> env(Sidecar sidecar) {
        Map<String, String> env = new LinkedHashMap<>(sidecar.env);
        env.put("DB_CONTAINERS", "shop-db");
        return env;
    }

    private static Exec.Result run(Sidecar sidecar, Map<String, String> env, Reader reader) {
        String source = ". '" + sidecar.shell.script("lib.sh") + "'; . '" + sidecar.shell.script("s3.sh") + "'; . '"
                + sidecar.shell.script("notify.sh") + "'; ";
        return sidecar.shell.sh(env, "set -eu; " + source + reader.call());
    }
}
