package io.github.dockstart.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host ({@link MySqlDefiners}) and the sidecar ({@code grants_allow_definers},
 * {@code definers_rewritten}, {@code definers_changed} in clients.sh) decide alike who may name
 * any definer, and rewrite a dump to the same bytes.
 */
class MySqlDefinersParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private Path root;

    @BeforeEach
    void setUp() {
        root = servers.newDirectory("definers");
    }

    /** SHOW GRANTS as MariaDB 10.11 and MySQL 8.0 print them, one case per value ("|" between lines). */
    @ParameterizedTest
    @ValueSource(strings = {
            "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'"
                    + "|GRANT ALL PRIVILEGES ON `demo`.* TO `app`@`%`",
            "GRANT ALL PRIVILEGES ON *.* TO `admin`@`%` IDENTIFIED BY PASSWORD '*D8' WITH GRANT OPTION",
            "GRANT USAGE ON *.* TO `u`@`%`|GRANT ALL PRIVILEGES ON `d`.* TO `u`@`%`|GRANT SUPER ON `x`.* TO `u`@`%`",
            "GRANT SELECT, INSERT, SUPER, PROCESS ON *.* TO `root`@`localhost` WITH GRANT OPTION",
            "GRANT SELECT ON *.* TO `u`@`%`|GRANT SET_USER_ID ON *.* TO `u`@`%`",
            "GRANT SET_ANY_DEFINER ON *.* TO `u`@`%`",
            "GRANT SET USER ON *.* TO `u`@`%`",
            "GRANT SELECT, SHOW VIEW ON *.* TO `u`@`%`",
            "GRANT USAGE ON *.* TO `u`@`%`|GRANT `dba`@`%` TO `u`@`%`"})
    void bothSidesAgreeWhoMayNameAnyDefiner(String grants) {
        List<String> lines = List.of(grants.split("\\|"));
        boolean java = MySqlDefiners.grantsAllowDefiners(lines);

        Exec.Result shell = shell("printf '%s\\n' \"$GRANTS\" | grants_allow_definers", Map.of("GRANTS", String.join("\n", lines)));

        assertThat(shell.exitCode() == 0).as(grants + "\n" + shell).isEqualTo(java);
    }

    @Test
    void theRuleItself() {
        assertThat(MySqlDefiners.grantsAllowDefiners(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"))).isTrue();
        assertThat(MySqlDefiners.grantsAllowDefiners(List.of("GRANT USAGE ON *.* TO `app`@`%`",
                "GRANT ALL PRIVILEGES ON `demo`.* TO `app`@`%`"))).isFalse();
    }

    @Test
    void bothSidesRewriteADumpToTheSameBytesAndNameTheSameDefiners() throws IOException {
        String dump = """
                -- MariaDB dump 10.19
                CREATE TABLE `t` (`id` int, `note` text);
                INSERT INTO `t` VALUES (1,'DEFINER=`kept`@`%` is data, Grüße');
                /*!50003 CREATE*/ /*!50017 DEFINER=`admin`@`%`*/ /*!50003 TRIGGER trg AFTER INSERT ON t FOR EACH ROW SET @x = 1 */;;
                /*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY DO SET @y = 'ø' */ ;;
                /*!50013 DEFINER=`app`@`%` SQL SECURITY DEFINER */
                CREATE DEFINER=`dba_role` PROCEDURE p() SELECT 1;
                -- Dump completed on 2026-12-02 17:00:00""";
        MySqlDefiners.Rewrite rewrite = new MySqlDefiners.Rewrite(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)));
        byte[] java = rewrite.readAllBytes();
        String message = MySqlDefiners.changedMessage(rewrite, "app@%", "app").orElseThrow();

        Path in = Files.writeString(root.resolve("dump.sql"), dump);
        Exec.Result shell = shell("mkdir -p \"$WORK_DIR\" && definers_rewritten < \"$IN\" > \"$WORK_DIR/out\""
                + " && definers_changed app@% > \"$WORK_DIR/changed\"", Map.of("IN", in.toString()));

        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        Path work = root.resolve("work");
        assertThat(Files.readAllBytes(work.resolve("out"))).isEqualTo(java);
        assertThat(new String(java, StandardCharsets.UTF_8))
                .contains("'DEFINER=`kept`@`%` is data, Grüße'", "/*!50017 DEFINER=CURRENT_USER*/", "/*!50117 DEFINER=CURRENT_USER*/",
                        "/*!50013 DEFINER=CURRENT_USER SQL SECURITY", "CREATE DEFINER=CURRENT_USER PROCEDURE")
                .doesNotContain("`admin`", "`root`", "dba_role");
        assertThat(Files.readString(work.resolve("changed")).strip()).isEqualTo("admin@% dba_role root@localhost");
        assertThat(message).startsWith("The views, triggers, routines and events defined by admin@% dba_role root@localhost now have app@% as");
        assertThat(MySqlDefiners.changedMessage(rewrite, "admin@%", "admin").orElseThrow()).contains("by app@% dba_role root@localhost now");
    }

    private Exec.Result shell(String commands, Map<String, String> extra) {
        BusyboxShell sh = BusyboxShell.create(root);
        Map<String, String> env = new HashMap<>(sh.baseEnvironment());
        env.put("WORK_DIR", root.resolve("work").toString());
        env.putAll(extra);
        return sh.sh(env, "set -eu; . '" + sh.script("lib.sh") + "'; . '" + sh.script("clients.sh") + "'; " + commands);
    }
}
