package io.github.dockstart.backup;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Grandfather-father-son retention: besides the days and the minimum of {@link RetentionPolicy},
 * keep the newest good backup of each of the last {@code daily} days, {@code weekly} ISO weeks
 * (Monday to Sunday) and {@code monthly} calendar months that have a good backup (as restic's
 * {@code --keep-daily} and the like). The periods are read from the time in a backup's name, the
 * stack's local time it was written in. 0 turns a period off; {@link #NONE} is all off, the default.
 * The sidecar's {@code BACKUP_KEEP_DAILY}, {@code BACKUP_KEEP_WEEKLY} and {@code BACKUP_KEEP_MONTHLY}.
 */
public record Generations(int daily, int weekly, int monthly) {

    public static final Generations NONE = new Generations(0, 0, 0);

    public Generations {
        if (daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("the backups kept per period must not be negative: " + daily + "/" + weekly + "/" + monthly);
        }
    }

    public boolean any() {
        return daily + weekly + monthly > 0;
    }

    /** How the log says it: "the newest of the last 7 days, 4 weeks and 12 months that have one". */
    public String describe() {
        return "the newest of the last " + daily + " days, " + weekly + " weeks and " + monthly + " months that have one";
    }

    /** A fresh selection for one container's good backups, to be fed newest first. */
    Selection selection() {
        return new Selection(this);
    }

    /** Decides, for good backups given newest first, which one each kept period keeps. */
    static final class Selection {
        private final Period days;
        private final Period weeks;
        private final Period months;

        private Selection(Generations generations) {
            days = new Period(generations.daily, day -> day);
            weeks = new Period(generations.weekly,
                    day -> day.get(IsoFields.WEEK_BASED_YEAR) * 100 + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            months = new Period(generations.monthly, YearMonth::from);
        }

        /** Whether a period keeps the backup taken on {@code day}, the next older good backup. */
        boolean keeps(LocalDate day) {
            // every period must see every backup: no short-circuit
            return days.keeps(day) | weeks.keeps(day) | months.keeps(day);
        }
    }

    /** The last {@code count} periods that have a backup; the first backup seen of each, the newest, is kept. */
    private static final class Period {
        private final int count;
        private final Function<LocalDate, Object> period;
        private final Set<Object> seen = new HashSet<>();

        Period(int count, Function<LocalDate, Object> period) {
            this.count = count;
            this.period = period;
        }

        boolean keeps(LocalDate day) {
            return seen.size() < count && seen.add(period.apply(day));
        }
    }
}
