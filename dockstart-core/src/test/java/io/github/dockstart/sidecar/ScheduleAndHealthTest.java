package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.TestServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** entrypoint.sh turns BACKUP_SCHEDULE into supercronic's crontab; healthcheck.sh judges the last success. */
class ScheduleAndHealthTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Sidecar sidecar;

    @BeforeEach
    void setUp() {
        sidecar = new Sidecar(servers);
        sidecar.add("app", Map.of("DB_TYPE", "sqlite", "DB_PATH", "/nonexistent/app.db"));
        sidecar.add("cache", Map.of("DB_TYPE", "redis", "DB_HOST", "127.0.0.1"));
    }

    @Test
    void crontabRunsBackupOnTheSchedule() {
        sidecar.env.put("BACKUP_SCHEDULE", "*/15 2-4 * * 1-5");
        Exec.Result result = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("""
                # written by dockstart entrypoint.sh from BACKUP_SCHEDULE; times are in TZ=UTC
                # rotation runs inside backup.sh after each successful backup
                */15 2-4 * * 1-5 %s
                """.formatted(sidecar.shell.script("backup.sh")));
    }

    @Test
    void defaultScheduleIsThreeAtNight() {
        Exec.Result result = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(result.stdout()).contains("\n0 3 * * * " + sidecar.shell.script("backup.sh") + "\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0 3 * *|has 4 fields",
            "0 3 * * * ; rm -rf /|contains characters that are not part of a cron expression",
            "0 3 * * * $(id)|contains characters",
            "@every 5m|is not a cron expression; the shorthands supercronic knows are @hourly @daily",
            "@midnight|is not a cron expression",
            "0 0 3 * * *|has 6 fields; a cron expression has 5 (minute hour day-of-month month day-of-week), without seconds",
            "0 3 * * 1-7|has an invalid day-of-week field '1-7'"})
    void refusesSchedulesThatAreNotCronExpressions(String schedule, String message) {
        sidecar.env.put("BACKUP_SCHEDULE", schedule);
        Exec.Result result = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("BACKUP_SCHEDULE=").contains(message);
    }

    @Test
    void entrypointWritesTheCrontabAndExecsTheScheduler() throws Exception {
        Path crontab = sidecar.shell.root().resolve("crontab");
        sidecar.shell.addProgram("fake-scheduler", "echo \"scheduler got: $*\"; cat \"$1\"");
        sidecar.env.put("BACKUP_CRONTAB", crontab.toString());
        sidecar.env.put("BACKUP_SCHEDULER", "fake-scheduler");
        sidecar.env.put("BACKUP_SCHEDULE", "30 1 * * *");
        Exec.Result result = sidecar.run("entrypoint.sh");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("scheduler got: " + crontab + "\n")
                .contains("30 1 * * * " + sidecar.shell.script("backup.sh"));
        assertThat(sidecar.backupDir.resolve(".sidecar-started")).exists();
    }

    @Test
    void entrypointRefusesAnIncompleteConfiguration() {
        sidecar.env.remove("APP_DB_TYPE");
        Exec.Result result = sidecar.run("entrypoint.sh", "--print-crontab");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("APP_DB_TYPE is not set for container 'app'");
    }

    private void lastSuccess(String container, long secondsAgo) throws Exception {
        Files.writeString(sidecar.backupDir.resolve(".last-success." + container),
                (System.currentTimeMillis() / 1000 - secondsAgo) + "\n");
    }

    private Exec.Result health() {
        return sidecar.run("healthcheck.sh");
    }

    @Test
    void healthyWhileEveryLastBackupIsRecentEnoughForTheSchedule() throws Exception {
        lastSuccess("app", 3600);
        lastSuccess("cache", 20 * 3600);
        Exec.Result result = health();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("healthy: the last successful backup of app is");
    }

    @Test
    void unhealthyWhenOneLastBackupIsOlderThanTheDailyScheduleAllows() throws Exception {
        lastSuccess("app", 3600);
        lastSuccess("cache", 48 * 3600);
        Exec.Result result = health();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("unhealthy: the last successful backup of cache is 172800 s old; the schedule '0 3 * * *' allows 130200 s");
    }

    @Test
    void allowedAgeFollowsTheSchedule() throws Exception {
        lastSuccess("app", 2 * 3600);
        lastSuccess("cache", 60);
        sidecar.env.put("BACKUP_SCHEDULE", "0 * * * *");
        assertThat(health().exitCode()).as("hourly: 2 h is too old").isEqualTo(1);
        sidecar.env.put("BACKUP_SCHEDULE", "0 */4 * * *");
        assertThat(health().exitCode()).as("every 4 h: 2 h is fine").isZero();
        sidecar.env.put("BACKUP_SCHEDULE", "0 3 * * 0");
        lastSuccess("app", 6 * 86400);
        assertThat(health().exitCode()).as("weekly: 6 days is fine").isZero();
        sidecar.env.put("BACKUP_MAX_AGE_SECONDS", "3600");
        assertThat(health().exitCode()).as("explicit maximum wins").isEqualTo(1);
    }

    @Test
    void noBackupYetIsHealthyOnlyForAWhileAfterTheStart() throws Exception {
        Files.writeString(sidecar.backupDir.resolve(".sidecar-started"), (System.currentTimeMillis() / 1000 - 600) + "\n");
        Exec.Result fresh = health();
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.stdout()).contains("no backup of app yet");

        Files.writeString(sidecar.backupDir.resolve(".sidecar-started"), (System.currentTimeMillis() / 1000 - 3 * 86400) + "\n");
        Exec.Result stale = health();
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.stdout()).contains("unhealthy: there is no successful backup of app");
    }

    @Test
    void aRealBackupMakesItHealthyAndAFailedOneDoesNot() throws Exception {
        PostgresDatabase db = servers.newPostgresDatabase();
        Sidecar single = new Sidecar(servers).postgres("postgres", db);
        single.env.put("BACKUP_MAX_AGE_SECONDS", "60");
        assertThat(single.run("healthcheck.sh").exitCode()).as("no backup, never started").isEqualTo(1);
        single.backupOk();
        assertThat(single.run("healthcheck.sh").exitCode()).isZero();

        Files.writeString(single.backupDir.resolve(".last-success.postgres"), (System.currentTimeMillis() / 1000 - 3600) + "\n");
        single.env.put("DB_PASSWORD", "wrong");
        assertThat(single.backup().exitCode()).isNotZero();
        Exec.Result result = single.run("healthcheck.sh");
        assertThat(result.exitCode()).as("a failed backup does not count").isEqualTo(1);
    }
}
