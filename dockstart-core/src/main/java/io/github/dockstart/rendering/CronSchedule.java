package io.github.dockstart.rendering;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The schedules the backup sidecar accepts in {@code BACKUP_SCHEDULE}: the part of supercronic's
 * cron syntax that means the same to every cron, and nothing supercronic would refuse.
 *
 * <ul>
 *   <li>five fields separated by spaces: minute (0-59), hour (0-23), day of month (1-31), month
 *       (1-12 or jan-dec), day of week (0-6 or sun-sat, and 7 alone for Sunday); numbers of one or
 *       two digits (one for a day of week), names of three letters in any case;</li>
 *   <li>in each field a comma list of {@code *}, a value, a range {@code a-b} (a &lt;= b), each
 *       optionally with a step {@code /n} from 1 to the field's largest value ({@code a/n} runs
 *       from a to the end of the field);</li>
 *   <li>or one of {@code @hourly @daily @weekly @monthly @yearly @annually}.</li>
 * </ul>
 *
 * Refused although supercronic takes them: the 6- and 7-field forms (a years field, or seconds
 * and years: a backup schedule needs neither, and other crons read 6 fields as seconds first),
 * {@code ?}, {@code L}, {@code W}, {@code #}, full month and day names, and ranges that run
 * backwards, which supercronic accepts with a step and then never fires; a day of week of two
 * digits ({@code 05}, which supercronic reads as Sunday) and 7 in a range or with a step
 * (supercronic reads 7 as 0: {@code 0-7} would be Sunday only). Refused because supercronic
 * refuses them: {@code @midnight}, {@code @reboot}, {@code @every}, steps beyond the field's
 * largest value, values out of range.
 *
 * <p>This is the rule of {@code check_schedule} in the sidecar's {@code schedule.sh}, which refuses the
 * same expressions when the container starts; {@code CronScheduleParityTest} keeps the two equal.
 */
public final class CronSchedule {

    /** The shorthands supercronic replaces by an expression ({@code @midnight} is not one of them). */
    public static final List<String> SHORTHANDS = List.of("@hourly", "@daily", "@weekly", "@monthly", "@yearly",
            "@annually");

    private static final String ALLOWED_CHARACTERS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*/,-@ ";

    private record Field(String name, int low, int high, int largestStep, List<String> names) {

        /** What the field takes, for the message about a bad one. */
        String allowed() {
            String values = low + "-" + high + (names.isEmpty() ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1));
            return values + (dayOfWeek() ? ", 7 alone for Sunday" : "") + ", *, ranges a-b with a <= b, steps /1 to /"
                    + largestStep + " and comma lists";
        }

        boolean dayOfWeek() {
            return name.equals("day-of-week");
        }
    }

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, 59, List.of()),
            new Field("hour", 0, 23, 23, List.of()),
            new Field("day-of-month", 1, 31, 31, List.of()),
            new Field("month", 1, 12, 12,
                    List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
            new Field("day-of-week", 0, 6, 6, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat")));

    private CronSchedule() {
    }

    /**
     * Why the sidecar would refuse {@code expression}, as the end of a sentence that starts with the
     * expression (e.g. "has 4 fields; ..."); empty when it accepts it.
     */
    public static Optional<String> problem(String expression) {
        for (int i = 0; i < expression.length(); i++) {
            if (ALLOWED_CHARACTERS.indexOf(expression.charAt(i)) < 0) {
                return Optional.of("contains characters that are not part of a cron expression");
            }
        }
        String trimmed = expression.trim();
        String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split(" +");
        if (fields.length > 0 && fields[0].startsWith("@")) {
            return fields.length == 1 && SHORTHANDS.contains(fields[0]) ? Optional.empty()
                    : Optional.of("is not a cron expression; the shorthands supercronic knows are "
                            + String.join(" ", SHORTHANDS));
        }
        if (fields.length != 5) {
            return Optional.of("has " + fields.length + " fields; a cron expression has 5 (minute hour day-of-month"
                    + " month day-of-week), without seconds or years");
        }
        for (int i = 0; i < fields.length; i++) {
            Field field = FIELDS.get(i);
            for (String element : fields[i].split(",", -1)) {
                if (!validElement(element, field)) {
                    return Optional.of("has an invalid " + field.name() + " field '" + fields[i] + "' (use "
                            + field.allowed() + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code *}, a value or a range {@code a-b}, each with an optional step {@code /n}; Sunday as 7
     * only alone, as supercronic reads 7 as 0 ({@code 0-7} would be Sunday only, {@code 1-7} nothing).
     */
    private static boolean validElement(String element, Field field) {
        if (field.dayOfWeek() && element.equals("7")) {
            return true;
        }
        String base = element;
        int slash = element.indexOf('/');
        if (slash >= 0) {
            String step = element.substring(slash + 1);
            if (!step.matches("[0-9]{1,2}")) {
                return false;
            }
            int n = Integer.parseInt(step);
            if (n < 1 || n > field.largestStep()) {
                return false;
            }
            base = element.substring(0, slash);
        }
        if (base.equals("*")) {
            return true;
        }
        int dash = base.indexOf('-');
        if (dash >= 0) {
            int first = value(base.substring(0, dash), field);
            int last = value(base.substring(dash + 1), field);
            return first >= 0 && last >= 0 && first <= last;
        }
        return value(base, field) >= 0;
    }

    /** The value of a number or name, -1 when it is neither; a day of week has one digit (supercronic reads 05 as Sunday). */
    private static int value(String text, Field field) {
        if (text.matches(field.dayOfWeek() ? "[0-9]" : "[0-9]{1,2}")) {
            int value = Integer.parseInt(text);
            return value < field.low() || value > field.high() ? -1 : value;
        }
        int index = field.names().indexOf(text.toLowerCase(Locale.ROOT));
        return index < 0 ? -1 : field.low() + index;
    }
}
