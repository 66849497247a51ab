package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backup name pattern {@code {container}-{YYYY-MM-DD}T{HH-MM-SS}.{ext}.gz} is one rule in two
 * languages: the host's {@link BackupFileName#parse} and the sidecar's {@code is_backup_name} say
 * the same of every name, valid or mangled (seeded random names plus the edges).
 */
class NamePatternParityTest {

    private static final String CONTAINER = "app.db_1";
    private static final List<String> EXTENSIONS = List.of("sql", "rdb", "db");

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @Test
    void theHostAndTheSidecarRecogniseTheSameNames() {
        List<String> names = new ArrayList<>(List.of(
                "app.db_1-2026-11-25T03-00-00.sql.gz", "app.db_1-2026-02-31T23-59-59.db.gz", "app.db_1-2024-02-29T00-00-00.db.gz",
                "app.db_1-2100-02-29T00-00-00.db.gz", "app.db_1-2000-02-29T00-00-00.rdb.gz", "app.db_1-0000-01-01T00-00-00.sql.gz",
                "app.db_1-2026-00-10T03-00-00.sql.gz", "app.db_1-2026-13-10T03-00-00.sql.gz",
                "app.db_1-2026-11-00T03-00-00.sql.gz", "app.db_1-2026-11-32T03-00-00.sql.gz",
                "app.db_1-2026-11-25T24-00-00.sql.gz", "app.db_1-2026-11-25T03-60-00.sql.gz",
                "app.db_1-2026-11-25T03-00-60.rdb.gz", "app.db_1-2026-11-25T03-00-00.sql",
                "app.db_1-2026-11-25T03-00-00.txt.gz", "app.db_1-2026-11-25 03-00-00.sql.gz",
                "app.db_1-2026-11-25T03-00-00.sql.gz.sha256", "app.db_1-26-11-25T03-00-00.sql.gz",
                "other-2026-11-25T03-00-00.sql.gz", "app.db_1-x-2026-11-25T03-00-00.sql.gz"));
        Random random = new Random(12);
        String digits = "0123456789";
        for (int i = 0; i < 400; i++) {
            char[] stamp = "2026-11-25T03-00-00".toCharArray();
            for (int position : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
                if (random.nextInt(3) == 0) {
                    stamp[position] = digits.charAt(random.nextInt(10));
                } else if (position == 9 && random.nextInt(4) == 0) {
                    stamp[5] = '0';
                    stamp[6] = '2';
                }
            }
            if (random.nextInt(20) == 0) {
                stamp[random.nextInt(stamp.length)] = "x-T:."
                        .charAt(random.nextInt(5));
            }
            names.add(CONTAINER + "-" + new String(stamp) + "." + EXTENSIONS.get(random.nextInt(3)) + ".gz");
        }

        Sidecar sidecar = new Sidecar(servers);
        Exec.Result shell = sidecar.shell.sh(sidecar.env, ". " + sidecar.shell.script("lib.sh") + "\n"
                + names.stream().map(name -> "if is_backup_name '" + name + "' '" + CONTAINER + "' sql"
                        + " || is_backup_name '" + name + "' '" + CONTAINER + "' rdb"
                        + " || is_backup_name '" + name + "' '" + CONTAINER + "' db; then echo yes; else echo no; fi")
                        .collect(Collectors.joining("\n")));
        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        List<String> sidecarSays = shell.stdout().lines().toList();

        List<String> hostSays = names.stream().map(name -> BackupFileName.parse(name)
                        .filter(parsed -> parsed.container().equals(CONTAINER) && EXTENSIONS.contains(parsed.extension()))
                        .isPresent() ? "yes" : "no")
                .toList();
        for (int i = 0; i < names.size(); i++) {
            assertThat(sidecarSays.get(i)).as(names.get(i)).isEqualTo(hostSays.get(i));
        }
        assertThat(hostSays).as("both kinds of name are among the cases").contains("yes", "no");
    }
}
