package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.PostgresRoles;
import io.github.dockstart.testing.servers.BusyboxShell;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The roles section a PostgreSQL backup starts with is written by the sidecar's awk
 * ({@code pg_roles_section} in clients.sh, under BusyBox) and by the host's {@link PostgresRoles}:
 * the same pg_dumpall output must give the same text on both sides.
 */
class PostgresRolesParityTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    /** pg_dumpall --roles-only --no-role-passwords as PostgreSQL 15/16 print it, with awkward names. */
    private static final String DUMPALL = """
            --
            -- PostgreSQL database cluster dump
            --

            \\restrict abc

            SET default_transaction_read_only = off;

            --
            -- Roles
            --

            CREATE ROLE app;
            ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
            CREATE ROLE WEIRD;
            ALTER ROLE WEIRD WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 3 VALID UNTIL '2030-01-01 00:00:00+00';
            CREATE ROLE postgres;
            ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;

            --
            -- User Configurations
            --

            ALTER ROLE app SET search_path TO 'app', 'public';

            --
            -- Role memberships
            --

            GRANT WEIRD TO app WITH ADMIN OPTION GRANTED BY postgres;
            GRANT app TO postgres GRANTED BY postgres;

            \\unrestrict abc

            --
            -- PostgreSQL database cluster dump complete
            --
            """.replace("WEIRD", "\"We'ird \"\"Name\"\"\"");

    @Test
    void sidecarAndHostWriteTheSameRolesSection() throws Exception {
        BusyboxShell shell = BusyboxShell.create(servers.newDirectory("ds-roles").resolve("sh"));
        Path input = shell.tmp().resolve("dumpall.sql");
        Files.writeString(input, DUMPALL, StandardCharsets.UTF_8);

        Exec.Result sidecar = shell.sh(Map.of(), ". " + shell.script("lib.sh") + " && . " + shell.script("clients.sh") + " && pg_roles_section <" + input);

        assertThat(sidecar.exitCode()).as(sidecar.toString()).isZero();
        String host = PostgresRoles.section(DUMPALL);
        assertThat(sidecar.stdout()).isEqualTo(host);
        assertThat(host).startsWith(PostgresRoles.HEADER)
                .contains("IF to_regrole('\"We''ird \"\"Name\"\"\"') IS NULL THEN\n    CREATE ROLE \"We'ird \"\"Name\"\"\";")
                .contains("    GRANT \"We'ird \"\"Name\"\"\" TO app WITH ADMIN OPTION GRANTED BY postgres;")
                .doesNotContain("search_path", "restrict", "SET default_transaction_read_only");
        // pg_dump's header line, whole, within the first 64 bytes, where both sides' content checks look
        assertThat(host.substring(0, 64).lines()).contains("-- PostgreSQL database dump");
    }
}
