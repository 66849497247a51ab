package io.github.dockstart.model;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL major version an image tag names: {@code postgres:16-alpine} and
 * {@code postgis/postgis:16-3.4} say it first, {@code pgvector/pgvector:pg16},
 * {@code pgvector/pgvector:0.8.0-pg16} and {@code timescale/timescaledb:latest-pg16} after
 * {@code pg}. A tag without either ({@code latest}, none at all) names no major.
 */
public final class PostgresMajor {

    private static final Pattern PG_PREFIXED = Pattern.compile("(?:^|[^a-z0-9])pg(\\d{1,3})(?![0-9])");
    private static final Pattern LEADING = Pattern.compile("^(\\d{1,3})(?![0-9])");

    private PostgresMajor() {
    }

    /** The major the service's image names, if it names one. */
    public static OptionalInt of(DatabaseService db) {
        String tag = db.imageTag().toLowerCase(java.util.Locale.ROOT);
        Matcher pg = PG_PREFIXED.matcher(tag);
        if (pg.find()) {
            return OptionalInt.of(Integer.parseInt(pg.group(1)));
        }
        Matcher leading = LEADING.matcher(tag);
        return leading.find() ? OptionalInt.of(Integer.parseInt(leading.group(1))) : OptionalInt.empty();
    }

    /** Whether the image names this major or a newer one. */
    public static boolean atLeast(DatabaseService db, int major) {
        OptionalInt found = of(db);
        return found.isPresent() && found.getAsInt() >= major;
    }
}
