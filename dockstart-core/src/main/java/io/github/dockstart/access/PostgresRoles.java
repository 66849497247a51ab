package io.github.dockstart.access;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The section a PostgreSQL backup starts with, made from {@code pg_dumpall --roles-only
 * --no-role-passwords}, so that a restore into a fresh server finds the roles that own objects
 * and hold grants. Every statement is idempotent and harmless where the role exists: a role is
 * created only where it is missing (without a password: none was backed up), a membership granted
 * only where one side was created by this section, and a lack of privilege is a warning, not an
 * error (the dump's own {@code OWNER TO} then says what is missing). Role settings and comments
 * are left out. The same rule as {@code pg_roles_section} in the sidecar's {@code clients.sh}.
 */
public final class PostgresRoles {

    /** pg_dump's own first lines, where both sides' content checks look for them, then what this section is. */
    public static final String HEADER = "--\n-- PostgreSQL database dump\n--\n"
            + "-- preceded by the roles it needs (dockstart; pg_dumpall --roles-only --no-role-passwords)\n";

    /** What a restore's psql prints for each role it created (a WARNING, which survives {@code client_min_messages}). */
    public static final String CREATED = "dockstart: created role ";

    private static final Pattern IDENT = Pattern.compile("^(\"([^\"]|\"\")*\"|[^ ;]+)");

    private PostgresRoles() {
    }

    public static String section(String dumpall) {
        StringBuilder out = new StringBuilder(HEADER + "\n");
        String role = null;
        for (String line : dumpall.split("\n", -1)) {
            if (line.startsWith("CREATE ROLE ")) {
                role = ident(line.substring(12));
            } else if (line.startsWith("ALTER ROLE ") && role != null && line.startsWith("ALTER ROLE " + role + " WITH ")) {
                out.append("DO $dockstart$\nBEGIN\n  IF to_regrole(").append(lit(role)).append(") IS NULL THEN\n")
                        .append("    CREATE ROLE ").append(role).append(";\n    ").append(line).append('\n')
                        .append("    PERFORM set_config('dockstart.created_roles', concat_ws(',', nullif(current_setting('dockstart.created_roles', true), ''), to_regrole(")
                        .append(lit(role)).append(")::oid::text), false);\n")
                        .append("    RAISE WARNING 'dockstart: created role % (without a password)', ").append(lit(role)).append(";\n")
                        .append("  END IF;\nEXCEPTION WHEN insufficient_privilege THEN\n  RAISE WARNING 'dockstart: could not create role %: %', ")
                        .append(lit(role)).append(", SQLERRM;\nEND\n$dockstart$;\n");
                role = null;
            } else if (line.startsWith("GRANT ")) {
                String granted = ident(line.substring(6));
                String rest = granted == null ? "" : line.substring(6 + granted.length());
                String member = rest.startsWith(" TO ") ? ident(rest.substring(4)) : null;
                if (member != null) {
                    out.append("DO $dockstart$\nBEGIN\n  IF to_regrole(").append(lit(granted))
                            .append(")::oid::text = ANY (string_to_array(current_setting('dockstart.created_roles', true), ','))\n")
                            .append("     OR to_regrole(").append(lit(member))
                            .append(")::oid::text = ANY (string_to_array(current_setting('dockstart.created_roles', true), ',')) THEN\n")
                            .append("    ").append(line).append('\n')
                            .append("  END IF;\nEXCEPTION WHEN insufficient_privilege OR undefined_object THEN\n")
                            .append("  RAISE WARNING 'dockstart: could not grant a role membership: %', SQLERRM;\nEND\n$dockstart$;\n");
                }
            }
        }
        return out.append("\n-- end of the roles (dockstart)\n\n").toString();
    }

    /** The role name as pg_dumpall printed it: "quoted" (with "" inside) or plain. */
    private static String ident(String text) {
        Matcher m = IDENT.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String lit(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
