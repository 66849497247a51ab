package io.github.dockstart.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.backup.Generations;
import io.github.dockstart.model.InvalidInputException;
import java.time.ZoneId;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sidecar's settings as a user gives them: defaults, normalisation, one sentence per bad value. */
class SidecarSettingsTest {

    @Test
    void unsetOrBlankValuesAreTheDefaults() {
        SidecarSettings settings = SidecarSettings.of(null, " ", "", null, null, "");

        assertThat(settings).isEqualTo(SidecarSettings.DEFAULTS);
        assertThat(settings.mode()).isEqualTo(SidecarSettings.Mode.ALWAYS);
        assertThat(settings.schedule()).isEqualTo("0 3 * * *");
        assertThat(settings.retentionDays()).isEqualTo(7);
        assertThat(settings.keepMin()).isEqualTo(3);
        assertThat(settings.timeZone()).isEqualTo("UTC");
        assertThat(settings.gzipLevel()).isEmpty();
    }

    @Test
    void valuesAreTakenAndWrittenOneWay() {
        SidecarSettings settings = SidecarSettings.of(" On-Demand ", "  30  1 * *   mon-fri ", " 014", "0",
                "Europe/Berlin", "9");

        assertThat(settings).isEqualTo(new SidecarSettings(SidecarSettings.Mode.ON_DEMAND, "30 1 * * mon-fri", 14, 0,
                "Europe/Berlin", OptionalInt.of(9)));
        assertThat(SidecarSettings.of("off", null, null, null, null, null).mode()).isEqualTo(SidecarSettings.Mode.OFF);
        assertThat(SidecarSettings.of(null, "@weekly", null, null, null, null).schedule()).isEqualTo("@weekly");
    }

    @Test
    void theHostGoalsReadRetentionAndTimeZoneTheSameWay() {
        assertThat(SidecarSettings.retentionDays(null)).isEqualTo(7);
        assertThat(SidecarSettings.retentionDays("30")).isEqualTo(30);
        assertThat(SidecarSettings.keepMin(" ")).isEqualTo(3);
        assertThat(SidecarSettings.keepMin("1")).isEqualTo(1);
        assertThat(SidecarSettings.zone(null)).isEqualTo(ZoneId.of("UTC"));
        assertThat(SidecarSettings.zone("America/New_York")).isEqualTo(ZoneId.of("America/New_York"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "sidecar|sometimes|dockstart.sidecar='sometimes' is not a sidecar mode; use always, on-demand or off.",
            "schedule|0 3 * *|dockstart.schedule='0 3 * *' is not a schedule the backup sidecar accepts: it has 4 fields;",
            "schedule|@midnight|dockstart.schedule='@midnight' is not a schedule the backup sidecar accepts: it is not a cron"
                    + " expression; the shorthands supercronic knows are @hourly @daily @weekly @monthly @yearly @annually.",
            "schedule|0 25 * * *|dockstart.schedule='0 25 * * *' is not a schedule the backup sidecar accepts: it has an"
                    + " invalid hour field '25' (use 0-23, *, ranges a-b with a <= b, steps /1 to /23 and comma lists).",
            "schedule|0 3 * * 1-7|it has an invalid day-of-week field '1-7' (use 0-6 or sun-sat, 7 alone for Sunday,",
            "schedule|0 3 * * * 2030|it has 6 fields; a cron expression has 5 (minute hour day-of-month month day-of-week),"
                    + " without seconds or years.",
            "schedule|0 3 * * * ; rm -rf /|it contains characters that are not part of a cron expression.",
            "retentionDays|-1|dockstart.retentionDays='-1' is not a whole number of days (0 or more).",
            "retentionDays|7d|dockstart.retentionDays='7d' is not a whole number of days (0 or more).",
            "retentionDays|12345678901|dockstart.retentionDays='12345678901' is too large.",
            "keepMin|1.5|dockstart.keepMin='1.5' is not a whole number (0 or more).",
            "timeZone|Mars/Olympus|dockstart.timeZone='Mars/Olympus' is not a known time zone; use a name of the tz"
                    + " database such as UTC or Europe/Berlin.",
            "timeZone|europe/berlin|dockstart.timeZone='europe/berlin' is not a known time zone (did you mean Europe/Berlin?)",
            "timeZone|+02:00|dockstart.timeZone='+02:00' is not a known time zone",
            "gzipLevel|0|dockstart.gzipLevel='0' is not a gzip level; use 1 (fastest) to 9 (smallest), or leave it unset.",
            "gzipLevel|10|dockstart.gzipLevel='10' is not a gzip level",
            "gzipLevel|fast|dockstart.gzipLevel='fast' is not a gzip level"})
    void aBadValueIsOneSentenceNamingTheSettingAndTheValue(String setting, String value, String message) {
        assertThatThrownBy(() -> SidecarSettings.of(
                setting.equals("sidecar") ? value : null,
                setting.equals("schedule") ? value : null,
                setting.equals("retentionDays") ? value : null,
                setting.equals("keepMin") ? value : null,
                setting.equals("timeZone") ? value : null,
                setting.equals("gzipLevel") ? value : null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("dockstart." + setting + "='" + value + "'")
                .hasMessageEndingWith(".")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void aBadRetentionForTheHostGoalsIsTheSameSentence() {
        assertThatThrownBy(() -> SidecarSettings.retentionDays("a week")).isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.retentionDays='a week' is not a whole number of days (0 or more).");
        assertThatThrownBy(() -> SidecarSettings.keepMin("-3")).isInstanceOf(InvalidInputException.class)
                .hasMessage("dockstart.keepMin='-3' is not a whole number (0 or more).");
        assertThatThrownBy(() -> SidecarSettings.zone("CEST")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("dockstart.timeZone='CEST' is not a known time zone");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "keepDaily|-1|dockstart.keepDaily='-1' is not a whole number (0 or more).",
            "keepWeekly|four|dockstart.keepWeekly='four' is not a whole number (0 or more).",
            "keepMonthly|1.5|dockstart.keepMonthly='1.5' is not a whole number (0 or more).",
            "keepMonthly|12345678901|dockstart.keepMonthly='12345678901' is too large."})
    void aBadGrandfatherFatherSonPeriodIsOneSentenceNamingThePropertyAndTheValue(String setting, String value, String message) {
        assertThatThrownBy(() -> SidecarSettings.generations(setting.equals("keepDaily") ? value : null,
                setting.equals("keepWeekly") ? value : "2", setting.equals("keepMonthly") ? value : " "))
                .isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void theGrandfatherFatherSonPeriodsAreOffUnlessSet() {
        assertThat(SidecarSettings.DEFAULTS.generations()).isEqualTo(Generations.NONE);
        assertThat(SidecarSettings.generations(null, "", " ")).isEqualTo(Generations.NONE);
        assertThat(SidecarSettings.generations(" 7 ", "4", "012")).isEqualTo(new Generations(7, 4, 12));
        assertThat(SidecarSettings.of(null, null, null, null, null, null).withGenerations(new Generations(1, 2, 3)).generations())
                .isEqualTo(new Generations(1, 2, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 2-4 * * 1-5", "0 0 1 jan,jul *", "5/10 * * * *", "0 3 * * 7",
            "00 03 01 01 0", "0 3 * * SUN,sat", "0 */6 * * mon-fri/2", "59 23 31 12 6", "0 0 1-31/2 * *",
            "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "   0 3 * * *  "})
    void schedulesTheSidecarRunsAsMeant(String schedule) {
        assertThat(CronSchedule.problem(schedule)).as(schedule).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0 3 * *", "0 0 3 * * *", "0 0 3 * * * 2030", "@midnight", "@reboot", "@every 1h",
            "@daily 0", "@DAILY", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 0 *", "* * * 13 *",
            "* * * * 8", "0 3 * * 0-7", "0 3 * * 1-7", "0 3 * * 05", "0 3 * * 7/2", "*/0 * * * *", "*/60 * * * *",
            "0 */24 * * *", "0 3 * * */7", "0 3 ? * *", "0 3 L * *", "0 3 15W * *", "0 3 * * 5#2", "0 3 * * 5L",
            "0 3 * january *", "0 3 * * monday", "30-10 * * * *", "30-10/5 * * * *", "1,,2 * * * *", "1, * * * *",
            ",1 * * * *", "1-2-3 * * * *", "*/5/2 * * * *", "*-5 * * * *", "000 * * * *", "0 3 * * * ; rm -rf /",
            "0 3 * * *\n", "0\t3 * * *", "0 3 * * $(id)", "0 3 * * é"})
    void schedulesTheSidecarRefuses(String schedule) {
        assertThat(CronSchedule.problem(schedule)).as(schedule).isPresent();
    }
}
