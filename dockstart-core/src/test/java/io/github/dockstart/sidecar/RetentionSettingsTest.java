package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The retention settings are checked by one function (check_retention_settings in retention.sh),
 * so every way into rotation refuses a bad value with the same sentence and deletes nothing: the
 * entrypoint at start, rotate.sh, the rotation backup.sh runs (rotate_container) and the bucket's
 * (s3_rotate).
 */
class RetentionSettingsTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Sidecar sidecar;
    private Path old;

    @BeforeEach
    void setUp() throws IOException {
        sidecar = new Sidecar(servers);
        sidecar.add("app", Map.of("DB_TYPE", "postgres", "DB_NAME", "app", "DB_USER", "app"));
        old = sidecar.backupDir.resolve("app-2001-01-01T00-00-00.sql.gz");
        Files.writeString(old, "old");
        Sidecar.writeChecksum(old);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BACKUP_RETENTION_DAYS|a week|BACKUP_RETENTION_DAYS='a week' is not a whole number of days",
        "BACKUP_RETENTION_DAYS|-1|BACKUP_RETENTION_DAYS='-1' is not a whole number of days",
        "BACKUP_KEEP_MIN|1.5|BACKUP_KEEP_MIN='1.5' is not a whole number",
        "BACKUP_KEEP_DAILY|-7|BACKUP_KEEP_DAILY='-7' is not a whole number",
        "BACKUP_KEEP_WEEKLY|four|BACKUP_KEEP_WEEKLY='four' is not a whole number",
        "BACKUP_KEEP_MONTHLY|3 months|BACKUP_KEEP_MONTHLY='3 months' is not a whole number",
    })
    void everyWayIntoRotationRefusesABadValueWithTheSameSentence(String name, String value, String sentence) {
        sidecar.env.put("BACKUP_RETENTION_DAYS", "0");
        sidecar.env.put("BACKUP_KEEP_MIN", "0");
        sidecar.env.put(name, value);
        String error = "ERROR: " + sentence + "\n";

        assertRefused(sidecar.run("entrypoint.sh", "--print-crontab"), error);
        assertRefused(sidecar.run("rotate.sh"), error);
        assertRefused(functions("make_work_dir; rotate_container app sql"), error);
        Map<String, String> bucket = Map.of("BACKUP_S3_BUCKET", "backups", "BACKUP_S3_ENDPOINT", "http://127.0.0.1:9");
        Exec.Result remote = functions(bucket, "s3_rotate app sql || echo returned $?");
        assertThat(remote.stderr()).as(remote.toString()).contains(error);
        assertThat(remote.stdout()).as("s3_rotate returns, for backup.sh to go on").contains("returned 1");
        assertThat(old).as("nothing deleted").exists();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0|0", "7|3|12", "30|1|0"})
    void wholeNumbersPass(String days, String keepMin, String periods) {
        sidecar.env.put("BACKUP_RETENTION_DAYS", days);
        sidecar.env.put("BACKUP_KEEP_MIN", keepMin);
        sidecar.env.put("BACKUP_KEEP_DAILY", periods);
        sidecar.env.put("BACKUP_KEEP_WEEKLY", periods);
        sidecar.env.put("BACKUP_KEEP_MONTHLY", periods);
        Exec.Result check = functions("check_retention_settings && echo ok");
        assertThat(check.stdout()).as(check.toString()).isEqualTo("ok\n");
        assertThat(check.stderr()).isEmpty();
    }

    private void assertRefused(Exec.Result result, String error) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString()).contains(error);
        assertThat(old).as("nothing deleted").exists();
    }

    private Exec.Result functions(String commands) {
        return functions(Map.of(), commands);
    }

    /** Functions of the sidecar, sourced as rotate.sh does, with the sidecar's settings. */
    private Exec.Result functions(Map<String, String> extra, String commands) {
        Map<String, String> env = new LinkedHashMap<>(sidecar.env);
        env.putAll(extra);
        return sidecar.shell.sh(env, "set -eu; . '" + sidecar.shell.script("lib.sh") + "'; . '"
                + sidecar.shell.script("retention.sh") + "'; . '" + sidecar.shell.script("s3.sh") + "'; " + commands);
    }
}
