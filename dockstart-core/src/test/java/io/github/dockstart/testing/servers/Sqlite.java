package io.github.dockstart.testing.servers;

import java.nio.file.Path;
import java.time.Duration;

/** SQLite files through the sqlite3 shell. */
public final class Sqlite {

    private Sqlite() {
    }

    public static Path binary() {
        return Tools.require("sqlite3", "sqlite3");
    }

    /** Runs SQL (from stdin) against the file; '|'-separated rows. */
    public static String sql(Path database, String sql) {
        return Exec.of(binary().toString(), "-batch", "-bail", database.toString())
                .stdin(".timeout 10000\n" + sql).timeout(Duration.ofMinutes(2)).run().orFail().stdout();
    }
}
