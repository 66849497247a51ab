package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.rendering.CronSchedule;
import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code generate} checks a schedule in Java ({@link CronSchedule}), the sidecar checks it again
 * when its container starts ({@code check_schedule} in {@code schedule.sh}, under BusyBox): the two
 * accept exactly the same expressions, so that a value {@code generate} lets through never stops the
 * sidecar, and one it refuses is one the sidecar would refuse too.
 */
class CronScheduleParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    /** Hand-picked: every form of the rule, and the near misses on each side of it. */
    private static final List<String> CHOSEN = List.of(
            "0 3 * * *", "*/15 2-4 * * 1-5", "0 0 1 jan,jul *", "5/10 * * * *", "0 3 * * 7", "00 03 01 01 0",
            "0 3 * * SUN,sat", "0 */6 * * mon-fri/2", "59 23 31 12 6", "0 0 1-31/2 * *", "0 3 * * 1-5,7",
            "   0 3 * * *  ", "0  3  *  *  *", "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually",
            " @daily ", "0 3 * JAN-Dec/3 *", "*/59 */23 */31 */12 */6", "1,2,3-9/2,*/7 * * * *",
            "", "   ", "0 3 * *", "0 0 3 * * *", "0 0 3 * * * 2030", "@midnight", "@reboot", "@every 1h",
            "@daily 0", "@DAILY", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 0 *", "* * * 13 *",
            "* * * * 8", "0 3 * * 0-7", "0 3 * * 1-7", "0 3 * * 05", "0 3 * * 7/2", "*/0 * * * *", "*/60 * * * *",
            "0 */24 * * *", "0 3 * * */7", "0 3 ? * *", "0 3 L * *", "0 3 15W * *", "0 3 * * 5#2", "0 3 * * 5L",
            "0 3 * january *", "0 3 * * monday", "30-10 * * * *", "30-10/5 * * * *", "1,,2 * * * *", "1, * * * *",
            ",1 * * * *", "1-2-3 * * * *", "*/5/2 * * * *", "*-5 * * * *", "000 * * * *", "0 3 * * * ; rm -rf /",
            "0\t3 * * * *", "0 3 * * $(id)", "0 3 * * é", "0 3 * * `id`", "0 3 * * *'", "0 3 * * \"*\"",
            "0 3 * * mon-", "0 3 * * -mon", "0 3 * * /2", "0 3 * * */", "0 3 * * 1/", "0 3 * * 1/07", "0 3 * * */007",
            "0 3 * * * @daily", "@ 0 3 * *", "0 3 * * *@");

    @Test
    void javaAndTheSidecarAcceptTheSameSchedules() throws IOException {
        LinkedHashSet<String> all = new LinkedHashSet<>(CHOSEN);
        all.addAll(generated(new Random(20251202), 400));
        List<String> expressions = List.copyOf(all);

        Map<String, Boolean> sidecar = sidecarAccepts(expressions);

        Map<String, String> disagreements = new LinkedHashMap<>();
        for (String expression : expressions) {
            boolean java = CronSchedule.problem(expression).isEmpty();
            if (java != sidecar.get(expression)) {
                disagreements.put(expression, "Java " + (java ? "accepts" : "refuses") + ", schedule.sh "
                        + (sidecar.get(expression) ? "accepts" : "refuses"));
            }
        }
        assertThat(disagreements).isEmpty();
        long accepted = sidecar.values().stream().filter(Boolean::booleanValue).count();
        // a comparison that means something: both outcomes are common among the generated ones
        assertThat(accepted).as("accepted of %d", expressions.size()).isBetween(expressions.size() / 5L,
                expressions.size() * 4L / 5);
    }

    /**
     * Runs {@code check_schedule} once per expression in one BusyBox shell (a subshell each, as the
     * check ends in {@code exit}); the expressions reach it through a file, one per line.
     */
    private static Map<String, Boolean> sidecarAccepts(List<String> expressions) throws IOException {
        Path root = servers.newDirectory("ds-cron");
        BusyboxShell shell = BusyboxShell.create(root.resolve("sh"));
        Path input = root.resolve("expressions");
        Files.writeString(input, String.join("\n", expressions) + "\n");
        Exec.Result result = shell.sh(Map.of("LIB", shell.script("lib.sh").toString(),
                "SCHEDULE", shell.script("schedule.sh").toString(), "INPUT", input.toString()), """
                . "$LIB"
                . "$SCHEDULE"
                while IFS= read -r line; do
                  if (BACKUP_SCHEDULE=$line; check_schedule) 2>/dev/null; then echo ok; else echo no; fi
                done <"$INPUT"
                """);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> answers = result.stdout().lines().toList();
        assertThat(answers).hasSameSizeAs(expressions);
        Map<String, Boolean> accepted = new LinkedHashMap<>();
        for (int i = 0; i < expressions.size(); i++) {
            accepted.put(expressions.get(i), answers.get(i).equals("ok"));
        }
        return accepted;
    }

    /** Random expressions near the rule: mostly five fields of plausible parts, some broken on purpose. */
    private static List<String> generated(Random random, int count) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(25) == 0) {
                result.add(pick(random, "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually",
                        "@midnight", "@Daily", "@every", "@"));
                continue;
            }
            int fields = random.nextInt(10) == 0 ? 3 + random.nextInt(5) : 5;
            List<String> parts = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                parts.add(field(random, f % 5));
            }
            result.add(String.join(random.nextInt(20) == 0 ? "  " : " ", parts));
        }
        return result;
    }

    private static String field(Random random, int index) {
        if (random.nextInt(2) == 0) {
            return "*";
        }
        int elements = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        List<String> list = new ArrayList<>();
        for (int e = 0; e < elements; e++) {
            list.add(element(random, index));
        }
        return String.join(",", list);
    }

    private static String element(Random random, int index) {
        String base = switch (random.nextInt(4)) {
            case 0 -> "*";
            case 1 -> value(random, index);
            default -> range(random, index);
        };
        if (random.nextInt(3) == 0) {
            int step = random.nextInt(8) == 0 ? random.nextInt(100) : 1 + random.nextInt(index == 4 ? 8 : 15);
            base += "/" + (random.nextInt(10) == 0 ? "0" : "") + step;
        }
        if (random.nextInt(60) == 0) {
            base += pick(random, "L", "W", "#2", "?", "x", "'", "-", "/");
        }
        return base;
    }

    private static final int[] HIGH = {59, 23, 31, 12, 7};

    /** Mostly a value of the field's range, sometimes just outside it, a name, or two digits. */
    private static String value(Random random, int index) {
        int low = index == 2 || index == 3 ? 1 : 0;
        return switch (random.nextInt(16)) {
            case 0 -> String.valueOf(HIGH[index] + 1);
            case 1 -> String.valueOf(low - 1 < 0 ? 0 : low - 1);
            case 2 -> "0" + random.nextInt(10);
            case 3 -> pick(random, "jan", "DEC", "May", "sun", "Sat", "fri", "january", "monday", "foo", "?");
            default -> String.valueOf(low + random.nextInt(HIGH[index] - low + 1));
        };
    }

    /** A range, mostly in order. */
    private static String range(Random random, int index) {
        if (random.nextInt(4) == 0) {
            return value(random, index) + "-" + value(random, index);
        }
        int low = index == 2 || index == 3 ? 1 : 0;
        int a = low + random.nextInt(HIGH[index] - low + 1);
        int b = low + random.nextInt(HIGH[index] - low + 1);
        return Math.min(a, b) + "-" + Math.max(a, b);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
